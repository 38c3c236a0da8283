package dev.sluice.precheck.checks;

import dev.sluice.precheck.objects.SelectedColumn;
import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.precheck.objects.SelectedTable;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * PostgreSQL keeps only the first 63 bytes of a name (silently), so a longer schema, table or column name
 * would not be the name Sluice writes to. MariaDB allows 64 characters, up to 256 bytes in UTF-8.
 */
final class IdentifierLengthCheck extends ObjectsCheck {

    static final int MAX_BYTES = 63;

    @Override
    public String id() {
        return "objects.identifier_length";
    }

    @Override
    public String title() {
        return "Mapped names fit PostgreSQL's 63 bytes";
    }

    @Override
    CheckResult check(CheckContext ctx, SelectedObjects objects) {
        Set<String> problems = new LinkedHashSet<>();
        for (SelectedTable t : objects.tables()) {
            tooLong("schema", t.targetSchema(), "database " + t.database(), problems);
            tooLong("table", t.targetName(), "table " + t.qualified(), problems);
            for (SelectedColumn c : t.columns()) {
                tooLong("column", c.targetName(), "column " + t.qualified() + "." + c.name(), problems);
            }
        }
        if (problems.isEmpty()) {
            return result().setStatus(CheckStatus.PASSED).setDetails("every mapped name is at most " + MAX_BYTES + " bytes in UTF-8").build();
        }
        return result().setStatus(CheckStatus.FAILED)
                .setDetails("longer than " + MAX_BYTES + " bytes in UTF-8: " + Listing.of(new ArrayList<>(problems)))
                .setFix("map them to shorter names: rename on the database entry (schema), rename on the table entry, renameColumns for columns")
                .build();
    }

    private static void tooLong(String kind, String name, String source, Set<String> out) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            out.add(kind + " " + name + " (" + bytes + " bytes, from " + source + ")");
        }
    }
}
