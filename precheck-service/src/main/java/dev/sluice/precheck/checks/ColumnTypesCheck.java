package dev.sluice.precheck.checks;

import dev.sluice.model.TypeMapping;
import dev.sluice.precheck.objects.ColumnInfo;
import dev.sluice.precheck.objects.SelectedColumn;
import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.precheck.objects.SelectedTable;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every selected column can be carried over: its type has a PostgreSQL mapping (FAILED otherwise), its
 * character set can be decoded (capture refuses the few Java has no decoder for), and its ENUM/SET labels
 * survived information_schema, which is utf8mb3 and shows characters beyond the BMP (emoji) as '?'
 * (WARNING: such labels would reach PostgreSQL as '?').
 */
final class ColumnTypesCheck extends ObjectsCheck {

    /** MariaDB character sets without a Java decoder; capture-service's converters refuse them. */
    static final Set<String> UNDECODABLE_CHARSETS = Set.of("armscii8", "dec8", "geostd8", "hp8", "keybcs2", "swe7");
    /** Character sets that can hold 4-byte characters, which information_schema cannot show. */
    static final Set<String> WIDE_CHARSETS = Set.of("utf8mb4", "utf16", "utf16le", "utf32");

    @Override
    public String id() {
        return "objects.column_types";
    }

    @Override
    public String title() {
        return "Every selected column has a lossless PostgreSQL type";
    }

    @Override
    CheckResult check(CheckContext ctx, SelectedObjects objects) {
        List<String> unsupported = new ArrayList<>();
        List<String> lossy = new ArrayList<>();
        int columns = 0;
        for (SelectedTable t : objects.tables()) {
            for (SelectedColumn sc : t.columns()) {
                columns++;
                ColumnInfo c = sc.source();
                String where = t.qualified() + "." + c.name();
                if (!TypeMapping.isSupported(c.dataType())) {
                    unsupported.add(where + ": type " + c.columnType() + " has no PostgreSQL mapping");
                }
                if (UNDECODABLE_CHARSETS.contains(c.charset())) {
                    unsupported.add(where + ": character set " + c.charset() + " cannot be decoded");
                }
                boolean labels = c.dataType().equals("enum") || c.dataType().equals("set");
                if (labels && WIDE_CHARSETS.contains(c.charset()) && c.columnType().contains("?")) {
                    lossy.add(where + ": " + c.columnType());
                }
            }
        }
        if (!unsupported.isEmpty()) {
            String details = Listing.of(unsupported);
            if (!lossy.isEmpty()) {
                details += "; also labels shown as '?': " + Listing.of(lossy);
            }
            return result().setStatus(CheckStatus.FAILED).setDetails(details)
                    .setFix("leave these columns out of the task (columns: [...]) or change them in the source, e.g. "
                            + "ALTER TABLE ... MODIFY ... CHARACTER SET utf8mb4 for the character sets")
                    .build();
        }
        if (!lossy.isEmpty()) {
            return result().setStatus(CheckStatus.WARNING)
                    .setDetails("ENUM/SET labels that information_schema shows with '?' (characters beyond the Basic Multilingual "
                            + "Plane, such as emoji, are not representable there), so Sluice would write '?' instead: " + Listing.of(lossy))
                    .setFix("use labels without 4-byte characters, or change the column to VARCHAR; ignore this warning if a label "
                            + "really is a question mark")
                    .build();
        }
        return result().setStatus(CheckStatus.PASSED)
                .setDetails("all " + Listing.count(columns, "selected column maps", "selected columns map") + " to PostgreSQL without loss")
                .build();
    }
}
