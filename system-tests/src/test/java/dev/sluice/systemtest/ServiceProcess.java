package dev.sluice.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service as a child process of the test (so SIGKILL and waiting for it are reliable). */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> env;
    private Process process;

    ServiceProcess(Path root, String name, int port, Map<String, String> env, Path logDir) {
        this(root, name, name, port, env, logDir);
    }

    /** @param module the service it runs (capture, apply, ...); name tells replicas of it apart */
    ServiceProcess(Path root, String module, String name, int port, Map<String, String> env, Path logDir) {
        this.name = name;
        this.port = port;
        this.jar = root.resolve(module + "-service/target/quarkus-app/quarkus-run.jar");
        this.log = logDir.resolve(name + "-" + port + ".log");
        this.env = env;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public synchronized ServiceProcess start() throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn install)");
        }
        String heap = env.getOrDefault("SLUICE_TEST_HEAP_" + name.toUpperCase(), "512m");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        Process started = process;
        // If the test JVM ends without closing us (a crash, a kill), the service goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        return this;
    }

    public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // With TLS on, health is https on the same port, checked against the stack's CA.
        boolean tls = PemTrust.on(env);
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls) {
            try {
                hb.sslContext(PemTrust.context(Path.of(env.get("SLUICE_TLS_CA"))));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read SLUICE_TLS_CA " + env.get("SLUICE_TLS_CA") + ": " + e.getMessage(), e);
            }
        }
        HttpClient http = hb.build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + "-service exited during start-up (exit " + process.exitValue() + "):\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + "/q/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().replace(" ", "").contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + "-service not UP after " + timeout + ":\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    /** SIGKILL, as a crash would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGSTOP: the process keeps its connections but does nothing, as a hung or partitioned replica. */
    public synchronized void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    public synchronized void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
