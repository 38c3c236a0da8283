package dev.sluice.apply.task;

import dev.sluice.apply.checkpoint.CheckpointStore.Checkpoint;
import dev.sluice.apply.checkpoint.LeaseLostException;
import dev.sluice.model.Secrets;
import dev.sluice.v1.SchemaRequest;
import dev.sluice.v1.SchemaResponse;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import dev.sluice.v1.TableSchema;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one task on its own thread: reads the checkpoint from the destination and continues from
 * there, schema → full → incremental, retrying failures inside the task's retry windows.
 */
final class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);

    private final TaskContext ctx;
    private final Thread thread;

    TaskRunner(TaskContext ctx) {
        this.ctx = ctx;
        this.thread = new Thread(this::runLoop, "task-" + ctx.taskId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        ctx.stop();
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(20));
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    TaskContext context() {
        return ctx;
    }

    private void runLoop() {
        while (!ctx.stopping) {
            try {
                runOnce();
                return;
            } catch (TaskContext.TaskStopped e) {
                break;
            } catch (Exception e) {
                if (ctx.stopping) {
                    break;
                }
                LeaseLostException lost = leaseLost(e);
                if (lost != null) {
                    // Another replica owns the task now; whatever this one had not committed was rolled back.
                    LOG.warnf("%s", lost.getMessage());
                    ctx.progress.failed(lost.getMessage());
                    ctx.progress.state("FENCED");
                    return;
                }
                ErrorClass c = ErrorClass.of(e);
                long deadline = ctx.retry.onFailure(c);
                String message = describe(e);
                if (deadline < 0) {
                    LOG.errorf("task %s failed (%s): %s", ctx.taskId, c, message);
                    ctx.progress.failed(message);
                    return;
                }
                LOG.warnf("task %s: %s failure, retrying until %tT: %s", ctx.taskId, c.name().toLowerCase(), deadline, message);
                ctx.progress.retrying(deadline, message);
                try {
                    Thread.sleep(ctx.retry.backoffMillis());
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        ctx.progress.state("STOPPED");
    }

    private void runOnce() throws Exception {
        try (Connection pg = ctx.destination("main")) {
            ctx.checkpoints.ensureTables(pg);
            // Before reading the checkpoint: a previous owner's last commit is then visible, and its later ones fail.
            ctx.fence.claim(pg);
            SchemaResponse schema = ctx.capture().getSchema(SchemaRequest.newBuilder().setTaskId(ctx.taskId).setSpec(ctx.spec).build());
            ctx.tables = schema.getTablesList();
            schema.getWarningsList().forEach(ctx.progress::warn);
            Optional<Checkpoint> cp = ctx.checkpoints.read(pg, ctx.taskId);
            if (cp.isEmpty()) {
                ctx.progress.phase(Phases.SCHEMA);
                ctx.progress.running();
                new SchemaPhase(ctx).run(pg);
                cp = ctx.checkpoints.read(pg, ctx.taskId);
            }
            if (cp.get().phase().equals(Phases.FULL)) {
                ctx.progress.phase(Phases.FULL);
                ctx.progress.running();
                if (ctx.spec.getTypes().getFull()) {
                    new FullPhase(ctx).run(pg);
                }
                new SchemaPhase(ctx).finishAfterFull(pg, cp.get().position());
                cp = ctx.checkpoints.read(pg, ctx.taskId);
            }
            if (cp.get().phase().equals(Phases.INCREMENTAL)) {
                addedTables(pg);
                ctx.progress.phase(Phases.INCREMENTAL);
                ctx.progress.running();
                new IncrementalPhase(ctx).run(pg, cp.get().position());
            }
            if (cp.get().phase().equals(Phases.DONE)) {
                ctx.progress.phase(Phases.DONE);
                ctx.progress.state("COMPLETED");
            }
        }
    }

    /** Tables the spec selects that the checkpoint does not know yet: objects added to a running task. */
    private void addedTables(Connection pg) throws Exception {
        List<String> known = ctx.checkpoints.knownTables(pg, ctx.taskId);
        if (known == null) {
            ctx.checkpoints.writeKnownTables(pg, ctx.taskId, SchemaPhase.names(ctx.tables));
            return;
        }
        List<TableSchema> added = ctx.tables.stream().filter(t -> !known.contains(t.getDatabase() + "." + t.getName())).toList();
        if (!added.isEmpty()) {
            LOG.infof("task %s: %d table(s) added, synchronizing them: %s", ctx.taskId, added.size(), SchemaPhase.names(added));
            ctx.progress.phase(Phases.FULL);
            ctx.progress.running();
            new SchemaPhase(ctx).addTables(pg, added);
        }
    }

    private static LeaseLostException leaseLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LeaseLostException l) {
                return l;
            }
        }
        return null;
    }

    private String describe(Throwable e) {
        String m;
        if (e instanceof StatusRuntimeException s) {
            m = s.getStatus().getCode() + ": " + s.getStatus().getDescription();
        } else {
            m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Throwable cause = e.getCause();
            if (cause != null && cause != e && cause.getMessage() != null && !m.contains(cause.getMessage())) {
                m += " (" + cause.getMessage() + ")";
            }
        }
        return Secrets.scrub(m, Secrets.password(ctx.spec.getSource()), Secrets.password(ctx.spec.getDestination()));
    }
}
