package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Connection;
import java.sql.SQLException;

/** A check that reads the destination: skipped at once when the destination cannot be reached. */
abstract class DestinationCheck implements Check {

    @Override
    public final CheckResult run(CheckContext ctx) {
        Connection destination = ctx.destination();
        if (destination == null) {
            return skipped("destination");
        }
        try {
            return check(ctx, destination);
        } catch (SQLException e) {
            return result().setStatus(CheckStatus.FAILED).setDetails("could not read the destination: " + ctx.safe(e.getMessage()))
                    .setFix("make sure the destination is reachable, then run the precheck again").build();
        }
    }

    abstract CheckResult check(CheckContext ctx, Connection destination) throws SQLException;
}
