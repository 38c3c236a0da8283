package dev.sluice.precheck.checks;

import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;

/** Every database, table and column the task names exists in the source (and is a table, not a view). */
final class ObjectsExistCheck extends ObjectsCheck {

    @Override
    public String id() {
        return "objects.exist";
    }

    @Override
    public String title() {
        return "The selected databases, tables and columns exist";
    }

    @Override
    CheckResult check(CheckContext ctx, SelectedObjects objects) {
        if (!objects.missing().isEmpty()) {
            return result().setStatus(CheckStatus.FAILED).setDetails(Listing.of(objects.missing()))
                    .setFix("correct the task's objects (names are case-sensitive) or remove those entries; if the objects do exist, "
                            + "grant the source account SELECT on them: information_schema hides what it may not read")
                    .build();
        }
        String found = Listing.count(objects.tables().size(), "table", "tables") + " selected in "
                + Listing.count(objects.catalogs().size(), "database", "databases");
        if (!objects.notes().isEmpty()) {
            return result().setStatus(CheckStatus.WARNING).setDetails(found + "; " + Listing.of(objects.notes()))
                    .setFix("nothing to change if that is intended; otherwise select other databases, or remove system versioning "
                            + "(ALTER TABLE ... DROP SYSTEM VERSIONING) from tables that must be synchronized")
                    .build();
        }
        return result().setStatus(CheckStatus.PASSED).setDetails(found).build();
    }
}
