package dev.sluice.apply.schema;

import dev.sluice.model.TaskSpecRules;
import dev.sluice.v1.TableSchema;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link DdlPlan} on the destination. Each phase is one transaction (PostgreSQL DDL is
 * transactional): a failure leaves nothing half-created. Both methods commit, so the connection must
 * not carry a transaction of the caller's; its auto-commit setting is restored afterwards. What must
 * commit together with the DDL (the task's checkpoint) runs in the {@code sameTransaction} callback.
 */
public final class SchemaApplier {

    /** Work that commits atomically with the DDL. */
    @FunctionalInterface
    public interface SameTransaction<T> {
        void run(T result) throws SQLException;
    }

    /**
     * SQLSTATEs for which an after-copy statement is skipped with a warning instead of failing the task:
     * the copied rows break a constraint (class 23) or a value cannot be converted (class 22) — the
     * source accepted data the PostgreSQL form of a check or key refuses — an index row is too large
     * (54000), a translated check does not type-check (42804, 42883, 42725), or a kept table lacks the
     * key a foreign key needs (42830). Anything else (lost connection, permissions) fails.
     */
    private static final Set<String> TOLERATED_STATES = Set.of("54000", "42804", "42883", "42725", "42830");

    private SchemaApplier() {
    }

    /** The tables of {@code tables} whose target name is already taken by a relation (table, view, ...), in input order. */
    public static List<TargetTable> existingTables(Connection c, List<TableSchema> tables) throws SQLException {
        return existing(c, tables.stream().map(TargetTable::of).toList());
    }

    /**
     * Creates the schemas and tables (with keys, defaults, identity, ENUM checks, comments).
     *
     * @param conflictingTables {@link TaskSpecRules#CONFLICT_REPORT} (or empty): if any target table
     *        exists, throws {@link ConflictingTablesException} naming all of them and changes nothing;
     *        {@link TaskSpecRules#CONFLICT_IGNORE}: existing tables are left exactly as they are
     * @return the tables created: pass them to {@link DdlPlan#only} for {@link #applyAfterCopy}, so
     *         tables that were kept get no indexes or constraints either
     */
    public static List<TargetTable> applyBeforeCopy(Connection c, DdlPlan plan, String conflictingTables) throws SQLException {
        return applyBeforeCopy(c, plan, conflictingTables, created -> { });
    }

    public static List<TargetTable> applyBeforeCopy(Connection c, DdlPlan plan, String conflictingTables,
            SameTransaction<List<TargetTable>> sameTransaction) throws SQLException {
        boolean ignore = conflictMode(conflictingTables);
        return inTransaction(c, () -> {
            List<TargetTable> existing = existing(c, plan.targetTables());
            if (!existing.isEmpty() && !ignore) {
                throw new ConflictingTablesException(existing);
            }
            try (Statement st = c.createStatement()) {
                for (DdlStatement s : plan.schemas()) {
                    if (!schemaExists(c, s.objectName())) {
                        st.execute(s.sql());
                    }
                }
                Set<TargetTable> skip = new HashSet<>(existing);
                List<TargetTable> created = new ArrayList<>();
                for (TableDdl t : plan.tables()) {
                    if (!skip.contains(t.table())) {
                        for (DdlStatement s : t.beforeCopy()) {
                            st.execute(s.sql());
                        }
                        created.add(t.table());
                    }
                }
                sameTransaction.run(created);
                return created;
            }
        });
    }

    /**
     * Creates the secondary indexes, CHECK constraints and foreign keys of every table in {@code plan}.
     * Idempotent: what already exists is skipped, so it can run again after a crash.
     *
     * @return one line per statement PostgreSQL refused for a data reason (see TOLERATED_STATES), for the task log
     */
    public static List<String> applyAfterCopy(Connection c, DdlPlan plan) throws SQLException {
        return applyAfterCopy(c, plan, refused -> { });
    }

    public static List<String> applyAfterCopy(Connection c, DdlPlan plan, SameTransaction<List<String>> sameTransaction) throws SQLException {
        return inTransaction(c, () -> {
            List<String> refused = new ArrayList<>();
            try (Statement st = c.createStatement()) {
                for (DdlStatement s : plan.afterCopy()) {
                    if (exists(c, s)) {
                        continue;
                    }
                    Savepoint sp = c.setSavepoint();
                    try {
                        st.execute(s.sql());
                        c.releaseSavepoint(sp);
                    } catch (SQLException e) {
                        if (!tolerated(e)) {
                            throw e;
                        }
                        c.rollback(sp);
                        refused.add(s.table() + ": " + describe(s) + " not created: " + e.getMessage().strip());
                    }
                }
            }
            sameTransaction.run(refused);
            return refused;
        });
    }

    private static boolean conflictMode(String mode) {
        if (mode == null || mode.isEmpty() || mode.equals(TaskSpecRules.CONFLICT_REPORT)) {
            return false;
        }
        if (mode.equals(TaskSpecRules.CONFLICT_IGNORE)) {
            return true;
        }
        throw new IllegalArgumentException("conflictingTables: '" + mode + "' is not a mode (use report or ignore)");
    }

    private static boolean tolerated(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || TOLERATED_STATES.contains(state));
    }

    private static String describe(DdlStatement s) {
        switch (s.guard()) {
            case INDEX:
                return "index " + s.objectName();
            case FOREIGN_KEY:
                return "foreign key " + s.objectName();
            case CHECK:
                return "check " + s.objectName();
            default:
                return "statement " + s.sql();
        }
    }

    /**
     * Names already taken in the plan's schemas by relations that are not the plan's (tables, indexes,
     * sequences, views of other tables and tasks, or a table renamed away whose primary key index kept
     * its name): PostgreSQL puts index names in the schema's one namespace, so the keys and indexes
     * planned must not reuse them. The plan's own tables and their indexes do not count, so planning
     * again after a restart or an UpdateTask gives the names already created.
     */
    public static Map<String, Set<String>> takenNames(Connection c, List<TableSchema> tables) throws SQLException {
        Map<String, Set<String>> taken = new HashMap<>();
        if (tables.isEmpty()) {
            return taken;
        }
        List<TargetTable> plan = tables.stream().map(TargetTable::of).toList();
        Set<TargetTable> ours = new HashSet<>(plan);
        String sql = "SELECT n.nspname, k.relname, owner.relname FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " LEFT JOIN pg_index i ON i.indexrelid = k.oid LEFT JOIN pg_class owner ON owner.oid = i.indrelid"
                + " WHERE n.nspname = ANY (?::text[])";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", plan.stream().map(TargetTable::schema).distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String schema = rs.getString(1);
                    String owner = rs.getString(3);
                    boolean planTable = ours.contains(new TargetTable(schema, rs.getString(2)));
                    boolean planIndex = owner != null && ours.contains(new TargetTable(schema, owner));
                    if (!planTable && !planIndex) {
                        taken.computeIfAbsent(schema, x -> new HashSet<>()).add(rs.getString(2));
                    }
                }
            }
        }
        return taken;
    }

    private static List<TargetTable> existing(Connection c, List<TargetTable> tables) throws SQLException {
        if (tables.isEmpty()) {
            return List.of();
        }
        Set<TargetTable> found = new HashSet<>();
        String sql = "SELECT n.nspname, k.relname FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " JOIN unnest(?::text[], ?::text[]) AS w(s, t) ON w.s = n.nspname AND w.t = k.relname";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array schemas = c.createArrayOf("text", tables.stream().map(TargetTable::schema).toArray());
            Array names = c.createArrayOf("text", tables.stream().map(TargetTable::name).toArray());
            ps.setArray(1, schemas);
            ps.setArray(2, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new TargetTable(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return tables.stream().filter(found::contains).toList();
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        return any(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema);
    }

    /**
     * Whether the object {@code s} creates is there. An index name is schema-wide: when a relation of
     * that name exists but is not an index of this table, creating ours would silently do nothing
     * (IF NOT EXISTS), so that is an error.
     */
    private static boolean exists(Connection c, DdlStatement s) throws SQLException {
        switch (s.guard()) {
            case CHECK:
            case FOREIGN_KEY:
                return any(c, "SELECT 1 FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
                        + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ? AND k.conname = ?",
                        s.table().schema(), s.table().name(), s.objectName());
            case INDEX: {
                boolean taken = any(c, "SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                        + " WHERE n.nspname = ? AND k.relname = ?", s.table().schema(), s.objectName());
                boolean ours = any(c, "SELECT 1 FROM pg_index i JOIN pg_class k ON k.oid = i.indexrelid"
                        + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = k.relnamespace"
                        + " WHERE n.nspname = ? AND k.relname = ? AND t.relname = ?", s.table().schema(), s.objectName(), s.table().name());
                if (taken && !ours) {
                    throw new SQLException("cannot create index " + s.objectName() + " on " + s.table()
                            + ": the name is taken by another relation in schema " + s.table().schema());
                }
                return ours;
            }
            case SCHEMA:
                return schemaExists(c, s.objectName());
            default:
                return false;
        }
    }

    private static boolean any(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
