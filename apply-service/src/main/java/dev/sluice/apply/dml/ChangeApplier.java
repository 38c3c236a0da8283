package dev.sluice.apply.dml;

import dev.sluice.apply.value.KeyIndexes;
import dev.sluice.v1.ForeignKeySchema;
import dev.sluice.v1.IndexSchema;
import dev.sluice.v1.Operation;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies binlog changes inside the caller's open transaction. The caller calls {@link #flush()}
 * before it commits, together with the checkpoint.
 *
 * <p>Most tables are "collapsible": their only unique index is the row identity, they are not the
 * parent of a cascading foreign key, and no trigger fires on them for replicated writes. For them
 * only each key's final state matters (row images are full; writes run without triggers or FK
 * checks), so their changes are held as key → last image (or deleted) and written as one DELETE
 * and one multi-row upsert per table: a handful of statements per commit however small the source
 * transactions were. Other tables keep the binlog's order: consecutive changes of one kind to one
 * table collapse into one statement. Held changes are written before any change to a
 * non-collapsible table (so PostgreSQL's cascades see them), and whenever {@link #MAX_HELD_ROWS}
 * are held (a huge source transaction streams through).
 */
public final class ChangeApplier {

    private enum Kind { UPSERT, DELETE }

    private static final Set<String> CASCADING = Set.of("CASCADE", "SET NULL", "SET DEFAULT");

    private final Connection pg;
    private final StatementWriter writer;
    private final IdentitySequences identities;
    private final Map<String, TableSchema> tables = new HashMap<>();
    /** Parents whose deletes / key updates MariaDB cascaded without logging the child rows. */
    private final Set<String> cascadeOnDelete = new HashSet<>();
    private final Set<String> cascadeOnUpdate = new HashSet<>();

    /** Rows held for collapsible tables before they are written. */
    static final int MAX_HELD_ROWS = 5000;

    /** Tables whose changes may be collapsed, before looking at their triggers. */
    private final Set<TableSchema> candidates = new HashSet<>();
    /** Candidates without a trigger that fires on replicated writes, as of the current commit group. */
    private Set<TableSchema> collapsible = Set.of();
    /** Per collapsible table: key → its final image, or its before image marked deleted. */
    private final Map<TableSchema, LinkedHashMap<List<Value>, Held>> held = new LinkedHashMap<>();
    private int heldRows;

    private record Held(List<Value> image, boolean deleted) {
    }

    private TableSchema runTable;
    private Kind runKind;
    private final Map<List<Value>, List<Value>> run = new LinkedHashMap<>();

    public ChangeApplier(Connection pg, List<TableSchema> schema) {
        this.pg = pg;
        this.writer = new StatementWriter(pg);
        this.identities = new IdentitySequences(pg, schema);
        for (TableSchema t : schema) {
            tables.put(t.getDatabase() + "." + t.getName(), t);
        }
        for (TableSchema t : schema) {
            for (ForeignKeySchema fk : t.getForeignKeysList()) {
                String parent = fk.getReferencedDatabase() + "." + fk.getReferencedTable();
                if (!tables.containsKey(parent) || fk.getReferencedTargetTable().isEmpty()) {
                    continue;
                }
                if (CASCADING.contains(fk.getOnDelete())) {
                    cascadeOnDelete.add(parent);
                }
                if (CASCADING.contains(fk.getOnUpdate())) {
                    cascadeOnUpdate.add(parent);
                }
            }
        }
        for (TableSchema t : schema) {
            String name = t.getDatabase() + "." + t.getName();
            if (t.getKeyColumnsCount() > 0 && !cascadeOnDelete.contains(name) && !cascadeOnUpdate.contains(name) && onlyUniqueIsKey(t)) {
                candidates.add(t);
            }
        }
    }

    /**
     * Called before the first change of each destination transaction. A table with a trigger enabled
     * ALWAYS or REPLICA (one that fires for replicated writes) must see every change, not only each
     * key's final state, so its changes are applied one by one, in order. Looked up per transaction:
     * such a trigger may be created while the task runs.
     */
    public void beginTransaction() throws SQLException {
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> triggered = new HashSet<>();
        try (Statement st = pg.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT n.nspname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND t.tgenabled IN ('A', 'R')")) {
            while (rs.next()) {
                triggered.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        Set<TableSchema> next = new HashSet<>();
        for (TableSchema t : candidates) {
            if (!triggered.contains(t.getTargetSchema() + "." + t.getTargetName())) {
                next.add(t);
            }
        }
        collapsible = next;
    }

    /** A second unique index could be violated halfway when changes are reordered (two rows swapping a value). */
    private static boolean onlyUniqueIsKey(TableSchema t) {
        Set<String> key = new HashSet<>(t.getKeyColumnsList());
        return t.getIndexesList().stream().filter(IndexSchema::getUnique).allMatch(i -> new HashSet<>(i.getColumnsList()).equals(key));
    }

    public void apply(List<RowChange> changes) throws SQLException {
        for (RowChange ch : changes) {
            String name = ch.getDatabase() + "." + ch.getTable();
            TableSchema t = tables.get(name);
            if (t == null) {
                throw new IllegalStateException("change for table " + name + " that is not in the task's schema");
            }
            if (ch.getOp() != Operation.DELETE) {
                identities.wrote(t, ch.getAfterList());
            }
            if (collapsible.contains(t)) {
                // A run of another table ends here, as in binlog order: only truly consecutive changes
                // of a non-collapsible table merge (its triggers, if any, see every other state).
                flushRun();
                hold(t, ch);
                continue;
            }
            writeHeld();
            if (t.getKeyColumnsCount() == 0) {
                flushRun();
                keyless(t, ch);
                continue;
            }
            switch (ch.getOp()) {
                case INSERT:
                case SNAPSHOT_ROW:
                    add(t, Kind.UPSERT, ch.getAfterList());
                    break;
                case UPDATE:
                    if (key(t, ch.getBeforeList()).equals(key(t, ch.getAfterList()))) {
                        add(t, Kind.UPSERT, ch.getAfterList());
                    } else {
                        flushRun();
                        moveRow(t, name, ch.getBeforeList(), ch.getAfterList());
                    }
                    break;
                case DELETE:
                    add(t, Kind.DELETE, ch.getBeforeList());
                    break;
                default:
                    throw new IllegalStateException("unexpected operation " + ch.getOp() + " for " + name);
            }
        }
        flushRun();
    }

    /** Writes everything held and moves identity sequences past the ids written; the caller calls this before it commits. */
    public void flush() throws SQLException {
        flushRun();
        writeHeld();
        identities.advance();
    }

    private void hold(TableSchema t, RowChange ch) throws SQLException {
        Map<List<Value>, Held> rows = held.computeIfAbsent(t, x -> new LinkedHashMap<>());
        switch (ch.getOp()) {
            case INSERT:
            case SNAPSHOT_ROW:
                heldRows += rows.put(key(t, ch.getAfterList()), new Held(ch.getAfterList(), false)) == null ? 1 : 0;
                break;
            case UPDATE: {
                List<Value> before = key(t, ch.getBeforeList());
                List<Value> after = key(t, ch.getAfterList());
                if (!before.equals(after)) {
                    heldRows += rows.put(before, new Held(ch.getBeforeList(), true)) == null ? 1 : 0;
                }
                heldRows += rows.put(after, new Held(ch.getAfterList(), false)) == null ? 1 : 0;
                break;
            }
            case DELETE:
                heldRows += rows.put(key(t, ch.getBeforeList()), new Held(ch.getBeforeList(), true)) == null ? 1 : 0;
                break;
            default:
                throw new IllegalStateException("unexpected operation " + ch.getOp() + " for " + t.getDatabase() + "." + t.getName());
        }
        if (heldRows >= MAX_HELD_ROWS) {
            writeHeld();
        }
    }

    /** Each held key's final state: one DELETE and one upsert per table (keys are distinct, so their order is free). */
    private void writeHeld() throws SQLException {
        if (heldRows == 0) {
            return;
        }
        for (Map.Entry<TableSchema, LinkedHashMap<List<Value>, Held>> e : held.entrySet()) {
            List<List<Value>> deletes = new ArrayList<>();
            List<List<Value>> upserts = new ArrayList<>();
            for (Held h : e.getValue().values()) {
                (h.deleted() ? deletes : upserts).add(h.image());
            }
            if (!deletes.isEmpty()) {
                writer.deleteByKey(e.getKey(), deletes);
            }
            if (!upserts.isEmpty()) {
                writer.upsert(e.getKey(), upserts);
            }
        }
        held.clear();
        heldRows = 0;
    }

    private void add(TableSchema t, Kind kind, List<Value> row) throws SQLException {
        if (runTable != t || runKind != kind) {
            flushRun();
            runTable = t;
            runKind = kind;
        }
        List<Value> key = key(t, row);
        run.remove(key);
        run.put(key, row);
    }

    private void flushRun() throws SQLException {
        if (run.isEmpty()) {
            return;
        }
        TableSchema t = runTable;
        String name = t.getDatabase() + "." + t.getName();
        if (runKind == Kind.UPSERT) {
            writer.upsert(t, run.values());
        } else if (cascadeOnDelete.contains(name)) {
            withCascades(() -> writer.deleteByKey(t, run.values()));
        } else {
            writer.deleteByKey(t, run.values());
        }
        run.clear();
        runTable = null;
        runKind = null;
    }

    private void moveRow(TableSchema t, String name, List<Value> before, List<Value> after) throws SQLException {
        int[] moved = new int[1];
        if (cascadeOnUpdate.contains(name)) {
            withCascades(() -> moved[0] = writer.updateByKey(t, before, after));
        } else {
            moved[0] = writer.updateByKey(t, before, after);
        }
        if (moved[0] == 0) {
            // Replaying a change already applied: the row is at its new key (or gone); the image decides.
            writer.upsert(t, List.of(after));
        }
    }

    private void keyless(TableSchema t, RowChange ch) throws SQLException {
        switch (ch.getOp()) {
            case INSERT:
            case SNAPSHOT_ROW:
                writer.insert(t, List.of(ch.getAfterList()), "");
                break;
            case UPDATE:
                writer.changeOneMatching(t, ch.getBeforeList(), ch.getAfterList());
                break;
            case DELETE:
                writer.changeOneMatching(t, ch.getBeforeList(), null);
                break;
            default:
                throw new IllegalStateException("unexpected operation " + ch.getOp());
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    /**
     * MariaDB does not log rows changed by foreign-key actions; PostgreSQL's own cascading foreign keys
     * redo them, so this one statement runs with triggers (and so FK actions) on.
     */
    private void withCascades(SqlAction action) throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute("SET LOCAL session_replication_role = origin");
            action.run();
            st.execute("SET LOCAL session_replication_role = replica");
        }
    }

    private static List<Value> key(TableSchema t, List<Value> row) {
        int[] idx = KeyIndexes.of(t);
        List<Value> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(row.get(i));
        }
        return out;
    }
}
