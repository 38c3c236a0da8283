package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's least-privilege accounts, exactly: a MariaDB user with only the documented grants and a
 * PostgreSQL non-superuser with only the documented grants take a task through its prechecks, schema,
 * full copy and binlog.
 */
class LeastPrivilegeSystemTest {

    static final String SOURCE_USER = "sluice_least";
    static final String SOURCE_PASSWORD = "Least-Src-Pw-8k1!";
    static final String DESTINATION_USER = "sluice_least";
    static final String DESTINATION_PASSWORD = "Least-Dst-Pw-3m5!";
    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(20300, "sluice_meta_least").start();
        db = stack.db();
        db.recreatePgDatabase("e2e_target");
        driver = new TaskDriver(stack);
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    static void run(Connection c, String... sql) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @Test
    void theDocumentedGrantsAreEnoughForSchemaFullAndIncremental() throws Exception {
        try (Connection m = db.mariaRoot()) {
            run(m, "DROP DATABASE IF EXISTS e2e_least", "CREATE DATABASE e2e_least",
                    "CREATE TABLE e2e_least.parent (id INT PRIMARY KEY, name VARCHAR(20))",
                    "CREATE TABLE e2e_least.child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES e2e_least.parent (id) ON DELETE CASCADE)",
                    "INSERT INTO e2e_least.parent VALUES (1, 'a'), (2, 'b')", "INSERT INTO e2e_least.child VALUES (10, 1), (20, 2)",
                    // README, "Least privilege": the source account
                    "DROP USER IF EXISTS '" + SOURCE_USER + "'@'%'",
                    "CREATE USER '" + SOURCE_USER + "'@'%' IDENTIFIED BY '" + SOURCE_PASSWORD + "'",
                    "GRANT SELECT, REFERENCES ON e2e_least.* TO '" + SOURCE_USER + "'@'%'",
                    "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + SOURCE_USER + "'@'%'");
        }
        try (Connection p = db.pg("postgres")) {
            // README, "Least privilege": the destination account (no superuser)
            run(p, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + DESTINATION_USER + "') THEN "
                            + "CREATE ROLE " + DESTINATION_USER + " LOGIN; END IF; END $$",
                    "ALTER ROLE " + DESTINATION_USER + " NOSUPERUSER NOCREATEDB NOCREATEROLE LOGIN PASSWORD '" + DESTINATION_PASSWORD + "'",
                    "GRANT CONNECT, CREATE ON DATABASE e2e_target TO " + DESTINATION_USER,
                    "GRANT SET ON PARAMETER session_replication_role TO " + DESTINATION_USER);
        }
        String yaml = TaskDriver.yaml(db, "least", "- database: e2e_least", "")
                .replace("user: " + SluiceStack.SOURCE_USER + ", password: " + SluiceStack.SOURCE_PASSWORD,
                        "user: " + SOURCE_USER + ", password: " + SOURCE_PASSWORD)
                .replace("user: " + SluiceStack.DESTINATION_USER + ", password: " + SluiceStack.DESTINATION_PASSWORD,
                        "user: " + DESTINATION_USER + ", password: " + DESTINATION_PASSWORD);
        assertThat(yaml).contains(SOURCE_PASSWORD).contains(DESTINATION_PASSWORD);
        String id = driver.createAndStart(dir, yaml);
        driver.waitFor(id, "incremental", 120);
        try (Connection m = db.mariaRoot()) {
            run(m, "INSERT INTO e2e_least.parent VALUES (3, 'c')", "INSERT INTO e2e_least.child VALUES (30, 3)",
                    "UPDATE e2e_least.parent SET name = 'bb' WHERE id = 2", "DELETE FROM e2e_least.parent WHERE id = 1");
        }
        driver.awaitEqual(db, "e2e_least", "e2e_least", List.of("parent", "child"), Duration.ofSeconds(60));
        Cli.Result show = Cli.run(stack.controlAddress(), "task", "show", id);
        assertThat(show.out()).contains("RUNNING, phase INCREMENTAL");
    }
}
