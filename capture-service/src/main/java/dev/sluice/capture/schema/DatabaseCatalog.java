package dev.sluice.capture.schema;

import dev.sluice.v1.CheckSchema;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.ForeignKeySchema;
import dev.sluice.v1.IndexSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Everything information_schema says about one source database, before any selection: one query per
 * information_schema table (a database of 1,000 tables costs the same seven queries as one of a single
 * table), grouped by exact table name in Java.
 *
 * @param similarNames when the database does not exist: the databases whose name differs only in case
 */
record DatabaseCatalog(
        String database,
        boolean exists,
        List<String> similarNames,
        Map<String, TableInfo> tables,
        Map<String, List<ColumnSchema>> columns,
        Map<String, List<IndexSchema>> indexes,
        Map<String, List<ForeignKeySchema>> foreignKeys,
        Map<String, List<CheckSchema>> checks) {

    static DatabaseCatalog read(Connection c, String database) throws SQLException {
        List<String> namedLike = TableReader.databasesNamedLike(c, database);
        if (!namedLike.contains(database)) {
            return new DatabaseCatalog(database, false, namedLike, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }
        Map<String, TableInfo> tables = TableReader.read(c, database);
        Map<String, List<CheckSchema>> allChecks = CheckReader.read(c, database);
        Map<String, List<ColumnSchema>> columns = ColumnReader.read(c, database, JsonMarkers.candidateColumns(allChecks));
        return new DatabaseCatalog(database, true, List.of(), tables, columns, IndexReader.read(c, database),
                ForeignKeyReader.read(c, database), JsonMarkers.withoutMarkers(allChecks, columns));
    }

    List<ColumnSchema> columnsOf(String table) {
        return columns.getOrDefault(table, List.of());
    }

    List<IndexSchema> indexesOf(String table) {
        return indexes.getOrDefault(table, List.of());
    }

    List<ForeignKeySchema> foreignKeysOf(String table) {
        return foreignKeys.getOrDefault(table, List.of());
    }

    List<CheckSchema> checksOf(String table) {
        return checks.getOrDefault(table, List.of());
    }
}
