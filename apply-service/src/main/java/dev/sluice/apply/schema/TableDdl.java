package dev.sluice.apply.schema;

import java.util.List;

/**
 * The DDL of one table.
 *
 * @param beforeCopy CREATE TABLE (columns, defaults, identity, primary and unique keys, ENUM checks), comments
 * @param afterCopy secondary indexes and CHECK constraints: cheaper to build once over the copied rows
 * @param foreignKeys ALTER TABLE ADD FOREIGN KEY, last: they need the referenced tables' keys
 */
public record TableDdl(TargetTable table, List<DdlStatement> beforeCopy, List<DdlStatement> afterCopy,
        List<DdlStatement> foreignKeys) {

    public TableDdl {
        beforeCopy = List.copyOf(beforeCopy);
        afterCopy = List.copyOf(afterCopy);
        foreignKeys = List.copyOf(foreignKeys);
    }
}
