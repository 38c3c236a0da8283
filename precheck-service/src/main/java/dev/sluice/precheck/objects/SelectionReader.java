package dev.sluice.precheck.objects;

import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.TableSelection;
import dev.sluice.v1.TaskSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the task's objects against the source the way capture-service will: whole databases mean their
 * base tables, names compare exactly, renames give the PostgreSQL names. Unlike capture it does not stop at
 * the first problem: the precheck lists them all.
 */
public final class SelectionReader {

    private final Map<String, SourceCatalog> catalogs;
    private final Set<String> databases;
    private final List<SelectedTable> tables = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private SelectionReader(Map<String, SourceCatalog> catalogs, Set<String> databases) {
        this.catalogs = catalogs;
        this.databases = databases;
    }

    /** One query for the database names, then five per selected database. */
    public static SelectedObjects read(Connection source, TaskSpec spec) throws SQLException {
        Set<String> databases = new HashSet<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        Map<String, SourceCatalog> catalogs = new LinkedHashMap<>();
        for (DatabaseSelection d : spec.getObjectsList()) {
            if (databases.contains(d.getDatabase()) && !catalogs.containsKey(d.getDatabase())) {
                catalogs.put(d.getDatabase(), SourceCatalog.read(source, d.getDatabase()));
            }
        }
        SelectionReader r = new SelectionReader(catalogs, databases);
        for (int i = 0; i < spec.getObjectsCount(); i++) {
            r.database("objects[" + i + "]", spec.getObjects(i));
        }
        return new SelectedObjects(r.tables, r.missing, r.notes, catalogs);
    }

    private void database(String path, DatabaseSelection d) {
        SourceCatalog catalog = catalogs.get(d.getDatabase());
        if (catalog == null) {
            // information_schema hides what the account has no privilege on: "missing" may mean "not visible"
            missing.add(path + ": database " + d.getDatabase() + " does not exist in the source, or the account cannot see it"
                    + caseHint(d.getDatabase(), databases));
            return;
        }
        String schema = d.getRename().isEmpty() ? d.getDatabase() : d.getRename();
        if (d.getTablesCount() == 0) {
            wholeDatabase(path, catalog, schema);
        }
        for (int j = 0; j < d.getTablesCount(); j++) {
            table(path + ".tables[" + j + "]", catalog, schema, d.getTables(j));
        }
    }

    private void wholeDatabase(String path, SourceCatalog catalog, String schema) {
        if (catalog.tables().values().stream().noneMatch(TableInfo::isBaseTable)) {
            notes.add("database " + catalog.database() + " has no tables: nothing to synchronize");
        }
        for (TableInfo t : catalog.tables().values()) {
            if (t.isSystemVersioned()) {
                notes.add("table " + catalog.database() + "." + t.name() + " is system-versioned (WITH SYSTEM VERSIONING): it is not synchronized");
            }
            if (t.isBaseTable()) {
                tables.add(new SelectedTable(path, catalog.database(), t.name(), schema, t.name(),
                        catalog.columnsOf(t.name()).stream().map(c -> new SelectedColumn(c, c.name())).toList(), t));
            }
        }
    }

    private void table(String path, SourceCatalog catalog, String schema, TableSelection t) {
        String qualified = catalog.database() + "." + t.getName();
        TableInfo info = catalog.tables().get(t.getName());
        if (info == null) {
            missing.add(path + ": table " + qualified + " does not exist in the source, or the account cannot see it"
                    + caseHint(t.getName(), catalog.tables().keySet()));
            return;
        }
        if (info.isSystemVersioned()) {
            missing.add(path + ": table " + qualified + " is system-versioned (WITH SYSTEM VERSIONING), which cannot be synchronized");
            return;
        }
        if (!info.isBaseTable()) {
            missing.add(path + ": " + qualified + " is a " + info.type().toLowerCase(Locale.ROOT)
                    + ", not a table: only base tables can be synchronized");
            return;
        }
        List<ColumnInfo> all = catalog.columnsOf(t.getName());
        Set<String> names = new HashSet<>();
        all.forEach(c -> names.add(c.name()));
        int before = missing.size();
        for (int k = 0; k < t.getColumnsCount(); k++) {
            requireColumn(path + ".columns[" + k + "]", qualified, t.getColumns(k), names);
        }
        for (String renamed : t.getRenameColumnsMap().keySet()) {
            requireColumn(path + ".renameColumns." + renamed, qualified, renamed, names);
        }
        if (missing.size() > before) {
            return;
        }
        Set<String> wanted = t.getColumnsCount() == 0 ? names : new HashSet<>(t.getColumnsList());
        List<SelectedColumn> columns = all.stream().filter(c -> wanted.contains(c.name()))
                .map(c -> new SelectedColumn(c, t.getRenameColumnsMap().getOrDefault(c.name(), c.name()))).toList();
        tables.add(new SelectedTable(path, catalog.database(), t.getName(), schema, t.getRename().isEmpty() ? t.getName() : t.getRename(),
                columns, info));
    }

    private void requireColumn(String path, String table, String column, Set<String> names) {
        if (!names.contains(column)) {
            missing.add(path + ": column " + table + "." + column + " does not exist in the source" + caseHint(column, names));
        }
    }

    /** MariaDB users often type a name in another case; saying so saves a round trip. */
    static String caseHint(String name, Collection<String> existing) {
        return existing.stream().filter(e -> e.equalsIgnoreCase(name) && !e.equals(name)).sorted().findFirst()
                .map(e -> " (names are case-sensitive: did you mean " + e + "?)").orElse("");
    }
}
