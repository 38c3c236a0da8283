package dev.sluice.precheck.checks;

import static dev.sluice.precheck.checks.Specs.destination;
import static dev.sluice.precheck.checks.Specs.runAll;
import static dev.sluice.precheck.checks.Specs.source;
import static dev.sluice.precheck.checks.Specs.spec;
import static dev.sluice.precheck.checks.Specs.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.TaskSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection failures are reported in plain words, quickly, never with a password, and skip what depends on them. */
class ConnectivityTest {

    static final String WRONG_PASSWORD = "Wr0ng-Pa55word-do-not-print";
    static final List<String> SOURCE_SIDE = List.of("source.version", "source.log_bin", "source.binlog_format", "source.binlog_row_image",
            "source.binlog_row_metadata", "source.log_bin_compress", "source.binlog_retention", "source.server_id", "source.privileges",
            "objects.exist", "objects.row_key", "objects.column_types", "objects.name_collisions", "objects.identifier_length",
            "objects.foreign_keys", "source.data_size", "destination.conflicting_tables");
    static final List<String> DESTINATION_SIDE = List.of("destination.version", "destination.privileges",
            "destination.session_replication_role", "destination.conflicting_tables");

    @Test
    void bothSidesConnect() {
        Map<String, CheckResult> r = runAll(spec(whole("mysql")).build());
        assertThat(r.get("source.connectivity").getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("source.connectivity").getDetails()).isEqualTo("connected as sluice@127.0.0.1:" + Specs.db().mariaPort()
                + "; not encrypted (source.tls.mode: disabled)");
        assertThat(r.get("destination.connectivity").getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void wrongPasswordsFailInPlainWordsWithoutShowingThem() {
        TaskSpec spec = spec(whole("mysql")).setSource(source().toBuilder().setPassword(WRONG_PASSWORD))
                .setDestination(destination("target").toBuilder().setPassword(WRONG_PASSWORD + "-pg")).build();
        Map<String, CheckResult> r = runAll(spec);

        CheckResult src = r.get("source.connectivity");
        assertThat(src.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(src.getDetails()).startsWith("cannot connect as sluice@127.0.0.1:" + Specs.db().mariaPort()
                + ": the user name or password is wrong");
        assertThat(src.getFix()).isEqualTo("check source.user and source.password (or passwordEnv)");
        CheckResult dst = r.get("destination.connectivity");
        assertThat(dst.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(dst.getDetails()).contains("the user name or password is wrong");
        assertThat(r.values()).allSatisfy(result -> assertThat(Specs.texts(result)).noneMatch(t -> t.contains(WRONG_PASSWORD)));
        assertSkipped(r, DESTINATION_SIDE, "destination"); // conflicting_tables needs both: it names the destination
        assertSkipped(r, SOURCE_SIDE.stream().filter(id -> !DESTINATION_SIDE.contains(id)).toList(), "source");
    }

    @Test
    void aClosedPortIsRefusedAndTheSourceSideIsSkippedQuickly() {
        long start = System.nanoTime();
        Map<String, CheckResult> r = runAll(spec(whole("mysql")).setSource(source().toBuilder().setPort(1)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        CheckResult src = r.get("source.connectivity");
        assertThat(src.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(src.getDetails()).startsWith("cannot connect as sluice@127.0.0.1:1: connection refused");
        assertThat(src.getFix()).contains("source.host and source.port");
        assertSkipped(r, SOURCE_SIDE, "source");
        assertThat(r.get("destination.version").getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("objects.table_count").getStatus()).as("needs the task only").isEqualTo(CheckStatus.PASSED);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anUnknownHostIsNamed() {
        Map<String, CheckResult> r = runAll(spec(whole("mysql")).setDestination(destination("target").toBuilder()
                .setHost("no-such-host.invalid")).build());
        assertThat(r.get("destination.connectivity").getDetails()).contains("unknown host");
        assertSkipped(r, DESTINATION_SIDE, "destination");
        assertThat(r.get("source.version").getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void aMissingDatabaseIsNamed() {
        CheckResult r = runAll(spec(whole("mysql")).setDestination(destination("sluice_pc_no_such_db")).build())
                .get("destination.connectivity");
        assertThat(r.getDetails()).contains("the database does not exist");
        assertThat(r.getFix()).isEqualTo("create the database or fix destination.database");
    }

    @Test
    void anUnsetPasswordVariableIsAConnectionFailureNotACrash() {
        TaskSpec spec = spec(whole("mysql")).setSource(source().toBuilder().clearPassword().setPasswordEnv("SLUICE_PC_UNSET_PASSWORD_VAR"))
                .build();
        Map<String, CheckResult> r = runAll(spec);
        CheckResult src = r.get("source.connectivity");
        assertThat(src.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(src.getDetails()).contains("no password to connect with", "SLUICE_PC_UNSET_PASSWORD_VAR");
        assertThat(src.getFix()).contains("passwordEnv");
        assertThat(r).hasSize(PrecheckRunner.checks().size());
        assertSkipped(r, SOURCE_SIDE, "source");
    }

    /** 10.255.255.1 is not routed: packets vanish, so only the connect timeout ends the wait. */
    @Test
    void aBlackholedHostFailsWithinFifteenSecondsPerSide() {
        Endpoint blackhole = Endpoint.newBuilder().setHost("10.255.255.1").setUser("sluice").setPassword("x").build();
        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        List<CheckResult> results = new ArrayList<>();
        new PrecheckRunner().run(spec(whole("mysql")).setSource(blackhole.toBuilder().setPort(3306))
                .setDestination(blackhole.toBuilder().setPort(5432).setDatabase("target")).build(), r -> {
                    arrivals.add(System.nanoTime() - start);
                    results.add(r);
                });
        assertThat(results.get(0).getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(results.get(1).getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(Duration.ofNanos(arrivals.get(0))).isLessThan(Duration.ofSeconds(15));
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isLessThan(Duration.ofSeconds(15));
        // every later check reuses the two failures instead of waiting again
        assertThat(Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(1))).isLessThan(Duration.ofSeconds(2));
    }

    /** A server that accepts the connection and then says nothing: the handshake must time out too. */
    @Test
    void aSilentServerFailsWithinFifteenSecondsPerSide() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Endpoint e = Endpoint.newBuilder().setHost("127.0.0.1").setPort(silent.getLocalPort()).setUser("sluice").setPassword("x").build();
            long start = System.nanoTime();
            Map<String, CheckResult> r = runAll(spec(whole("mysql")).setSource(e).setDestination(e.toBuilder().setDatabase("target")).build());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(r.get("source.connectivity").getStatus()).isEqualTo(CheckStatus.FAILED);
            assertThat(r.get("source.connectivity").getDetails()).contains("timed out");
            assertThat(r.get("destination.connectivity").getStatus()).isEqualTo(CheckStatus.FAILED);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    static void assertSkipped(Map<String, CheckResult> results, List<String> ids, String side) {
        for (String id : ids) {
            CheckResult r = results.get(id);
            assertThat(r).as(id).isNotNull();
            assertThat(r.getStatus()).as(id).isEqualTo(CheckStatus.FAILED);
            assertThat(r.getDetails()).as(id).isEqualTo("skipped: cannot connect to the " + side);
            assertThat(r.getFix()).as(id).contains(side + ".connectivity");
        }
    }
}
