package dev.sluice.apply.dml;

import dev.sluice.apply.value.KeyIndexes;
import dev.sluice.v1.ForeignKeySchema;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.sql.Connection;
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
 * Applies binlog changes inside the caller's open transaction. Consecutive changes of one kind to one
 * table collapse into one set-based statement (the last image of a key wins); order between
 * statements is the binlog's. The caller commits, together with the checkpoint.
 */
public final class ChangeApplier {

    private enum Kind { UPSERT, DELETE }

    private static final Set<String> CASCADING = Set.of("CASCADE", "SET NULL", "SET DEFAULT");

    private final Connection pg;
    private final StatementWriter writer;
    private final Map<String, TableSchema> tables = new HashMap<>();
    /** Parents whose deletes / key updates MariaDB cascaded without logging the child rows. */
    private final Set<String> cascadeOnDelete = new HashSet<>();
    private final Set<String> cascadeOnUpdate = new HashSet<>();

    private TableSchema runTable;
    private Kind runKind;
    private final Map<List<Value>, List<Value>> run = new LinkedHashMap<>();

    public ChangeApplier(Connection pg, List<TableSchema> schema) {
        this.pg = pg;
        this.writer = new StatementWriter(pg);
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
    }

    public void apply(List<RowChange> changes) throws SQLException {
        for (RowChange ch : changes) {
            String name = ch.getDatabase() + "." + ch.getTable();
            TableSchema t = tables.get(name);
            if (t == null) {
                throw new IllegalStateException("change for table " + name + " that is not in the task's schema");
            }
            if (t.getKeyColumnsCount() == 0) {
                flush();
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
                        flush();
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
        flush();
    }

    private void add(TableSchema t, Kind kind, List<Value> row) throws SQLException {
        if (runTable != t || runKind != kind) {
            flush();
            runTable = t;
            runKind = kind;
        }
        List<Value> key = key(t, row);
        run.remove(key);
        run.put(key, row);
    }

    private void flush() throws SQLException {
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
