package dev.sluice.apply.task;

import dev.sluice.apply.schema.ConflictingTablesException;
import dev.sluice.apply.schema.DdlPlan;
import dev.sluice.apply.schema.DdlPlanner;
import dev.sluice.apply.schema.SchemaApplier;
import dev.sluice.apply.schema.TargetTable;
import dev.sluice.v1.PositionRequest;
import dev.sluice.v1.SourcePosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Schema synchronization, and the incremental start position. The tables are created, and the
 * source position P0 recorded, in one destination transaction: incremental sync later replays from
 * P0, which was read before the first chunk of the full copy.
 */
final class SchemaPhase {

    private final TaskContext ctx;

    SchemaPhase(TaskContext ctx) {
        this.ctx = ctx;
    }

    /** Creates tables (keys, defaults, identities) and stores P0; the task continues with FULL. */
    void run(Connection pg) throws SQLException {
        if (!ctx.spec.getTypes().getSchema()) {
            inTransaction(pg, () -> ctx.checkpoints.write(pg, ctx.taskId, Phases.FULL, sourcePosition()));
            return;
        }
        DdlPlan plan = plan();
        try {
            SchemaApplier.applyBeforeCopy(pg, plan, ctx.spec.getConflictingTables(), created -> {
                ctx.checkpoints.write(pg, ctx.taskId, Phases.FULL, sourcePosition());
                ctx.checkpoints.writeCreatedTables(pg, ctx.taskId, created.stream().map(TargetTable::sql).toList());
                ctx.usage.add(pg, ctx.taskId, Phases.SCHEMA, created.size(), 0);
            });
        } catch (ConflictingTablesException e) {
            throw new FatalTaskException(e.getMessage(), e);
        }
    }

    /** After the copy: secondary indexes, checks and foreign keys of the tables this task created. */
    void finishAfterFull(Connection pg, SourcePosition p0) throws SQLException {
        String next = ctx.spec.getTypes().getIncremental() ? Phases.INCREMENTAL : Phases.DONE;
        if (!ctx.spec.getTypes().getSchema()) {
            inTransaction(pg, () -> ctx.checkpoints.write(pg, ctx.taskId, next, p0));
            return;
        }
        Set<String> created = new HashSet<>(ctx.checkpoints.createdTables(pg, ctx.taskId));
        DdlPlan plan = plan();
        List<TargetTable> ours = plan.targetTables().stream().filter(t -> created.contains(t.sql())).toList();
        List<String> refused = SchemaApplier.applyAfterCopy(pg, plan.only(ours), r -> ctx.checkpoints.write(pg, ctx.taskId, next, p0));
        refused.forEach(ctx.progress::warn);
    }

    private DdlPlan plan() {
        DdlPlan plan;
        try {
            plan = DdlPlanner.plan(ctx.tables);
        } catch (IllegalArgumentException e) {
            throw new FatalTaskException("schema: " + e.getMessage(), e);
        }
        plan.warnings().forEach(ctx.progress::warn);
        return plan;
    }

    private SourcePosition sourcePosition() {
        return ctx.capture().getSourcePosition(PositionRequest.newBuilder().setTaskId(ctx.taskId).setSpec(ctx.spec).build());
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection pg, SqlWork work) throws SQLException {
        pg.setAutoCommit(false);
        try {
            work.run();
            pg.commit();
        } catch (SQLException | RuntimeException e) {
            pg.rollback();
            throw e;
        } finally {
            pg.setAutoCommit(true);
        }
    }
}
