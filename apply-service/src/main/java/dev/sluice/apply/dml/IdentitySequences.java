package dev.sluice.apply.dml;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps each identity sequence (a former AUTO_INCREMENT) past the highest value the binlog wrote into
 * its column. MariaDB moves AUTO_INCREMENT with every insert; a PostgreSQL identity moves only with its
 * own nextval, so without this a row inserted in PostgreSQL after a cutover would take an id that
 * replication already wrote. Sequences only move forward: one written by others stays where it is.
 * setval is not transactional: a rolled-back transaction leaves a sequence ahead, which costs a gap,
 * never a collision.
 */
final class IdentitySequences {

    private static final Logger LOG = Logger.getLogger(IdentitySequences.class);

    private final Connection pg;
    /** Tables with an identity column: the column's index. */
    private final Map<TableSchema, Integer> column = new HashMap<>();
    /** The highest value written per table since the last {@link #advance}. */
    private final Map<TableSchema, Long> written = new HashMap<>();
    /** Per table: a value the sequence's next value is known to be at least (it never moves back). */
    private final Map<TableSchema, Long> knownNext = new HashMap<>();
    /** Per table: the sequence, quoted; "" when the column has none (not an identity in the destination). */
    private final Map<TableSchema, String> sequence = new HashMap<>();

    IdentitySequences(Connection pg, List<TableSchema> tables) {
        this.pg = pg;
        for (TableSchema t : tables) {
            for (int i = 0; i < t.getColumnsCount(); i++) {
                ColumnSchema c = t.getColumns(i);
                if (c.getAutoIncrement() && c.getExpression().isEmpty()) {
                    column.put(t, i);
                }
            }
        }
    }

    /** Notes a row image written into a table. */
    void wrote(TableSchema t, List<Value> row) {
        Integer i = column.get(t);
        if (i == null) {
            return;
        }
        Value v = row.get(i);
        if (v.getKindCase() == Value.KindCase.INT_VALUE) {
            written.merge(t, v.getIntValue(), Math::max);
        }
    }

    /** Moves the sequences past the values written; in the caller's transaction, before it commits. */
    void advance() throws SQLException {
        for (Map.Entry<TableSchema, Long> e : written.entrySet()) {
            TableSchema t = e.getKey();
            long next = e.getValue() + 1;
            if (e.getValue() == Long.MAX_VALUE || next <= knownNext.getOrDefault(t, Long.MIN_VALUE)) {
                continue;
            }
            String seq = sequence.get(t);
            if (seq == null) {
                seq = find(t);
                sequence.put(t, seq);
            }
            if (seq.isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = pg.prepareStatement("SELECT next, CASE WHEN next < ? THEN setval(?::regclass, ?, false) END "
                    + "FROM (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END AS next FROM " + seq + ") s")) {
                ps.setLong(1, next);
                ps.setString(2, seq);
                ps.setLong(3, next);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    knownNext.put(t, Math.max(next, rs.getLong(1)));
                }
            }
        }
        written.clear();
    }

    /**
     * The identity sequence of the table's column, quoted for SQL; "" when it has none, or when this
     * account may not move it (a table kept by conflictingTables: ignore, owned by someone else).
     */
    private String find(TableSchema t) throws SQLException {
        ColumnSchema c = t.getColumns(column.get(t));
        try (PreparedStatement ps = pg.prepareStatement("SELECT n.nspname, s.relname, has_sequence_privilege(s.oid, 'SELECT, UPDATE') "
                + "FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace WHERE s.oid = pg_get_serial_sequence(?, ?)::regclass")) {
            ps.setString(1, SqlIdentifiers.pg(t.getTargetSchema(), t.getTargetName()));
            ps.setString(2, c.getTargetName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                if (!rs.getBoolean(3)) {
                    LOG.warnf("%s.%s: this account may not move its identity sequence; rows inserted in PostgreSQL may collide with replicated ids",
                            t.getTargetSchema(), t.getTargetName());
                    return "";
                }
                return SqlIdentifiers.pg(rs.getString(1), rs.getString(2));
            }
        }
    }
}
