package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;

/** Runs every check in order and hands each result on as soon as it is known. */
@ApplicationScoped
public class PrecheckRunner {

    List<Check> checks() {
        return List.of(ConnectivityCheck.source(), ConnectivityCheck.destination());
    }

    public void run(TaskSpec spec, Consumer<CheckResult> out) {
        try (CheckContext ctx = new CheckContext(spec)) {
            for (Check check : checks()) {
                CheckResult r;
                try {
                    r = check.run(ctx);
                } catch (RuntimeException e) {
                    r = check.result().setStatus(CheckStatus.FAILED)
                            .setDetails("the check itself failed: " + ctx.safe(String.valueOf(e.getMessage()))).build();
                }
                out.accept(r);
            }
        }
    }
}
