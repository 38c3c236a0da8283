package dev.sluice.cli;

import dev.sluice.v1.EtlTestRequest;
import dev.sluice.v1.EtlTestResponse;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "etl", description = "Try a task file's ETL expressions.", subcommands = EtlCommand.Test.class)
class EtlCommand {

    @ParentCommand
    SluiceCli root;

    @Command(name = "test", description = "Evaluate a table's ETL on a sample row: prints whether it passes the filter and the row as written.")
    static class Test implements Callable<Integer> {
        @ParentCommand
        EtlCommand etl;
        @Spec
        CommandSpec spec;
        @Option(names = {"-f", "--file"}, required = true, description = "the YAML task file")
        Path file;
        @Option(names = "--table", required = true, description = "database.table (source names)")
        String table;
        @Option(names = "--row", required = true, description = "the sample row as JSON: '{\"id\": 1, \"email\": \"A@X.COM\"}'")
        String row;

        @Override
        public Integer call() {
            EtlTestRequest request = EtlTestRequest.newBuilder().setSpec(TaskFile.load(file, System::getenv)).setTable(table).setRowJson(row).build();
            try (ControlClient c = new ControlClient(etl.root)) {
                EtlTestResponse r = c.stub().testEtl(request);
                if (!r.getMatches()) {
                    spec.commandLine().getOut().println("filtered out: this row is not synchronized");
                } else {
                    spec.commandLine().getOut().println(r.getOutputJson());
                }
            }
            return 0;
        }
    }
}
