package dev.sluice.apply.schema;

import java.util.List;
import java.util.stream.Collectors;

/** conflictingTables=report and some target tables already exist: nothing was changed. */
public class ConflictingTablesException extends RuntimeException {

    private final List<TargetTable> tables;

    public ConflictingTablesException(List<TargetTable> tables) {
        super("these target tables already exist: " + tables.stream().map(TargetTable::toString).collect(Collectors.joining(", "))
                + " (drop or rename them, or set conflictingTables: ignore to keep and reuse them)");
        this.tables = List.copyOf(tables);
    }

    public List<TargetTable> tables() {
        return tables;
    }
}
