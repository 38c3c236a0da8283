package dev.sluice.cli;

import dev.sluice.v1.TableProgress;
import dev.sluice.v1.Task;
import dev.sluice.v1.TaskStatus;
import java.io.PrintWriter;

/** The human view of one task: state, phase, a progress bar per table, the lag. */
final class TaskView {

    private TaskView() {
    }

    static void print(Task t, PrintWriter out) {
        TaskStatus s = t.getStatus();
        out.printf("task %s (%s)%n", t.getId(), t.getSpec().getName());
        out.printf("  state   %s%s%n", t.getState(), s.getPhase().isEmpty() ? "" : ", phase " + s.getPhase());
        if (!t.getLastError().isEmpty()) {
            out.printf("  error   %s%n", t.getLastError());
        }
        if (s.getRetryDeadlineMs() > 0) {
            out.printf("  retrying until %s%n", java.time.Instant.ofEpochMilli(s.getRetryDeadlineMs()));
        }
        if ("INCREMENTAL".equals(s.getPhase())) {
            out.printf("  lag     %d ms%n", s.getLagMs());
        }
        out.printf("  rows    %d applied, %.0f rows/s, %.1f MB/s%n", s.getRowsApplied(), s.getRowsPerSecond(), s.getBytesPerSecond() / 1e6);
        for (TableProgress p : s.getTablesList()) {
            double ratio = p.getDone() ? 1.0 : p.getRowsEstimated() <= 0 ? 0.0 : Math.min(1.0, (double) p.getRowsCopied() / p.getRowsEstimated());
            out.printf("  %-40s %s %5.1f%%  %d/%d rows%n", p.getTarget(), bar(ratio), ratio * 100, p.getRowsCopied(), p.getRowsEstimated());
        }
        for (String w : s.getWarningsList()) {
            out.printf("  warning %s%n", w);
        }
    }

    static String bar(double ratio) {
        int width = 24;
        int filled = (int) Math.round(ratio * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
