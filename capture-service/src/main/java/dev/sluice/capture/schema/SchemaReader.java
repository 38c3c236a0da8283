package dev.sluice.capture.schema;

import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.SchemaResponse;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the schema of a task's selected objects from the source's information_schema: every table with its
 * columns, indexes, row key, foreign keys and checks, named as they will be in PostgreSQL.
 *
 * <p>Cost: seven information_schema queries per selected database, whatever the number of tables.
 */
public final class SchemaReader {

    private SchemaReader() {
    }

    /**
     * @param source a connection to the MariaDB source (any default database; names are always qualified)
     * @throws IllegalArgumentException when the task selects a database, table or column the source does not
     *                                  have (the message names the task file entry), or a column without a
     *                                  PostgreSQL type
     * @throws SQLException             when the source cannot be read
     */
    public static SchemaResponse read(Connection source, TaskSpec spec) throws SQLException {
        // Every catalog is read before any table is assembled: a foreign key may reference a table of a
        // database selected later in the task.
        Map<String, DatabaseCatalog> catalogs = new LinkedHashMap<>();
        for (DatabaseSelection d : spec.getObjectsList()) {
            if (!catalogs.containsKey(d.getDatabase())) {
                catalogs.put(d.getDatabase(), DatabaseCatalog.read(source, d.getDatabase()));
            }
        }
        List<String> warnings = new ArrayList<>();
        Selection selection = SelectionResolver.resolve(spec.getObjectsList(), catalogs, warnings);
        TableAssembler assembler = new TableAssembler(spec.getOptions(), selection, warnings);
        List<TableSchema> tables = new ArrayList<>();
        for (SelectedTable t : selection.tables()) {
            tables.add(assembler.assemble(t, catalogs.get(t.database())));
        }
        return SchemaResponse.newBuilder().addAllTables(tables).addAllWarnings(warnings).build();
    }
}
