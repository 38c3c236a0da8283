package dev.sluice.capture.schema;

import java.util.Collection;
import java.util.List;

/** Wording shared by the errors and warnings, which name things by their raw source names (db.table.column). */
final class Messages {

    private Messages() {
    }

    /** "column a" or "columns a, b". */
    static String columns(List<String> names) {
        return (names.size() == 1 ? "column " : "columns ") + String.join(", ", names);
    }

    /** MariaDB users often type a name in another case; saying so saves a round trip. Empty when nothing is close. */
    static String caseHint(String name, Collection<String> existing) {
        return existing.stream().filter(e -> e.equalsIgnoreCase(name) && !e.equals(name)).findFirst()
                .map(e -> " (names are case-sensitive: did you mean " + e + "?)").orElse("");
    }
}
