package dev.sluice.capture.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Runs one information_schema query for one database. Every query selects TABLE_SCHEMA (or
 * CONSTRAINT_SCHEMA) first and binds the database as its only parameter; rows are then kept only when
 * that name matches exactly, because the server may compare names case-insensitively
 * (lower_case_table_names) and `crm` must never pick up rows of `CRM`.
 */
final class InformationSchema {

    /** One result row; the ResultSet is positioned on it. */
    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private InformationSchema() {
    }

    static void forEachRow(Connection c, String sql, String database, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (database.equals(rs.getString(1))) {
                        handler.row(rs);
                    }
                }
            }
        }
    }

    /** information_schema uses SQL NULL for "not applicable" (no length, no precision): 0 in the proto. */
    static long longOrZero(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? 0 : v;
    }

    static int intOrZero(ResultSet rs, String column) throws SQLException {
        return (int) longOrZero(rs, column);
    }

    static String stringOrEmpty(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? "" : v;
    }
}
