package dev.sluice.capture.schema;

import java.util.Map;

/**
 * A table the task synchronizes, with its PostgreSQL names.
 *
 * @param path    where the task selects it ("objects[0]" for a whole database, "objects[0].tables[2]"), for messages
 * @param columns the selected columns, source name to target name, in source ordinal order
 */
record SelectedTable(String path, String database, String name, String targetSchema, String targetName,
        Map<String, String> columns) {

    /** "db.table" as messages name it. */
    String qualifiedName() {
        return database + "." + name;
    }
}
