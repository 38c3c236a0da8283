package dev.sluice.capture.schema;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.IndexSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The row identity that updates and deletes are applied by: the primary key, else the first unique key
 * whose columns are all NOT NULL (a nullable unique key admits many rows with NULL, so it identifies nothing).
 */
final class KeyChooser {

    private KeyChooser() {
    }

    /**
     * @param indexes the table's indexes that survive the column selection, in the table's key order
     * @param columns the selected columns by source name
     * @return the key's source column names; empty when the table has no usable key
     */
    static List<String> choose(List<IndexSchema> indexes, Map<String, ColumnSchema> columns) {
        Optional<IndexSchema> primary = indexes.stream().filter(IndexSchema::getPrimary).findFirst();
        if (primary.isPresent()) {
            return primary.get().getColumnsList();
        }
        return indexes.stream()
                .filter(IndexSchema::getUnique)
                .filter(i -> i.getColumnsList().stream().allMatch(c -> columns.containsKey(c) && !columns.get(c).getNullable()))
                .findFirst()
                .<List<String>>map(IndexSchema::getColumnsList)
                .orElse(List.of());
    }
}
