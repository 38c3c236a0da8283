package dev.sluice.apply.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What PostgreSQL's catalog says about a table, one line per object, for exact assertions. */
final class PgCatalog {

    private static final String RELATION = "(SELECT k.oid FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
            + " WHERE n.nspname = ? AND k.relname = ?)";

    private PgCatalog() {
    }

    /** name | format_type | NOT NULL? | default expression | identity ('d' = BY DEFAULT) | comment */
    static List<String> columns(Connection c, String schema, String table) throws SQLException {
        return lines(c, "SELECT a.attname || ' | ' || format_type(a.atttypid, a.atttypmod) || ' | '"
                + " || CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'null' END || ' | '"
                + " || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' | ' || coalesce(nullif(a.attidentity::text, ''), '-')"
                + " || coalesce(' | ' || col_description(a.attrelid, a.attnum), '')"
                + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attrelid = " + RELATION + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", schema, table);
    }

    /** index name | definition | unique? | primary? */
    static List<String> indexes(Connection c, String schema, String table) throws SQLException {
        return lines(c, "SELECT i.relname || ' | ' || pg_get_indexdef(i.oid) || ' | ' || x.indisunique || ' | ' || x.indisprimary"
                + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = " + RELATION
                + " ORDER BY i.relname", schema, table);
    }

    /** constraint name | type | definition | confdeltype | confupdtype */
    static List<String> constraints(Connection c, String schema, String table) throws SQLException {
        return lines(c, "SELECT conname || ' | ' || contype::text || ' | ' || pg_get_constraintdef(oid) || ' | ' || confdeltype::text"
                + " || ' | ' || confupdtype::text FROM pg_constraint WHERE conrelid = " + RELATION + " ORDER BY conname", schema, table);
    }

    static String tableComment(Connection c, String schema, String table) throws SQLException {
        List<String> l = lines(c, "SELECT coalesce(obj_description(" + RELATION + ", 'pg_class'), '-')", schema, table);
        return l.get(0);
    }

    static List<String> lines(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
