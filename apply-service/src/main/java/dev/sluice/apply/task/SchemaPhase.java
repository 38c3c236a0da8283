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
            inTransaction(pg, () -> {
                ctx.checkpoints.write(pg, ctx.taskId, Phases.FULL, sourcePosition());
                ctx.checkpoints.writeKnownTables(pg, ctx.taskId, names(ctx.tables));
            });
            return;
        }
        DdlPlan plan = plan(pg, ctx.tables);
        try {
            SchemaApplier.applyBeforeCopy(pg, plan, ctx.spec.getConflictingTables(), created -> {
                ctx.checkpoints.write(pg, ctx.taskId, Phases.FULL, sourcePosition());
                ctx.checkpoints.writeCreatedTables(pg, ctx.taskId, created.stream().map(TargetTable::sql).toList());
                ctx.checkpoints.writeKnownTables(pg, ctx.taskId, names(ctx.tables));
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
        DdlPlan plan = plan(pg, ctx.tables);
        List<TargetTable> ours = plan.targetTables().stream().filter(t -> created.contains(t.sql())).toList();
        List<String> refused = SchemaApplier.applyAfterCopy(pg, plan.only(ours), r -> ctx.checkpoints.write(pg, ctx.taskId, next, p0));
        refused.forEach(ctx.progress::warn);
    }

    static List<String> names(List<dev.sluice.v1.TableSchema> tables) {
        return tables.stream().map(t -> t.getDatabase() + "." + t.getName()).toList();
    }

    /**
     * Tables added to a running task (an UpdateTask): created, copied and indexed while the others
     * wait, then followed from the task's existing checkpoint with the rest. Replaying the changes since
     * that checkpoint over the fresh copy is idempotent, as after any full copy.
     */
    void addTables(Connection pg, List<dev.sluice.v1.TableSchema> added) throws Exception {
        List<String> created = ctx.checkpoints.createdTables(pg, ctx.taskId);
        DdlPlan plan = plan(pg, added);
        if (ctx.spec.getTypes().getSchema()) {
            List<TargetTable> existing = SchemaApplier.existingTables(pg, added);
            List<TargetTable> conflicts = existing.stream().filter(t -> !created.contains(t.sql())).toList();
            if (!conflicts.isEmpty() && !dev.sluice.model.TaskSpecRules.CONFLICT_IGNORE.equals(ctx.spec.getConflictingTables())) {
                throw new FatalTaskException("tables added to the task already exist in the destination: " + conflicts
                        + " (drop or rename them, or set conflictingTables: ignore)");
            }
            List<TargetTable> missing = plan.targetTables().stream().filter(t -> !existing.contains(t)).toList();
            SchemaApplier.applyBeforeCopy(pg, plan.only(missing), dev.sluice.model.TaskSpecRules.CONFLICT_IGNORE,
                    made -> ctx.checkpoints.addCreatedTables(pg, ctx.taskId, made.stream().map(TargetTable::sql).toList()));
        }
        if (ctx.spec.getTypes().getFull()) {
            new FullPhase(ctx).run(pg, added);
        }
        java.util.Set<String> ours = new java.util.HashSet<>(ctx.checkpoints.createdTables(pg, ctx.taskId));
        List<TargetTable> toIndex = plan.targetTables().stream().filter(t -> ours.contains(t.sql())).toList();
        List<String> refused = ctx.spec.getTypes().getSchema()
                ? SchemaApplier.applyAfterCopy(pg, plan.only(toIndex), r -> ctx.checkpoints.writeKnownTables(pg, ctx.taskId, names(ctx.tables)))
                : List.of();
        if (!ctx.spec.getTypes().getSchema()) {
            inTransaction(pg, () -> ctx.checkpoints.writeKnownTables(pg, ctx.taskId, names(ctx.tables)));
        }
        refused.forEach(ctx.progress::warn);
    }

    private DdlPlan plan(Connection pg, List<dev.sluice.v1.TableSchema> tables) throws SQLException {
        DdlPlan plan;
        try {
            plan = DdlPlanner.plan(tables, SchemaApplier.takenNames(pg, tables));
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
