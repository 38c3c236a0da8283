package dev.sluice.precheck.checks;

import static dev.sluice.precheck.checks.Specs.FULL_ONLY;
import static dev.sluice.precheck.checks.Specs.run;
import static dev.sluice.precheck.checks.Specs.source;
import static dev.sluice.precheck.checks.Specs.spec;
import static dev.sluice.precheck.checks.Specs.table;
import static dev.sluice.precheck.checks.Specs.tables;
import static dev.sluice.precheck.checks.Specs.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** source.privileges against dedicated accounts on the local MariaDB (created and dropped here). */
class SourcePrivilegesTest {

    static final String DB = "sluice_pc_priv";
    static final String PASSWORD = "Pc-Priv-Secret-1";
    static final List<String> USERS = List.of("sluice_pc_full", "sluice_pc_noslave", "sluice_pc_tables", "sluice_pc_roleuser",
            "sluice_pc_wild", "sluice_pc_fixme");

    @BeforeAll
    static void createAccounts() throws SQLException {
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            dropAll(st);
            st.execute("CREATE DATABASE " + DB);
            for (String t : List.of("t1", "t2", "t3")) {
                st.execute("CREATE TABLE " + DB + "." + t + " (id int PRIMARY KEY, secret varchar(10))");
            }
            for (String u : USERS) {
                st.execute("CREATE USER '" + u + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            }
            st.execute("GRANT SELECT ON " + DB + ".* TO 'sluice_pc_full'@'%'");
            st.execute("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'sluice_pc_full'@'%'");
            st.execute("GRANT SELECT ON " + DB + ".* TO 'sluice_pc_noslave'@'%'");
            st.execute("GRANT BINLOG MONITOR ON *.* TO 'sluice_pc_noslave'@'%'");
            st.execute("GRANT SELECT ON " + DB + ".t1 TO 'sluice_pc_tables'@'%'");
            st.execute("GRANT SELECT (id) ON " + DB + ".t2 TO 'sluice_pc_tables'@'%'");
            st.execute("CREATE ROLE sluice_pc_role");
            st.execute("GRANT SELECT ON " + DB + ".* TO sluice_pc_role");
            st.execute("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO sluice_pc_role");
            st.execute("GRANT sluice_pc_role TO 'sluice_pc_roleuser'@'%'");
            st.execute("SET DEFAULT ROLE sluice_pc_role FOR 'sluice_pc_roleuser'@'%'");
            st.execute("GRANT SELECT ON `sluice\\_pc\\_pr%`.* TO 'sluice_pc_wild'@'%'");
            st.execute("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'sluice_pc_wild'@'%'");
        }
    }

    @AfterAll
    static void dropAccounts() throws SQLException {
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            dropAll(st);
        }
    }

    static void dropAll(Statement st) throws SQLException {
        for (String u : USERS) {
            st.execute("DROP USER IF EXISTS '" + u + "'@'%'");
        }
        st.execute("DROP ROLE IF EXISTS sluice_pc_role");
        st.execute("DROP DATABASE IF EXISTS " + DB);
    }

    static TaskSpec.Builder as(String user) {
        return spec(whole(DB)).setSource(source(user, PASSWORD));
    }

    @Test
    void databaseSelectAndReplicationPrivilegesPass() {
        CheckResult r = run(new SourcePrivilegesCheck(), as("sluice_pc_full"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("'sluice_pc_full'@'%' may read the selected objects and the binary log");
    }

    @Test
    void missingReplicationSlaveFailsWithTheGrantStatement() {
        CheckResult r = run(new SourcePrivilegesCheck(), as("sluice_pc_noslave"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("'sluice_pc_noslave'@'%' lacks REPLICATION SLAVE (to read the binary log)");
        assertThat(r.getFix()).isEqualTo("as an administrator, run: GRANT REPLICATION SLAVE ON *.* TO 'sluice_pc_noslave'@'%';");
        // a task without incremental sync needs SELECT only
        assertThat(run(new SourcePrivilegesCheck(), as("sluice_pc_noslave").setTypes(FULL_ONLY)).getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void tableAndColumnGrantsCountForListedTablesOnly() {
        TaskSpec.Builder listed = spec(tables(DB, table("t1").build(), table("t2").addColumns("id").build()))
                .setSource(source("sluice_pc_tables", PASSWORD)).setTypes(FULL_ONLY);
        assertThat(run(new SourcePrivilegesCheck(), listed).getStatus()).isEqualTo(CheckStatus.PASSED);

        CheckResult more = run(new SourcePrivilegesCheck(), spec(tables(DB, table("t1").build(),
                table("t2").addColumns("id").addColumns("secret").build(), table("t3").build()))
                .setSource(source("sluice_pc_tables", PASSWORD)).setTypes(FULL_ONLY));
        assertThat(more.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(more.getDetails()).isEqualTo("'sluice_pc_tables'@'%' lacks SELECT on table sluice_pc_priv.t2 (or on its selected columns); "
                + "SELECT on table sluice_pc_priv.t3");
        assertThat(more.getFix()).isEqualTo("as an administrator, run: GRANT SELECT ON `sluice_pc_priv`.`t2` TO 'sluice_pc_tables'@'%'; "
                + "GRANT SELECT ON `sluice_pc_priv`.`t3` TO 'sluice_pc_tables'@'%';");

        CheckResult whole = run(new SourcePrivilegesCheck(), as("sluice_pc_tables"));
        assertThat(whole.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(whole.getDetails()).contains("SELECT on database sluice_pc_priv (the whole database is selected",
                "REPLICATION SLAVE", "BINLOG MONITOR (or its alias REPLICATION CLIENT)");
        assertThat(whole.getFix()).isEqualTo("as an administrator, run: GRANT SELECT ON `sluice\\_pc\\_priv`.* TO 'sluice_pc_tables'@'%'; "
                + "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'sluice_pc_tables'@'%';");
    }

    @Test
    void theDefaultRolesPrivilegesCount() {
        assertThat(run(new SourcePrivilegesCheck(), as("sluice_pc_roleuser")).getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void wildcardDatabaseGrantsCount() {
        assertThat(run(new SourcePrivilegesCheck(), as("sluice_pc_wild")).getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void theFixGrantsExactlyWhatIsMissing() throws SQLException {
        CheckResult before = run(new SourcePrivilegesCheck(), as("sluice_pc_fixme"));
        assertThat(before.getStatus()).isEqualTo(CheckStatus.FAILED);
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            st.execute(before.getFix().substring("as an administrator, run: ".length()));
        }
        CheckResult after = run(new SourcePrivilegesCheck(), as("sluice_pc_fixme"));
        assertThat(after.getStatus()).as(after.toString()).isEqualTo(CheckStatus.PASSED);
        assertThat(Specs.texts(before)).noneMatch(t -> t.contains(PASSWORD));
    }
}
