package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Connection;
import java.sql.SQLException;

/** A check that reads the source: skipped at once when the source cannot be reached. */
abstract class SourceCheck implements Check {

    @Override
    public final CheckResult run(CheckContext ctx) {
        Connection source = ctx.source();
        if (source == null) {
            return skipped("source");
        }
        try {
            return check(ctx, source);
        } catch (SQLException e) {
            return result().setStatus(CheckStatus.FAILED).setDetails("could not read the source: " + ctx.safe(e.getMessage()))
                    .setFix("make sure the source is reachable and the account may read information_schema, then run the precheck again")
                    .build();
        }
    }

    abstract CheckResult check(CheckContext ctx, Connection source) throws SQLException;
}
