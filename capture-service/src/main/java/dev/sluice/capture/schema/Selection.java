package dev.sluice.capture.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The selected tables, in task order, and a lookup by exact source name (to resolve foreign keys). */
final class Selection {

    private final List<SelectedTable> tables;
    private final Map<TableId, SelectedTable> byId = new HashMap<>();

    Selection(List<SelectedTable> tables) {
        this.tables = List.copyOf(tables);
        tables.forEach(t -> byId.put(new TableId(t.database(), t.name()), t));
    }

    List<SelectedTable> tables() {
        return tables;
    }

    Optional<SelectedTable> find(String database, String table) {
        return Optional.ofNullable(byId.get(new TableId(database, table)));
    }

    private record TableId(String database, String name) {
    }
}
