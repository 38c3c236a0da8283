package dev.sluice.capture.schema;

import dev.sluice.v1.CheckSchema;
import dev.sluice.v1.ColumnSchema;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MariaDB's JSON type is an alias: the column is stored as LONGTEXT and guarded by a check
 * {@code json_valid(`col`)} named after the column. That check is how a JSON column is recognized, and
 * it is not a constraint of its own: the target's jsonb enforces the same thing.
 */
final class JsonMarkers {

    private JsonMarkers() {
    }

    /** Per table, the columns named by a bare json_valid() check: JSON when they are LONGTEXT (ColumnReader decides). */
    static Map<String, Set<String>> candidateColumns(Map<String, List<CheckSchema>> checks) {
        Map<String, Set<String>> out = new HashMap<>();
        checks.forEach((table, list) -> list.forEach(check -> CheckClauses.jsonValidColumn(check.getClause())
                .ifPresent(column -> out.computeIfAbsent(table, t -> new HashSet<>()).add(column))));
        return out;
    }

    /** The checks without the markers of JSON columns; json_valid() on another type (say VARCHAR) is a real check. */
    static Map<String, List<CheckSchema>> withoutMarkers(Map<String, List<CheckSchema>> checks, Map<String, List<ColumnSchema>> columns) {
        Map<String, List<CheckSchema>> out = new HashMap<>();
        checks.forEach((table, list) -> {
            Set<String> json = new HashSet<>();
            columns.getOrDefault(table, List.of()).stream().filter(c -> c.getDataType().equals("json")).forEach(c -> json.add(c.getName()));
            out.put(table, list.stream()
                    .filter(check -> CheckClauses.jsonValidColumn(check.getClause()).filter(json::contains).isEmpty())
                    .toList());
        });
        return out;
    }
}
