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
    /** Every key and token this stack's services were given, to be found in no log. */
    private final java.util.Set<String> secrets = new java.util.HashSet<>();
    private final String adminToken = randomToken("adm");
    private final String operatorToken = randomToken("op");
    private final String viewerToken = randomToken("view");
    private final String internalToken = randomToken("int");

    public SluiceStack(int basePort, String metaDatabase) throws Exception {
        this(basePort, metaDatabase, Map.of());
    }

    /** @param settings extra environment for every service, e.g. SLUICE_APPLY_CHUNK_ROWS */
    public SluiceStack(int basePort, String metaDatabase, Map<String, String> settings) throws Exception {
        this(basePort, metaDatabase, settings, 1);
    }

    /**
     * @param replicas how many capture-service and apply-service instances: the second ones are
     *     "capture-2" and "apply-2" on base+6 and base+7, and so on; control-service knows them all
     */
    public SluiceStack(int basePort, String metaDatabase, Map<String, String> settings, int replicas) throws Exception {
        basePort += portOffset();
        db = LocalDatabases.get();
        db.recreatePgDatabase(metaDatabase);
        createAccounts(db);
        logDir = Path.of("target", "service-logs");
        Files.createDirectories(logDir);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        env.put("SLUICE_SECRETS_KEY", Base64.getEncoder().encodeToString(key));
        // Authentication on, as in production: one token per role, and the services' internal token.
        env.put("SLUICE_AUTH_ADMIN_TOKENS", adminToken);
        env.put("SLUICE_AUTH_OPERATOR_TOKENS", operatorToken);
        env.put("SLUICE_AUTH_VIEWER_TOKENS", viewerToken);
        env.put("SLUICE_AUTH_INTERNAL_TOKEN", internalToken);
        env.put("SLUICE_META_HOST", db.pgHost());
        env.put("SLUICE_META_PORT", Integer.toString(db.pgPort()));
        env.put("SLUICE_META_DB", metaDatabase);
        env.put("SLUICE_META_USER", db.pgUser());
        env.put("SLUICE_META_PASSWORD", db.pgPassword());
        for (int i = 0; i < SERVICES.length; i++) {
            env.put("SLUICE_" + SERVICES[i].toUpperCase() + "_PORT", Integer.toString(basePort + 1 + i));
        }
        java.util.List<String> captures = new java.util.ArrayList<>(java.util.List.of("127.0.0.1:" + (basePort + 3)));
        java.util.List<String> applies = new java.util.ArrayList<>(java.util.List.of("127.0.0.1:" + (basePort + 4)));
        for (int r = 2; r <= replicas; r++) {
            captures.add("127.0.0.1:" + (basePort + 2 * r + 2));
            applies.add("127.0.0.1:" + (basePort + 2 * r + 3));
        }
        if (replicas > 1) {
            env.put("SLUICE_CAPTURE_ADDRESSES", String.join(",", captures));
            env.put("SLUICE_APPLY_ADDRESSES", String.join(",", applies));
        }
        env.putAll(settings);
        secrets.addAll(java.util.List.of(SOURCE_PASSWORD, DESTINATION_PASSWORD, env.get("SLUICE_SECRETS_KEY"), adminToken, operatorToken,
                viewerToken, internalToken));
        for (int i = 0; i < SERVICES.length; i++) {
            services.put(SERVICES[i], new ServiceProcess(db.repoRoot(), SERVICES[i], basePort + 1 + i, env, logDir));
        }
        for (int r = 2; r <= replicas; r++) {
            services.put("capture-" + r, new ServiceProcess(db.repoRoot(), "capture", "capture-" + r, basePort + 2 * r + 2, env, logDir));
            services.put("apply-" + r, new ServiceProcess(db.repoRoot(), "apply", "apply-" + r, basePort + 2 * r + 3, env, logDir));
        }
    }

    /**
     * SLUICE_TEST_PORT_OFFSET moves every stack's ports, so that two checkouts can run the system tests
     * at once (each with its own SLUICE_MARIADB_PORT, SLUICE_PG_PORT and SLUICE_DATA_DIR).
     */
    private static int portOffset() {
        String offset = System.getenv("SLUICE_TEST_PORT_OFFSET");
        return offset == null || offset.isBlank() ? 0 : Integer.parseInt(offset.trim());
    }

    private static String randomToken(String role) {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return role + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public String adminToken() {
        return adminToken;
    }

    public String operatorToken() {
        return operatorToken;
    }

    public String viewerToken() {
        return viewerToken;
    }

    public String internalToken() {
        return internalToken;
    }

    /** A blocking stub of any service that sends the admin token, as the test clients do. */
    public static <S extends io.grpc.stub.AbstractStub<S>> S withToken(S stub, String token) {
        return stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(dev.sluice.auth.BearerToken.header(token)));
    }

    public SluiceStack start() throws Exception {
        // The CLI, run in-process by the tests, finds the admin token in a config file of this stack.
        Path cliConfig = Path.of("target", "cli-" + services.get("control").port() + ".yaml");
        Files.writeString(cliConfig, "token: " + adminToken + "\n" + (PemTrust.on(env) ? "tlsCa: " + env.get("SLUICE_TLS_CA") + "\n" : ""));
        Cli.useConfig(controlAddress(), cliConfig);
        try {
            for (ServiceProcess p : services.values()) {
                p.start();
            }
            for (ServiceProcess p : services.values()) {
                p.awaitHealthy(Duration.ofSeconds(120));
            }
        } catch (Exception | AssertionError e) {
            // the caller never gets the stack to close: do not leave services running
            for (ServiceProcess p : services.values()) {
                p.close();
            }
            throw e;
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

    /**
     * Restarts one service with changed settings (a blank value removes one); they stay for later
     * restarts. Values of keys, passwords and tokens are remembered: close() checks no log ever showed one.
     */
    public void restart(String name, Map<String, String> changes) throws Exception {
        changes.forEach((k, v) -> {
            if (v.isBlank()) {
                env.remove(k);
            } else {
                env.put(k, v);
                if (k.matches(".*(KEY|KEYS|PASSWORD|TOKEN|TOKENS)$")) {
                    secrets.add(v);
                }
            }
        });
        restart(name);
    }

    public String setting(String name) {
        return env.get(name);
    }

    /** Restarts one service (after a kill, say) and waits for it to be UP. */
    public void restart(String name) throws Exception {
        ServiceProcess p = services.get(name);
        p.close();
        p.start();
        p.awaitHealthy(Duration.ofSeconds(120));
    }

    /** Passwords of the accounts tasks use in system tests: distinctive, so a leak is found by grep. */
    public static final String SOURCE_PASSWORD = "Src-Pw-e2e-4q7!";
    public static final String DESTINATION_PASSWORD = "Dst-Pw-e2e-9z2!";
    public static final String SOURCE_USER = "sluice_e2e";
    public static final String DESTINATION_USER = "sluice_e2e";

    /** Accounts with the passwords above (idempotent). */
    static void createAccounts(LocalDatabases db) throws java.sql.SQLException {
        try (var c = db.mariaRoot(); var st = c.createStatement()) {
            st.execute("CREATE USER IF NOT EXISTS '" + SOURCE_USER + "'@'%' IDENTIFIED BY '" + SOURCE_PASSWORD + "'");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO '" + SOURCE_USER + "'@'%'");
        }
        try (var c = db.pg("postgres"); var st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + DESTINATION_USER + "') THEN "
                    + "CREATE ROLE " + DESTINATION_USER + " LOGIN SUPERUSER PASSWORD '" + DESTINATION_PASSWORD + "'; END IF; END $$");
        }
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess p : services.values()) {
            p.close();
        }
        // Passwords never appear in logs, errors or listings: every service log of this run is checked.
        for (ServiceProcess p : services.values()) {
            if (java.nio.file.Files.exists(p.log())) {
                String log = java.nio.file.Files.readString(p.log());
                for (String secret : secrets) {
                    if (log.contains(secret)) {
                        throw new AssertionError("a password, key or token appears in " + p.log());
                    }
                }
            }
        }
    }
}
