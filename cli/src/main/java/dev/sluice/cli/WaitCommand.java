package dev.sluice.cli;

import dev.sluice.v1.Task;
import dev.sluice.v1.TaskRef;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "wait", description = "Wait until a task reaches a phase (and a lag), for scripts: exit 0 when reached.")
class WaitCommand extends TaskCommand.Base implements Callable<Integer> {

    private static final List<String> PHASES = List.of("SCHEMA", "FULL", "INCREMENTAL", "DONE");

    @Parameters(paramLabel = "ID")
    String id;
    @Option(names = "--phase", description = "schema, full, incremental or done (default: incremental)")
    String phase = "incremental";
    @Option(names = "--lag-below-ms", description = "in the incremental phase, also wait until the lag is below this")
    long lagBelowMs = -1;
    @Option(names = "--timeout", description = "seconds (default 600)")
    long timeoutSeconds = 600;

    @Override
    public Integer call() throws InterruptedException {
        String wanted = phase.toUpperCase(Locale.ROOT);
        if (!PHASES.contains(wanted)) {
            throw new SluiceCli.CliException(SluiceCli.EXIT_INVALID, "--phase: '" + phase + "' is not a phase (use schema, full, incremental or done)");
        }
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String last = "";
        try (ControlClient c = client()) {
            while (true) {
                Task t = c.stub().getTask(TaskRef.newBuilder().setId(id).build());
                String state = t.getState();
                String current = t.getStatus().getPhase();
                if (state.equals("FAILED") || state.equals("STOPPED") || state.equals("PRECHECK_FAILED") || state.equals("CREATED")) {
                    throw new SluiceCli.CliException(SluiceCli.EXIT_FAILED, "task " + id + " is " + state
                            + (t.getLastError().isEmpty() ? "" : ": " + t.getLastError()));
                }
                boolean phaseReached = PHASES.indexOf(current) >= PHASES.indexOf(wanted) || state.equals("COMPLETED");
                boolean lagOk = lagBelowMs < 0 || !current.equals("INCREMENTAL") || t.getStatus().getLagMs() < lagBelowMs;
                if (phaseReached && lagOk && (state.equals("RUNNING") || state.equals("COMPLETED"))) {
                    out().println("task " + id + " reached " + current + (current.equals("INCREMENTAL") ? " (lag " + t.getStatus().getLagMs() + " ms)" : ""));
                    return 0;
                }
                String now = state + " " + current;
                if (!now.equals(last)) {
                    out().println("task " + id + ": " + now + (t.getLastError().isEmpty() || state.equals("RUNNING") ? "" : " (" + t.getLastError() + ")"));
                    out().flush();
                    last = now;
                }
                if (System.nanoTime() > deadline) {
                    throw new SluiceCli.CliException(SluiceCli.EXIT_FAILED, "timed out after " + timeoutSeconds + " s waiting for task " + id
                            + " to reach " + wanted + (lagBelowMs >= 0 ? " with lag < " + lagBelowMs + " ms" : "") + "; it is " + now);
                }
                Thread.sleep(500);
            }
        }
    }
}
