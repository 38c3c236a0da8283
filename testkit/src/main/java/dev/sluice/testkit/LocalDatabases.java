package dev.sluice.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The private MariaDB and PostgreSQL of deploy/local/db.sh. Tests call {@link #get()}, which starts
 * them when they are not running (db.sh start is idempotent) or fails loudly: never a silent skip.
 */
public final class LocalDatabases {

    private static LocalDatabases instance;

    private final Path repoRoot;
    private final Map<String, String> env;
    private final Map<String, String> settings;

    private LocalDatabases(Path repoRoot, Map<String, String> env, Map<String, String> settings) {
        this.repoRoot = repoRoot;
        this.env = env;
        this.settings = settings;
    }

    public static synchronized LocalDatabases get() {
        if (instance == null) {
            Path root = RepoRoot.find();
            run(root, "start");
            instance = new LocalDatabases(root, parseEnv(run(root, "env")), Map.of());
        }
        return instance;
    }

    /**
     * A pair of servers of its own, not shared with {@link #get()}: db.sh with these settings (e.g. other
     * SLUICE_MARIADB_PORT, SLUICE_PG_PORT, SLUICE_DATA_DIR, and SLUICE_DB_TLS_DIR). The caller stops it.
     */
    public static LocalDatabases startWith(Map<String, String> settings) {
        Path root = RepoRoot.find();
        run(root, settings, "start");
        return new LocalDatabases(root, parseEnv(run(root, settings, "env")), Map.copyOf(settings));
    }

    /** Stops the servers of {@link #startWith}; the shared pair of {@link #get()} keeps running for other tests. */
    public void stop() {
        if (settings.isEmpty()) {
            throw new IllegalStateException("the shared local databases are not stopped by tests");
        }
        run(repoRoot, settings, "stop");
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public String env(String name) {
        String v = env.get(name);
        if (v == null) {
            throw new IllegalStateException("deploy/local/db.sh env did not print " + name);
        }
        return v;
    }

    public String mariaHost() {
        return env("SLUICE_MARIADB_HOST");
    }

    public int mariaPort() {
        return Integer.parseInt(env("SLUICE_MARIADB_PORT"));
    }

    public String mariaUser() {
        return env("SLUICE_MARIADB_USER");
    }

    public String mariaPassword() {
        return env("SLUICE_MARIADB_PASSWORD");
    }

    public String pgHost() {
        return env("SLUICE_PG_HOST");
    }

    public int pgPort() {
        return Integer.parseInt(env("SLUICE_PG_PORT"));
    }

    public String pgUser() {
        return env("SLUICE_PG_USER");
    }

    public String pgPassword() {
        return env("SLUICE_PG_PASSWORD");
    }

    public String mariaUrl() {
        return "jdbc:mariadb://" + mariaHost() + ":" + mariaPort() + "/";
    }

    public String pgUrl(String database) {
        return "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + database;
    }

    /** A connection as root (empty password), for tests that arrange the source. */
    public Connection mariaRoot() throws SQLException {
        return DriverManager.getConnection(mariaUrl() + "?allowMultiQueries=true", "root", "");
    }

    public Connection maria() throws SQLException {
        return DriverManager.getConnection(mariaUrl() + "?allowMultiQueries=true", mariaUser(), mariaPassword());
    }

    public Connection pg(String database) throws SQLException {
        return DriverManager.getConnection(pgUrl(database), pgUser(), pgPassword());
    }

    /** Creates (or recreates) an empty PostgreSQL database for one test class. */
    public void recreatePgDatabase(String name) throws SQLException {
        try (Connection c = pg("postgres"); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)");
            st.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        }
    }

    public static String run(Path root, String... args) {
        return run(root, Map.of(), args);
    }

    /** @param settings environment for db.sh on top of this process's own */
    public static String run(Path root, Map<String, String> settings, String... args) {
        Path script = root.resolve("deploy/local/db.sh");
        String[] cmd = new String[args.length + 1];
        cmd[0] = script.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Path err = Files.createTempFile("db-sh", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectError(err.toFile());
            pb.environment().putAll(settings);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("deploy/local/db.sh " + String.join(" ", args) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("deploy/local/db.sh " + String.join(" ", args) + " failed (exit "
                        + p.exitValue() + "):\n" + Files.readString(err) + out);
            }
            Files.deleteIfExists(err);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> parseEnv(String output) {
        Map<String, String> out = new HashMap<>();
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (l.startsWith("export ")) {
                l = l.substring("export ".length());
            }
            int eq = l.indexOf('=');
            if (eq > 0) {
                String value = l.substring(eq + 1);
                if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
                    value = value.substring(1, value.length() - 1);
                }
                out.put(l.substring(0, eq), value);
            }
        }
        return out;
    }
}
