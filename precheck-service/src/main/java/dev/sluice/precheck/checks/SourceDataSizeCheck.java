package dev.sluice.precheck.checks;

import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;

/**
 * Free space in the destination cannot be measured from outside, so the user gets the number to compare
 * with: the selected tables' size in the source (InnoDB's estimate of data plus indexes).
 */
final class SourceDataSizeCheck extends ObjectsCheck {

    @Override
    public String id() {
        return "source.data_size";
    }

    @Override
    public String title() {
        return "Size of the selected data";
    }

    @Override
    CheckResult check(CheckContext ctx, SelectedObjects objects) {
        long bytes = objects.tables().stream().mapToLong(t -> t.info().bytes()).sum();
        return result().setStatus(CheckStatus.PASSED)
                .setDetails("the " + Listing.count(objects.tables().size(), "selected table takes", "selected tables take") + " "
                        + human(bytes) + " (" + String.format("%,d", bytes) + " bytes, DATA_LENGTH + INDEX_LENGTH) in the source; the "
                        + "destination needs at least that much free space, usually more (PostgreSQL stores rows less densely)")
                .build();
    }

    static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format("%.1f %s", v, units[u]);
    }
}
