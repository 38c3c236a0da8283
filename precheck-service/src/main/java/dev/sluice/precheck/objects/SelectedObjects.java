package dev.sluice.precheck.objects;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The task's selection resolved against the source. */
public final class SelectedObjects {

    private final List<SelectedTable> tables;
    private final List<String> missing;
    private final List<String> notes;
    private final Map<String, SourceCatalog> catalogs;
    private final Map<List<String>, SelectedTable> bySourceName = new HashMap<>();

    /**
     * @param tables   every selected table that exists, in task file order
     * @param missing  selected things the source lacks (or the account cannot see), each naming its task file entry
     * @param notes    things a whole-database selection leaves out, worth knowing but not blocking
     * @param catalogs the catalog of every selected database that exists, by name
     */
    public SelectedObjects(List<SelectedTable> tables, List<String> missing, List<String> notes, Map<String, SourceCatalog> catalogs) {
        this.tables = List.copyOf(tables);
        this.missing = List.copyOf(missing);
        this.notes = List.copyOf(notes);
        this.catalogs = Map.copyOf(catalogs);
        tables.forEach(t -> bySourceName.putIfAbsent(List.of(t.database(), t.name()), t));
    }

    public List<SelectedTable> tables() {
        return tables;
    }

    public List<String> missing() {
        return missing;
    }

    public List<String> notes() {
        return notes;
    }

    public Map<String, SourceCatalog> catalogs() {
        return catalogs;
    }

    public Optional<SelectedTable> find(String database, String table) {
        return Optional.ofNullable(bySourceName.get(List.of(database, table)));
    }
}
