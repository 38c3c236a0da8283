package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;

/** One precheck. Implementations say what they found and, when it is wrong, how to fix it. */
public interface Check {

    String id();

    String title();

    CheckResult run(CheckContext context);

    default CheckResult.Builder result() {
        return CheckResult.newBuilder().setId(id()).setTitle(title());
    }

    /** The result of a check that needs a side whose connection failed: connectivity already said why. */
    default CheckResult skipped(String side) {
        return result().setStatus(CheckStatus.FAILED).setDetails("skipped: cannot connect to the " + side)
                .setFix("fix what " + side + ".connectivity reports, then run the precheck again").build();
    }
}
