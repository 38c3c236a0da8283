package dev.sluice.capture.schema;

import static dev.sluice.capture.schema.InformationSchema.longOrZero;
import static dev.sluice.capture.schema.InformationSchema.stringOrEmpty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** information_schema.SCHEMATA and TABLES: does the database exist, and which tables (and views) it holds. */
final class TableReader {

    private static final String TABLES = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COMMENT, TABLE_ROWS, "
            + "DATA_LENGTH, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?";

    private TableReader() {
    }

    /**
     * The databases whose name equals {@code database} ignoring case: the exact one when it exists, otherwise
     * the near misses a message can suggest. A database without tables has no rows in TABLES, so existence
     * is asked here. SCHEMATA is small: comparing in lower case there costs nothing.
     */
    static List<String> databasesNamedLike(Connection c, String database) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                + "WHERE LOWER(SCHEMA_NAME) = LOWER(?)")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Every table, view and sequence of the database, sorted by name (Java's order: exact, case-sensitive). */
    static Map<String, TableInfo> read(Connection c, String database) throws SQLException {
        Map<String, TableInfo> out = new TreeMap<>();
        InformationSchema.forEachRow(c, TABLES, database, rs -> {
            String name = rs.getString("TABLE_NAME");
            out.put(name, new TableInfo(name, rs.getString("TABLE_TYPE"), stringOrEmpty(rs, "ENGINE"),
                    stringOrEmpty(rs, "TABLE_COMMENT"), longOrZero(rs, "TABLE_ROWS"), longOrZero(rs, "DATA_LENGTH"),
                    longOrZero(rs, "AUTO_INCREMENT")));
        });
        return out;
    }
}
