package dev.sluice.precheck.checks;

import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.v1.CheckResult;
import java.sql.Connection;
import java.sql.SQLException;

/** A check of the selected objects, read once per run from the source's information_schema. */
abstract class ObjectsCheck extends SourceCheck {

    @Override
    final CheckResult check(CheckContext ctx, Connection source) throws SQLException {
        return check(ctx, ctx.objects());
    }

    abstract CheckResult check(CheckContext ctx, SelectedObjects objects) throws SQLException;
}
