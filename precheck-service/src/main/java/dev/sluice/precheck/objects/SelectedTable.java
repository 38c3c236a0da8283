package dev.sluice.precheck.objects;

import java.util.List;

/**
 * A source table the task synchronizes, with its PostgreSQL names.
 *
 * @param path    the task file entry that selected it, e.g. objects[0].tables[2]
 * @param columns the selected columns, in source order
 */
public record SelectedTable(String path, String database, String name, String targetSchema, String targetName,
        List<SelectedColumn> columns, TableInfo info) {

    public String qualified() {
        return database + "." + name;
    }

    public String target() {
        return targetSchema + "." + targetName;
    }

    public boolean hasColumn(String sourceName) {
        return columns.stream().anyMatch(c -> c.name().equals(sourceName));
    }
}
