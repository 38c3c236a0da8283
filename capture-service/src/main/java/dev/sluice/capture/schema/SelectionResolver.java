package dev.sluice.capture.schema;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.TableSelection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the task's objects into the list of tables to synchronize, checking every name against the source.
 * Names compare exactly (`Order` is not `order`); a selection naming something the source lacks fails with
 * the path of the offending entry, so the user can fix the task file.
 */
final class SelectionResolver {

    private final Map<String, DatabaseCatalog> catalogs;
    private final List<String> warnings;
    private final List<SelectedTable> selected = new ArrayList<>();
    /** target "schema"."table" -> the selection that claimed it first */
    private final Map<List<String>, SelectedTable> targets = new HashMap<>();

    private SelectionResolver(Map<String, DatabaseCatalog> catalogs, List<String> warnings) {
        this.catalogs = catalogs;
        this.warnings = warnings;
    }

    /**
     * @param catalogs the catalog of every selected database, by name
     * @param warnings receives tables skipped by a whole-database selection
     * @throws IllegalArgumentException naming the first selected database, table or column the source lacks
     */
    static Selection resolve(List<DatabaseSelection> objects, Map<String, DatabaseCatalog> catalogs, List<String> warnings) {
        SelectionResolver r = new SelectionResolver(catalogs, warnings);
        for (int i = 0; i < objects.size(); i++) {
            r.database("objects[" + i + "]", objects.get(i));
        }
        return new Selection(r.selected);
    }

    private void database(String path, DatabaseSelection d) {
        DatabaseCatalog catalog = catalogs.get(d.getDatabase());
        if (!catalog.exists()) {
            throw new IllegalArgumentException(path + ": database " + d.getDatabase() + " does not exist in the source"
                    + Messages.caseHint(d.getDatabase(), catalog.similarNames()));
        }
        String schema = d.getRename().isEmpty() ? d.getDatabase() : d.getRename();
        if (d.getTablesCount() == 0) {
            wholeDatabase(path, catalog, schema);
            return;
        }
        for (int j = 0; j < d.getTablesCount(); j++) {
            table(path + ".tables[" + j + "]", catalog, schema, d.getTables(j));
        }
    }

    /** Every base table; views and sequences hold no rows of their own, system-versioned tables are not supported. */
    private void wholeDatabase(String path, DatabaseCatalog catalog, String schema) {
        if (catalog.tables().values().stream().noneMatch(TableInfo::isBaseTable)) {
            warnings.add("database " + catalog.database() + " has no tables: nothing to synchronize");
        }
        for (TableInfo table : catalog.tables().values()) {
            if (table.isSystemVersioned()) {
                warnings.add("table " + catalog.database() + "." + table.name()
                        + " is system-versioned (WITH SYSTEM VERSIONING): it is not synchronized");
            }
            if (table.isBaseTable()) {
                add(new SelectedTable(path, catalog.database(), table.name(), schema, table.name(),
                        allColumns(catalog.columnsOf(table.name()), Map.of())));
            }
        }
    }

    private void table(String path, DatabaseCatalog catalog, String schema, TableSelection t) {
        String qualified = catalog.database() + "." + t.getName();
        TableInfo info = catalog.tables().get(t.getName());
        if (info == null) {
            throw new IllegalArgumentException(path + ": table " + qualified + " does not exist in the source"
                    + Messages.caseHint(t.getName(), catalog.tables().keySet()));
        }
        if (info.isSystemVersioned()) {
            throw new IllegalArgumentException(path + ": table " + qualified
                    + " is system-versioned (WITH SYSTEM VERSIONING), which cannot be synchronized");
        }
        if (!info.isBaseTable()) {
            throw new IllegalArgumentException(path + ": " + qualified + " is a " + info.type().toLowerCase(Locale.ROOT)
                    + ", not a table: only base tables can be synchronized");
        }
        List<ColumnSchema> columns = catalog.columnsOf(t.getName());
        Set<String> names = new HashSet<>();
        columns.forEach(c -> names.add(c.getName()));
        for (int k = 0; k < t.getColumnsCount(); k++) {
            requireColumn(path + ".columns[" + k + "]", qualified, t.getColumns(k), names);
        }
        for (String renamed : t.getRenameColumnsMap().keySet()) {
            requireColumn(path + ".renameColumns." + renamed, qualified, renamed, names);
            if (t.getColumnsCount() > 0 && !t.getColumnsList().contains(renamed)) {
                throw new IllegalArgumentException(path + ".renameColumns." + renamed + ": column " + qualified + "." + renamed
                        + " is not in columns (add it to columns or drop the rename)");
            }
        }
        Map<String, String> selectedColumns = t.getColumnsCount() == 0
                ? allColumns(columns, t.getRenameColumnsMap())
                : someColumns(columns, new HashSet<>(t.getColumnsList()), t.getRenameColumnsMap());
        requireDistinctTargets(path, qualified, selectedColumns);
        String target = t.getRename().isEmpty() ? t.getName() : t.getRename();
        add(new SelectedTable(path, catalog.database(), t.getName(), schema, target, selectedColumns));
    }

    private void add(SelectedTable table) {
        SelectedTable earlier = targets.putIfAbsent(List.of(table.targetSchema(), table.targetName()), table);
        if (earlier != null) {
            throw new IllegalArgumentException(table.path() + ": table " + table.qualifiedName() + " and table "
                    + earlier.qualifiedName() + " (" + earlier.path() + ") would both become " + table.targetSchema() + "."
                    + table.targetName() + " in PostgreSQL (rename one of them)");
        }
        selected.add(table);
    }

    private static Map<String, String> allColumns(List<ColumnSchema> columns, Map<String, String> renames) {
        Map<String, String> out = new LinkedHashMap<>();
        columns.forEach(c -> out.put(c.getName(), renames.getOrDefault(c.getName(), c.getName())));
        return out;
    }

    /** In source ordinal order, whatever order the task lists them in. */
    private static Map<String, String> someColumns(List<ColumnSchema> columns, Set<String> wanted, Map<String, String> renames) {
        Map<String, String> out = new LinkedHashMap<>();
        columns.stream().filter(c -> wanted.contains(c.getName()))
                .forEach(c -> out.put(c.getName(), renames.getOrDefault(c.getName(), c.getName())));
        return out;
    }

    private static void requireColumn(String path, String table, String column, Set<String> names) {
        if (!names.contains(column)) {
            throw new IllegalArgumentException(path + ": column " + table + "." + column + " does not exist in the source"
                    + Messages.caseHint(column, names));
        }
    }

    /** A rename onto another selected column's name would give the PostgreSQL table two columns of one name. */
    private static void requireDistinctTargets(String path, String table, Map<String, String> columns) {
        Map<String, String> sourceByTarget = new HashMap<>();
        columns.forEach((source, target) -> {
            String other = sourceByTarget.putIfAbsent(target, source);
            if (other != null) {
                String renamed = source.equals(target) ? other : source;
                throw new IllegalArgumentException(path + ".renameColumns." + renamed + ": columns " + table + "." + other
                        + " and " + table + "." + source + " would both become column " + target + " in PostgreSQL");
            }
        });
    }
}
