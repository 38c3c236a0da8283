package dev.sluice.precheck.checks;

import static dev.sluice.precheck.checks.Specs.destination;
import static dev.sluice.precheck.checks.Specs.runAll;
import static dev.sluice.precheck.checks.Specs.source;
import static dev.sluice.precheck.checks.Specs.spec;
import static dev.sluice.precheck.checks.Specs.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole precheck through the runner: order, ids, a clean pass, and no password in any result. */
class PrecheckRunnerTest {

    static final String DB = "sluice_pc_run";
    static final String SECRET_USER = "sluice_pc_secret";
    static final String SOURCE_SECRET = "Src-S3cret-never-print";
    static final String DESTINATION_SECRET = "Dst-S3cret-never-print";

    static final List<String> IDS = List.of("source.connectivity", "destination.connectivity", "source.version", "source.log_bin",
            "source.binlog_format", "source.binlog_row_image", "source.binlog_row_metadata", "source.log_bin_compress",
            "source.binlog_retention", "source.server_id", "source.privileges", "objects.exist", "objects.table_count", "objects.row_key",
            "objects.column_types", "objects.name_collisions", "objects.identifier_length", "objects.foreign_keys", "source.data_size",
            "destination.version", "destination.privileges", "destination.session_replication_role", "destination.conflicting_tables");

    @BeforeAll
    static void create() throws SQLException {
        drop();
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DB);
            st.execute("CREATE TABLE " + DB + ".items (id int PRIMARY KEY, name varchar(40))");
            st.execute("CREATE TABLE " + DB + ".tags (id int PRIMARY KEY, item_id int, label varchar(20), "
                    + "FOREIGN KEY (item_id) REFERENCES " + DB + ".items (id) ON DELETE CASCADE)");
            st.execute("CREATE TABLE " + DB + ".loose (note text)");
            st.execute("CREATE USER '" + SECRET_USER + "'@'%' IDENTIFIED BY '" + SOURCE_SECRET + "'");
            st.execute("GRANT SELECT ON " + DB + ".* TO '" + SECRET_USER + "'@'%'");
        }
        Specs.db().recreatePgDatabase(DB);
        try (Connection c = Specs.db().pg(DB); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + SECRET_USER + " LOGIN PASSWORD '" + DESTINATION_SECRET + "'");
            st.execute("CREATE SCHEMA " + DB);
            st.execute("CREATE TABLE " + DB + ".loose (note text)");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("DROP USER IF EXISTS '" + SECRET_USER + "'@'%'");
        }
        try (Connection c = Specs.db().pg("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            st.execute("DROP ROLE IF EXISTS " + SECRET_USER);
        }
    }

    static TaskSpec good() {
        return spec(Specs.tables(DB, "items", "tags")).setDestination(destination(DB)).build();
    }

    @Test
    void everyCheckRunsInOrderWithAStableDottedId() {
        assertThat(PrecheckRunner.checks()).extracting(Check::id).containsExactlyElementsOf(IDS);
        assertThat(IDS).allMatch(id -> id.matches("[a-z]+(\\.[a-z_]+)+")).doesNotHaveDuplicates();
        assertThat(PrecheckRunner.checks()).allSatisfy(c -> assertThat(c.title()).isNotBlank());
    }

    @Test
    void aReadyTaskPassesEveryCheck() {
        Map<String, CheckResult> r = runAll(good());
        assertThat(r.keySet()).containsExactlyElementsOf(IDS);
        assertThat(r.values()).allSatisfy(result -> {
            assertThat(result.getStatus()).as(result.toString()).isEqualTo(CheckStatus.PASSED);
            assertThat(result.getDetails()).as(result.getId()).isNotBlank();
        });
    }

    @Test
    void problemsAnywhereAreReportedTogether() {
        // the whole database brings a keyless table that also exists in PostgreSQL; the account cannot replicate
        TaskSpec spec = spec(whole(DB)).setDestination(destination(DB)).setSource(source(SECRET_USER, SOURCE_SECRET)).build();
        Map<String, CheckResult> r = runAll(spec);
        assertThat(r.get("source.privileges").getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.get("objects.row_key").getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.get("destination.conflicting_tables").getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.get("destination.conflicting_tables").getDetails()).contains("sluice_pc_run.loose (from sluice_pc_run.loose)");
        assertThat(r.get("objects.exist").getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void noResultEverShowsAPassword() {
        List<CheckResult> all = new ArrayList<>();
        TaskSpec right = spec(whole(DB)).setSource(source(SECRET_USER, SOURCE_SECRET))
                .setDestination(destination(DB).toBuilder().setUser(SECRET_USER).setPassword(DESTINATION_SECRET)).build();
        new PrecheckRunner().run(right, all::add);
        assertThat(all).anyMatch(x -> x.getStatus() == CheckStatus.FAILED); // replication, session_replication_role, schema CREATE
        TaskSpec wrong = right.toBuilder().setSource(source(SECRET_USER, SOURCE_SECRET + "x"))
                .setDestination(right.getDestination().toBuilder().setPassword(DESTINATION_SECRET + "x")).build();
        new PrecheckRunner().run(wrong, all::add);
        assertThat(all).hasSize(2 * IDS.size());
        for (CheckResult r : all) {
            assertThat(Specs.texts(r)).as(r.getId()).noneMatch(t -> t.contains(SOURCE_SECRET) || t.contains(DESTINATION_SECRET));
        }
    }

    @Test
    void driverMessagesAreScrubbed() {
        try (CheckContext ctx = new CheckContext(spec(whole(DB)).setSource(source(SECRET_USER, SOURCE_SECRET)).build())) {
            assertThat(ctx.safe("jdbc:mariadb://h/?password=" + SOURCE_SECRET + " and " + Specs.db().pgPassword()))
                    .isEqualTo("jdbc:mariadb://h/?password=****** and ******");
        }
    }
}
