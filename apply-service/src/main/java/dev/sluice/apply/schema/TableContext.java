package dev.sluice.apply.schema;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.IndexSchema;
import dev.sluice.v1.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One table while it is being planned: its columns by source name, the plan's names, the warning sink. */
final class TableContext {

    final TableSchema table;
    final TargetTable target;
    final ObjectNames names;
    private final Map<String, ColumnSchema> columns = new LinkedHashMap<>();
    private final List<String> warnings;

    TableContext(TableSchema table, ObjectNames names, List<String> warnings) {
        this.table = table;
        this.target = TargetTable.of(table);
        this.names = names;
        this.warnings = warnings;
        table.getColumnsList().forEach(c -> columns.put(c.getName(), c));
    }

    /** The selected columns, by source name. */
    Map<String, ColumnSchema> columns() {
        return columns;
    }

    /** The target names of {@code sourceColumns}; empty when one of them is not selected. */
    Optional<List<String>> targetColumns(List<String> sourceColumns) {
        List<String> out = new ArrayList<>();
        for (String s : sourceColumns) {
            ColumnSchema c = columns.get(s);
            if (c == null) {
                return Optional.empty();
            }
            out.add(c.getTargetName());
        }
        return Optional.of(out);
    }

    /** The first of {@code sourceColumns} that is not selected (for warnings). */
    String firstMissing(List<String> sourceColumns) {
        return sourceColumns.stream().filter(s -> !columns.containsKey(s)).findFirst().orElse("?");
    }

    /** The indexes PostgreSQL gets as PRIMARY KEY or UNIQUE constraints (created with the table). */
    List<IndexSchema> keys() {
        return table.getIndexesList().stream()
                .filter(i -> (i.getPrimary() || i.getUnique()) && !isTextSearchOrSpatial(i))
                .filter(i -> targetColumns(i.getColumnsList()).isPresent())
                .toList();
    }

    static boolean isTextSearchOrSpatial(IndexSchema i) {
        String kind = i.getKind().toUpperCase(Locale.ROOT);
        return kind.equals("FULLTEXT") || kind.equals("SPATIAL");
    }

    /** source database.table, the way warnings name a table */
    String where() {
        return table.getDatabase() + "." + table.getName();
    }

    void warn(String what) {
        warnings.add(where() + ": " + what);
    }

    void warnColumn(ColumnSchema c, String what) {
        warnings.add(where() + "." + c.getName() + ": " + what);
    }
}
