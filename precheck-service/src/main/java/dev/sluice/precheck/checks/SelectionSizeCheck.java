package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.TableSelection;

/**
 * The seed guide's limit: a task that picks tables one by one and renames tables or columns holds at most
 * 1,000 tables. Needs only the task, so it runs even when the source is unreachable.
 */
final class SelectionSizeCheck implements Check {

    static final int MAX_RENAMED_SELECTION = 1000;

    @Override
    public String id() {
        return "objects.table_count";
    }

    @Override
    public String title() {
        return "At most 1,000 tables selected one by one with renames";
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        int listed = 0;
        int renamed = 0;
        for (DatabaseSelection d : ctx.spec().getObjectsList()) {
            for (TableSelection t : d.getTablesList()) {
                listed++;
                if (!t.getRename().isEmpty() || t.getRenameColumnsCount() > 0) {
                    renamed++;
                }
            }
        }
        String found = Listing.count(listed, "table is", "tables are") + " selected one by one, " + Listing.count(renamed, "of them", "of them")
                + " with a table or column rename";
        if (listed > MAX_RENAMED_SELECTION && renamed > 0) {
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails(found + "; a task that renames may select at most " + String.format("%,d", MAX_RENAMED_SELECTION)
                            + " tables one by one")
                    .setFix("split the tables into several tasks, or select whole databases (objects: [{database: NAME}]) "
                            + "and drop the table and column renames")
                    .build();
        }
        return result().setStatus(CheckStatus.PASSED).setDetails(found).build();
    }
}
