package dev.sluice.systemtest;

import dev.sluice.testkit.LocalDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The five services on their own ports (base+1 .. base+5), each a separate process, against the local
 * MariaDB and PostgreSQL. Each stack uses its own metadata database, so test classes do not share tasks.
 */
public final class SluiceStack implements AutoCloseable {

    public static final String[] SERVICES = {"control", "precheck", "capture", "apply", "billing"};

    private final LocalDatabases db;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Path logDir;

    public SluiceStack(int basePort, String metaDatabase) throws Exception {
        this(basePort, metaDatabase, Map.of());
    }

    /** @param settings extra environment for every service, e.g. SLUICE_APPLY_CHUNK_ROWS */
    public SluiceStack(int basePort, String metaDatabase, Map<String, String> settings) throws Exception {
        db = LocalDatabases.get();
        db.recreatePgDatabase(metaDatabase);
        logDir = Path.of("target", "service-logs");
        Files.createDirectories(logDir);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        env.put("SLUICE_SECRETS_KEY", Base64.getEncoder().encodeToString(key));
        env.put("SLUICE_META_HOST", db.pgHost());
        env.put("SLUICE_META_PORT", Integer.toString(db.pgPort()));
        env.put("SLUICE_META_DB", metaDatabase);
        env.put("SLUICE_META_USER", db.pgUser());
        env.put("SLUICE_META_PASSWORD", db.pgPassword());
        for (int i = 0; i < SERVICES.length; i++) {
            env.put("SLUICE_" + SERVICES[i].toUpperCase() + "_PORT", Integer.toString(basePort + 1 + i));
        }
        env.putAll(settings);
        for (int i = 0; i < SERVICES.length; i++) {
            services.put(SERVICES[i], new ServiceProcess(db.repoRoot(), SERVICES[i], basePort + 1 + i, env, logDir));
        }
    }

    public SluiceStack start() throws Exception {
        for (ServiceProcess p : services.values()) {
            p.start();
        }
        for (ServiceProcess p : services.values()) {
            p.awaitHealthy(Duration.ofSeconds(120));
        }
        return this;
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public String controlAddress() {
        return "127.0.0.1:" + services.get("control").port();
    }

    public LocalDatabases db() {
        return db;
    }

    public Path logDir() {
        return logDir;
    }

    /** Restarts one service (after a kill, say) and waits for it to be UP. */
    public void restart(String name) throws Exception {
        ServiceProcess p = services.get(name);
        p.close();
        p.start();
        p.awaitHealthy(Duration.ofSeconds(120));
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess p : services.values()) {
            p.close();
        }
    }
}
