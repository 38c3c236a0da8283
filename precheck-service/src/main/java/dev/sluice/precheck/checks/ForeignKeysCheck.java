package dev.sluice.precheck.checks;

import dev.sluice.precheck.objects.ForeignKey;
import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.precheck.objects.SelectedTable;
import dev.sluice.precheck.objects.SourceCatalog;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Foreign keys from a selected table to a table (or columns) the task does not select cannot be created in
 * PostgreSQL. Worse when the key cascades: MariaDB does not log the rows its cascades change, and Sluice
 * never sees the parent's change that would cascade in PostgreSQL, so those rows drift apart.
 */
final class ForeignKeysCheck extends ObjectsCheck {

    @Override
    public String id() {
        return "objects.foreign_keys";
    }

    @Override
    public String title() {
        return "Foreign keys stay within the selected tables";
    }

    @Override
    CheckResult check(CheckContext ctx, SelectedObjects objects) {
        List<String> crossing = new ArrayList<>();
        int keys = 0;
        for (SelectedTable t : objects.tables()) {
            SourceCatalog catalog = objects.catalogs().get(t.database());
            for (ForeignKey fk : catalog.foreignKeysOf(t.name())) {
                if (!fk.columns().stream().allMatch(t::hasColumn)) {
                    continue; // the task leaves the key's own columns out: nothing of it reaches PostgreSQL
                }
                keys++;
                String problem = unselectedParent(fk, objects);
                if (problem != null) {
                    String cascade = fk.cascades() && ctx.spec().getTypes().getIncremental()
                            ? " (ON DELETE " + fk.onDelete() + " ON UPDATE " + fk.onUpdate() + ": rows MariaDB changes through this cascade "
                                    + "are not in the binlog and will differ in PostgreSQL)"
                            : "";
                    crossing.add(t.qualified() + " foreign key " + fk.name() + " references " + problem + cascade);
                }
            }
        }
        if (crossing.isEmpty()) {
            return result().setStatus(CheckStatus.PASSED)
                    .setDetails(keys == 0 ? "the selected tables have no foreign keys"
                            : "all " + Listing.count(keys, "foreign key references", "foreign keys reference") + " selected tables and columns")
                    .build();
        }
        return result().setStatus(CheckStatus.WARNING)
                .setDetails(Listing.count(crossing.size(), "foreign key leaves", "foreign keys leave")
                        + " the selection and will not be created in PostgreSQL: " + Listing.of(crossing))
                .setFix("select the referenced tables (and columns) too, or ignore this warning if the keys are not needed in PostgreSQL")
                .build();
    }

    /** @return what the key references outside the selection, or null when its parent is selected with the columns */
    private static String unselectedParent(ForeignKey fk, SelectedObjects objects) {
        Optional<SelectedTable> parent = objects.find(fk.referencedDatabase(), fk.referencedTable());
        if (parent.isEmpty()) {
            return fk.referencedQualified() + ", which is not selected";
        }
        List<String> missing = fk.referencedColumns().stream().filter(c -> !parent.get().hasColumn(c)).toList();
        return missing.isEmpty() ? null : "columns " + String.join(", ", missing) + " of " + fk.referencedQualified() + ", not selected";
    }
}
