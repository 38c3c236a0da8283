package dev.sluice.precheck.checks;

import static dev.sluice.precheck.checks.Specs.FULL_ONLY;
import static dev.sluice.precheck.checks.Specs.destination;
import static dev.sluice.precheck.checks.Specs.run;
import static dev.sluice.precheck.checks.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.SyncTypes;
import dev.sluice.v1.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * destination.* checks against a PostgreSQL database of this class (sluice_pc_dest) and a role without
 * privileges (sluice_pc_limited); the source is a MariaDB database of the same name with tables a and b.
 * Each test maps the source to its own target schema, so tests do not see each other's objects.
 */
class DestinationChecksTest {

    static final String DB = "sluice_pc_dest";
    static final String LIMITED = "sluice_pc_limited";
    static final String LIMITED_PASSWORD = "Pc-Limited-Secret-1";

    @BeforeAll
    static void create() throws SQLException {
        dropRole();
        Specs.db().recreatePgDatabase(DB);
        try (Connection c = Specs.db().pg(DB); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + LIMITED + " LOGIN PASSWORD '" + LIMITED_PASSWORD + "'");
        }
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB);
            st.execute("CREATE TABLE " + DB + ".a (id int PRIMARY KEY)");
            st.execute("CREATE TABLE " + DB + ".b (id int PRIMARY KEY)");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Connection c = Specs.db().pg("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
        dropRole();
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
        }
    }

    /** Parameter grants live outside any database: revoke them, or the role cannot be dropped. */
    static void dropRole() throws SQLException {
        try (Connection c = Specs.db().pg("postgres"); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + LIMITED + "') THEN "
                    + "REVOKE SET ON PARAMETER session_replication_role FROM " + LIMITED + "; END IF; END $$");
            st.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            st.execute("DROP ROLE IF EXISTS " + LIMITED);
        }
    }

    static void sql(String... statements) throws SQLException {
        try (Connection c = Specs.db().pg(DB); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** The source database mapped to {@code schema}. */
    static TaskSpec.Builder into(String schema) {
        return spec(DatabaseSelection.newBuilder().setDatabase(DB).setRename(schema).build()).setDestination(destination(DB));
    }

    static TaskSpec.Builder limited(String schema) {
        return into(schema).setDestination(destination(DB).toBuilder().setUser(LIMITED).setPassword(LIMITED_PASSWORD));
    }

    // ---------------------------------------------------------------- destination.version

    @Test
    void theLocalPostgreSqlIsSupported() {
        CheckResult r = run(new DestinationVersionCheck(), into("v"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).matches("found PostgreSQL 1[5-9]\\..*");
    }

    @Test
    void postgreSqlBeforeTwelveFails() {
        CheckResult r = new DestinationVersionCheck().evaluate(110022, "11.22");
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("found PostgreSQL 11.22 (server_version_num 110022); 12 or later is required");
        assertThat(new DestinationVersionCheck().evaluate(120000, "12.0").getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    // ---------------------------------------------------------------- destination.privileges

    @Test
    void aSuperuserMayCreateEverything() {
        CheckResult r = run(new DestinationPrivilegesCheck(), into("p_super"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("sluice is a superuser; may create schema p_super in database sluice_pc_dest");
    }

    @Test
    void creatingAMissingSchemaNeedsCreateOnTheDatabase() throws SQLException {
        CheckResult r = run(new DestinationPrivilegesCheck(), limited("p_missing"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("schema p_missing does not exist and sluice_pc_limited lacks CREATE on database sluice_pc_dest "
                + "to create it");
        assertThat(r.getFix()).isEqualTo("as the owner or a superuser of the destination, run: GRANT CREATE ON DATABASE \"sluice_pc_dest\" "
                + "TO \"sluice_pc_limited\";");
        sql(r.getFix().substring(r.getFix().indexOf("GRANT")));
        try {
            CheckResult after = run(new DestinationPrivilegesCheck(), limited("p_missing"));
            assertThat(after.getStatus()).isEqualTo(CheckStatus.PASSED);
            assertThat(after.getDetails()).isEqualTo("sluice_pc_limited may create schema p_missing in database sluice_pc_dest");
        } finally {
            sql("REVOKE CREATE ON DATABASE " + DB + " FROM " + LIMITED);
        }
    }

    @Test
    void anExistingSchemaNeedsUsageAndCreateOrOwnership() throws SQLException {
        sql("CREATE SCHEMA p_theirs", "CREATE SCHEMA p_mine AUTHORIZATION " + LIMITED);
        CheckResult r = run(new DestinationPrivilegesCheck(), limited("p_theirs"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("sluice_pc_limited lacks USAGE and CREATE on schema p_theirs (owned by sluice)");
        assertThat(r.getFix()).contains("GRANT USAGE, CREATE ON SCHEMA \"p_theirs\" TO \"sluice_pc_limited\";",
                "ALTER SCHEMA \"p_theirs\" OWNER TO \"sluice_pc_limited\";");

        sql("GRANT USAGE ON SCHEMA p_theirs TO " + LIMITED);
        assertThat(run(new DestinationPrivilegesCheck(), limited("p_theirs")).getDetails())
                .isEqualTo("sluice_pc_limited lacks CREATE on schema p_theirs (owned by sluice)");
        // without schema synchronization nothing is created: USAGE is enough
        assertThat(run(new DestinationPrivilegesCheck(), limited("p_theirs").setTypes(SyncTypes.newBuilder().setFull(true))).getStatus())
                .isEqualTo(CheckStatus.PASSED);

        CheckResult owner = run(new DestinationPrivilegesCheck(), limited("p_mine"));
        assertThat(owner.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(owner.getDetails()).isEqualTo("sluice_pc_limited owns schema p_mine");
    }

    // ---------------------------------------------------------------- destination.session_replication_role

    @Test
    void aSuperuserMaySetSessionReplicationRole() {
        CheckResult r = run(new ReplicationRoleCheck(), into("r"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("sluice is a superuser");
    }

    @Test
    void otherAccountsNeedSetOnTheParameter() throws SQLException {
        CheckResult r = run(new ReplicationRoleCheck(), limited("r"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).startsWith("sluice_pc_limited may not set session_replication_role (")
                .contains("permission denied to set parameter \"session_replication_role\"");
        assertThat(r.getFix()).isEqualTo("as a superuser, run: GRANT SET ON PARAMETER session_replication_role TO \"sluice_pc_limited\";");
        sql(r.getFix().substring(r.getFix().indexOf("GRANT")));
        try {
            CheckResult after = run(new ReplicationRoleCheck(), limited("r"));
            assertThat(after.getStatus()).isEqualTo(CheckStatus.PASSED);
            assertThat(after.getDetails()).isEqualTo("sluice_pc_limited holds SET on parameter session_replication_role");
        } finally {
            sql("REVOKE SET ON PARAMETER session_replication_role FROM " + LIMITED);
        }
    }

    // ---------------------------------------------------------------- destination.conflicting_tables

    @Test
    void noExistingTargetTablePasses() {
        CheckResult r = run(new ConflictingTablesCheck(), into("c_none"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("none of the 2 target tables exists yet in database sluice_pc_dest");
    }

    @Test
    void existingTargetTablesFailWhenReportedAndWarnWhenIgnored() throws SQLException {
        sql("CREATE SCHEMA c_some", "CREATE TABLE c_some.a (id int PRIMARY KEY)");
        CheckResult report = run(new ConflictingTablesCheck(), into("c_some"));
        assertThat(report.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.getDetails()).isEqualTo("1 target table already exists in database sluice_pc_dest: c_some.a (from sluice_pc_dest.a)");
        assertThat(report.getFix()).contains("conflictingTables: ignore", "rename");

        CheckResult ignore = run(new ConflictingTablesCheck(), into("c_some").setConflictingTables("ignore"));
        assertThat(ignore.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(ignore.getDetails()).startsWith("conflictingTables: ignore: 1 existing table is kept and written into: "
                + "c_some.a (from sluice_pc_dest.a).");

        // mapping the table elsewhere resolves the conflict
        TaskSpec renamed = spec(DatabaseSelection.newBuilder().setDatabase(DB).setRename("c_some")
                .addTables(Specs.table("a").setRename("a2")).addTables(Specs.table("b")).build()).setDestination(destination(DB)).build();
        assertThat(run(new ConflictingTablesCheck(), renamed).getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void ignoredTablesMustBeWritableTables() throws SQLException {
        sql("CREATE SCHEMA c_odd", "CREATE TABLE c_odd.a (id int PRIMARY KEY)", "CREATE VIEW c_odd.b AS SELECT 1 AS id");
        CheckResult r = run(new ConflictingTablesCheck(), into("c_odd").setConflictingTables("ignore"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("Sluice would write into existing relations it cannot use: "
                + "c_odd.b (from sluice_pc_dest.b) is not a table (pg_class.relkind 'v')");

        sql("DROP VIEW c_odd.b");
        CheckResult limited = run(new ConflictingTablesCheck(), limited("c_odd").setConflictingTables("ignore"));
        assertThat(limited.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(limited.getDetails()).isEqualTo("Sluice would write into existing relations it cannot use: "
                + "c_odd.a (from sluice_pc_dest.a): the account lacks SELECT, INSERT, UPDATE or DELETE on it");
    }

    @Test
    void withoutSchemaSynchronizationTheTablesMustExist() throws SQLException {
        sql("CREATE SCHEMA c_nosync", "CREATE TABLE c_nosync.a (id int PRIMARY KEY)");
        TaskSpec.Builder noSchema = into("c_nosync").setTypes(SyncTypes.newBuilder().setFull(true).setIncremental(true));
        CheckResult r = run(new ConflictingTablesCheck(), noSchema);
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("schema synchronization is off, so Sluice writes into existing tables, but 1 target table does "
                + "not exist in database sluice_pc_dest: c_nosync.b (from sluice_pc_dest.b)");
        sql("CREATE TABLE c_nosync.b (id int PRIMARY KEY)");
        CheckResult after = run(new ConflictingTablesCheck(), noSchema);
        assertThat(after.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(after.getDetails()).isEqualTo("schema synchronization is off and all 2 target tables exist in database sluice_pc_dest");
        assertThat(run(new ConflictingTablesCheck(), into("c_nosync").setTypes(FULL_ONLY)).getStatus()).isEqualTo(CheckStatus.FAILED);
    }
}
