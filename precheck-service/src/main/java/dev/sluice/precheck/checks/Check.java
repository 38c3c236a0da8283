package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;

/** One precheck. Implementations say what they found and, when it is wrong, how to fix it. */
public interface Check {

    String id();

    String title();

    CheckResult run(CheckContext context);

    default CheckResult.Builder result() {
        return CheckResult.newBuilder().setId(id()).setTitle(title());
    }
}
