package dev.sluice.precheck.checks;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB of the test's own, for server settings that cannot change at runtime (log_bin) or that
 * must not change on the shared local server while other builds and the running services use its binlog
 * (binlog_format, binlog_row_image, server_id...). Same packages as deploy/local/db.sh; started as a child
 * of the test JVM and stopped by {@link #close()}.
 */
final class ScratchMariaDb implements AutoCloseable {

    static final String USER = "sluice";
    static final String PASSWORD = "scratch-pw";

    private final Path dir;
    private final int port;
    private final Process process;

    private ScratchMariaDb(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** A server with the binlog settings Sluice needs. */
    static ScratchMariaDb withBinlog() {
        return start(true);
    }

    /** A server without a binary log (log_bin cannot be switched on at runtime). */
    static ScratchMariaDb withoutBinlog() {
        return start(false);
    }

    private static ScratchMariaDb start(boolean binlog) {
        LocalDatabases.get(); // installs the MariaDB packages when missing
        try {
            Path dir = Files.createTempDirectory("sluice-precheck-mariadb");
            String osUser = System.getProperty("user.name");
            run(List.of(binary("mariadb-install-db"), "--no-defaults", "--datadir=" + dir.resolve("data"), "--user=" + osUser,
                    "--auth-root-authentication-method=normal", "--skip-test-db"), dir.resolve("install.log"));
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(binary("mariadbd"), "--no-defaults", "--datadir=" + dir.resolve("data"),
                    "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("m.sock"), "--pid-file=" + dir.resolve("m.pid"),
                    "--log-error=" + dir.resolve("error.log"), "--user=" + osUser, "--server-id=1",
                    "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci"));
            if (binlog) {
                cmd.addAll(List.of("--log-bin=" + dir.resolve("mysql-bin"), "--binlog-format=ROW", "--binlog-row-image=FULL",
                        "--binlog-row-metadata=FULL"));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            ScratchMariaDb db = new ScratchMariaDb(dir, port, p);
            db.awaitReady();
            try (Connection c = db.root(); Statement st = c.createStatement()) {
                st.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
                st.execute("GRANT ALL ON *.* TO '" + USER + "'@'%'");
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection root() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
    }

    Endpoint endpoint() {
        return Endpoint.newBuilder().setHost("127.0.0.1").setPort(port).setUser(USER).setPassword(PASSWORD).build();
    }

    /** SET GLOBAL as root. */
    void setGlobal(String variable, String value) throws SQLException {
        try (Connection c = root(); Statement st = c.createStatement()) {
            st.execute("SET GLOBAL " + variable + " = " + value);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                break;
            }
            try (Connection c = root()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        String log = Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "(no log)";
        close();
        throw new IllegalStateException("scratch MariaDB did not start: " + (last == null ? "process exited" : last.getMessage()) + "\n" + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }

    private static String binary(String name) {
        for (String folder : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(folder, name))) {
                return Path.of(folder, name).toString();
            }
        }
        throw new IllegalStateException(name + " not found (deploy/local/db.sh installs MariaDB from Debian's packages)");
    }

    private static void run(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
