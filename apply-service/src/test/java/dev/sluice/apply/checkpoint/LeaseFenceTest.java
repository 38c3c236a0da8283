package dev.sluice.apply.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.SourcePosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas of one task against a real PostgreSQL: the one whose lease was taken over cannot commit. */
class LeaseFenceTest {

    private static final String DB = "sluice_test_lease_fence";
    private static final String TASK = "t-lease";
    private static final SourcePosition P1 = SourcePosition.newBuilder().setGtidSet("0-1-10").build();
    private static final SourcePosition P2 = SourcePosition.newBuilder().setGtidSet("0-1-20").build();

    private LocalDatabases dbs;
    private Connection oldOwner;
    private Connection newOwner;

    @BeforeEach
    void freshDatabase() throws Exception {
        dbs = LocalDatabases.get();
        dbs.recreatePgDatabase(DB);
        oldOwner = dbs.pg(DB);
        newOwner = dbs.pg(DB);
        new CheckpointStore("sluice").ensureTables(oldOwner);
        try (Statement st = oldOwner.createStatement()) {
            st.execute("CREATE TABLE rows_written (id int PRIMARY KEY, by_epoch bigint)");
        }
    }

    @AfterEach
    void close() throws Exception {
        oldOwner.close();
        newOwner.close();
    }

    /** One destination transaction of the task: a row and the checkpoint, as the incremental phase writes them. */
    private static void writeRowAndCheckpoint(Connection c, LeaseFence fence, int id, SourcePosition p) throws Exception {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO rows_written VALUES (" + id + ", " + fence.epoch() + ")");
            new CheckpointStore("sluice", fence).write(c, TASK, "INCREMENTAL", p);
            c.commit();
        } catch (Exception e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    @Test
    void aStaleEpochCannotCommitOnceAHigherOneClaimedTheTask() throws Exception {
        LeaseFence a = new LeaseFence("sluice", TASK, 1, "apply-a");
        a.claim(oldOwner);
        writeRowAndCheckpoint(oldOwner, a, 1, P1);

        LeaseFence b = new LeaseFence("sluice", TASK, 2, "apply-b");
        b.claim(newOwner);

        assertThatThrownBy(() -> writeRowAndCheckpoint(oldOwner, a, 2, P2))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("epoch 1").hasMessageContaining("epoch 2");
        writeRowAndCheckpoint(newOwner, b, 3, P2);

        try (Statement st = newOwner.createStatement(); ResultSet rs = st.executeQuery("SELECT string_agg(id || ':' || by_epoch, ',' ORDER BY id) FROM rows_written")) {
            rs.next();
            assertThat(rs.getString(1)).as("the stale replica's row was rolled back with its checkpoint").isEqualTo("1:1,3:2");
        }
        CheckpointStore.Checkpoint cp = new CheckpointStore("sluice").read(newOwner, TASK).orElseThrow();
        assertThat(cp.leaseEpoch()).isEqualTo(2);
        assertThat(cp.position()).isEqualTo(P2);
        try (Statement st = newOwner.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT epoch, replica, last_commit_at IS NOT NULL, last_commit_at <= (SELECT claimed_at FROM sluice.task_lease WHERE task_id = '"
                        + TASK + "') FROM sluice.lease_history WHERE task_id = '" + TASK + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("apply-a");
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.getBoolean(4)).as("epoch 1 last committed before epoch 2 claimed the task").isTrue();
        }
    }

    @Test
    void aLowerEpochCannotClaimAndTheSameRunnerMayClaimAgain() throws Exception {
        LeaseFence b = new LeaseFence("sluice", TASK, 5, "apply-b");
        b.claim(newOwner);
        assertThatThrownBy(() -> new LeaseFence("sluice", TASK, 4, "apply-a").claim(oldOwner))
                .isInstanceOf(LeaseLostException.class);
        // a runner retrying after a failure claims its own epoch again
        b.claim(newOwner);
        writeRowAndCheckpoint(newOwner, b, 1, P1);
    }

    @Test
    void twoRunnersOfOneEpochNeverWriteAtOnce() throws Exception {
        // two processes control-service cannot tell apart (two pods behind one address, say) given the same epoch
        LeaseFence first = new LeaseFence("sluice", TASK, 3, "apply:9104");
        LeaseFence second = new LeaseFence("sluice", TASK, 3, "apply:9104");
        first.claim(oldOwner);
        writeRowAndCheckpoint(oldOwner, first, 1, P1);
        second.claim(newOwner);
        assertThatThrownBy(() -> writeRowAndCheckpoint(oldOwner, first, 2, P2))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("another runner");
        writeRowAndCheckpoint(newOwner, second, 3, P2);
        try (Statement st = newOwner.createStatement(); ResultSet rs = st.executeQuery("SELECT string_agg(id::text, ',' ORDER BY id) FROM rows_written")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1,3");
        }
    }

    @Test
    void aClaimWaitsForTheOldOwnersTransactionThatAlreadyPassedTheFence() throws Exception {
        LeaseFence a = new LeaseFence("sluice", TASK, 1, "apply-a");
        a.claim(oldOwner);
        oldOwner.setAutoCommit(false);
        try (Statement st = oldOwner.createStatement()) {
            st.execute("INSERT INTO rows_written VALUES (1, 1)");
        }
        new CheckpointStore("sluice", a).write(oldOwner, TASK, "INCREMENTAL", P1);

        CompletableFuture<Void> claim = CompletableFuture.runAsync(() -> {
            try {
                new LeaseFence("sluice", TASK, 2, "apply-b").claim(newOwner);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(claim).as("the claim waits while the old owner's transaction holds the lease row").isNotDone();
        oldOwner.commit();
        oldOwner.setAutoCommit(true);
        claim.get(10, TimeUnit.SECONDS);
        assertThat(new CheckpointStore("sluice").read(newOwner, TASK).orElseThrow().position())
                .as("the new owner reads what the old one committed").isEqualTo(P1);
    }
}
