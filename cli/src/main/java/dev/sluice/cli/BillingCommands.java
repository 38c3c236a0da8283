package dev.sluice.cli;

import dev.sluice.v1.Bill;
import dev.sluice.v1.BillLine;
import dev.sluice.v1.BillingServiceGrpc;
import dev.sluice.v1.GetBillRequest;
import dev.sluice.v1.ListMeteringRequest;
import dev.sluice.v1.ListMeteringResponse;
import dev.sluice.v1.MeteringRecord;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Metering and bills, read from billing-service. */
final class BillingCommands {

    private BillingCommands() {
    }

    static class BillingBase {
        @Option(names = "--billing", description = "billing-service address host:port (default: $SLUICE_BILLING, billing: in the config file, or localhost:9105)")
        String address;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        <T> T call(java.util.function.Function<BillingServiceGrpc.BillingServiceBlockingStub, T> f) {
            SluiceCli root = (SluiceCli) spec.root().userObject();
            String target = address != null ? address : root.billing();
            ManagedChannel ch = Channels.builder(target, root.tlsCa()).build();
            try {
                return f.apply(ControlClient.withToken(BillingServiceGrpc.newBlockingStub(ch), root.token()).withDeadlineAfter(60, TimeUnit.SECONDS));
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Command(name = "metering", description = "Metering records of what tasks synchronized.", subcommands = MeteringList.class)
    static class Metering {
    }

    @Command(name = "list", description = "Hourly metering records of a task (rows, bytes, phase, charge).")
    static class MeteringList extends BillingBase implements Callable<Integer> {
        @Option(names = "--task", required = true, description = "task id")
        String task;
        @Option(names = "--json", description = "one JSON document per page")
        boolean asJson;

        @Override
        public Integer call() {
            String token = "";
            if (!asJson) {
                out().printf("%-22s %-12s %12s %14s %-8s %10s%n", "HOUR (UTC)", "PHASE", "ROWS", "BYTES", "CLASS", "CHARGE");
            }
            do {
                String t = token;
                ListMeteringResponse page = call(s -> s.listMeteringRecords(ListMeteringRequest.newBuilder().setTaskId(task).setPageToken(t).build()));
                for (MeteringRecord r : page.getRecordsList()) {
                    if (asJson) {
                        out().println(TaskCommand.json(r).replace("\n", ""));
                    } else {
                        out().printf("%-22s %-12s %12d %14d %-8s %10s%n", Instant.ofEpochMilli(r.getHourStartMs()), r.getPhase(), r.getRows(),
                                r.getBytes(), r.getInstanceClass(), r.getCharge());
                    }
                }
                token = page.getNextPageToken();
            } while (!token.isEmpty());
            return 0;
        }
    }

    @Command(name = "bill", description = "Bills computed from metering.", subcommands = BillShow.class)
    static class BillGroup {
    }

    @Command(name = "show", description = "A month's bill of a task or an account: lines and total.")
    static class BillShow extends BillingBase implements Callable<Integer> {
        @Option(names = "--task", description = "task id")
        String task = "";
        @Option(names = "--account", description = "account")
        String account = "";
        @Option(names = "--month", description = "YYYY-MM (default: this month, UTC)")
        String month = YearMonth.now(ZoneOffset.UTC).toString();

        @Override
        public Integer call() {
            Bill b = call(s -> s.getBill(GetBillRequest.newBuilder().setTaskId(task).setAccount(account).setMonth(month).build()));
            out().printf("bill %s %s%n", month, task.isEmpty() ? "account " + account : "task " + task);
            for (BillLine l : b.getLinesList()) {
                out().printf("  %-16s %-12s %-8s %8s %-6s x %8s = %10s%n", l.getTaskId(), l.getItem(), l.getInstanceClass(), l.getQuantity(),
                        l.getUnit(), l.getUnitPrice(), l.getAmount());
            }
            out().printf("  total %s%n", b.getTotal());
            return 0;
        }
    }
}
