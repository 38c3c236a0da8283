package dev.sluice.cli;

import dev.sluice.v1.TableVerification;
import dev.sluice.v1.VerifyReport;
import dev.sluice.v1.VerifyRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Prove the destination equals the source, table by table, while the task runs. Exit 1 on any difference.")
class VerifyCommand extends TaskCommand.Base implements Callable<Integer> {

    @Parameters(paramLabel = "ID")
    String id;
    @Option(names = "--tables", split = ",", description = "database.table,... (source names; default all)")
    List<String> tables = List.of();
    @Option(names = "--mode", description = "count, checksum (default) or rows")
    String mode = "checksum";
    @Option(names = "--repair", description = "re-copy the differing rows, then check them again")
    boolean repair;
    @Option(names = "--json", description = "one JSON document")
    boolean asJson;

    @Override
    public Integer call() {
        VerifyReport r;
        try (ControlClient c = client()) {
            r = c.stub().verifyTask(VerifyRequest.newBuilder().setTaskId(id).addAllTables(tables).setMode(mode).setRepair(repair).build());
        }
        if (asJson) {
            out().println(TaskCommand.json(r));
        } else {
            out().printf("%-32s %-32s %-9s %12s %12s %8s  %s%n", "TABLE", "TARGET", "RESULT", "SOURCE ROWS", "TARGET ROWS", "DIFFS", "KEYS / COLUMNS");
            for (TableVerification t : r.getTablesList()) {
                String detail = String.join(" ", t.getDifferingKeysList()) + (t.getDifferingColumnsCount() > 0 ? "  columns: "
                        + String.join(", ", t.getDifferingColumnsList()) : "") + (t.getNote().isEmpty() ? "" : "  (" + t.getNote() + ")")
                        + (t.getRepaired() > 0 ? "  repaired " + t.getRepaired() : "");
                out().printf("%-32s %-32s %-9s %12d %12d %8d  %s%n", t.getTable(), t.getTarget(), t.getEqual() ? "equal" : "DIFFERENT",
                        t.getSourceRows(), t.getTargetRows(), t.getDifferences(), detail);
            }
            out().printf("%s: %s in %.1f s%n", r.getMode(), r.getEqual() ? "equal" : "DIFFERENCES FOUND", (r.getFinishedAtMs() - r.getStartedAtMs()) / 1000.0);
        }
        return r.getEqual() ? 0 : SluiceCli.EXIT_FAILED;
    }
}
