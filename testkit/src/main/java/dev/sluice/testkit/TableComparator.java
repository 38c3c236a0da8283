package dev.sluice.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a MariaDB table with its PostgreSQL copy, row by row and value by value, under the README's
 * type mapping. Written independently of Sluice's converters (each side renders canonical text in
 * SQL), so a converter bug cannot hide itself.
 */
public final class TableComparator {

    private record Column(String name, String type) {
    }

    private TableComparator() {
    }

    /** @return human-readable differences (at most 20), empty when equal */
    public static List<String> differences(Connection maria, String db, String table, Connection pg, String schema, String pgTable)
            throws SQLException {
        List<Column> columns = columns(maria, db, table);
        List<String> key = key(maria, db, table, columns);
        Map<String, List<String>> source = read(maria, mariaSql(db, table, columns), columns, key, true, pg);
        Map<String, List<String>> target = read(pg, pgSql(schema, pgTable, columns), columns, key, false, pg);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : source.entrySet()) {
            List<String> t = target.get(e.getKey());
            if (t == null) {
                out.add(db + "." + table + " row " + e.getKey() + " is missing in PostgreSQL");
            } else {
                for (int i = 0; i < columns.size(); i++) {
                    if (!same(columns.get(i).type, e.getValue().get(i), t.get(i))) {
                        out.add(db + "." + table + " row " + e.getKey() + " column " + columns.get(i).name + ": MariaDB "
                                + e.getValue().get(i) + " vs PostgreSQL " + t.get(i));
                    }
                }
            }
            if (out.size() >= 20) {
                return out;
            }
        }
        for (String k : target.keySet()) {
            if (!source.containsKey(k)) {
                out.add(db + "." + table + " row " + k + " exists only in PostgreSQL");
                if (out.size() >= 20) {
                    break;
                }
            }
        }
        return out;
    }

    public static long count(Connection c, String qualifiedTable) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + qualifiedTable)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Column> columns(Connection maria, String db, String table) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = maria.prepareStatement("SELECT c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, "
                + "EXISTS (SELECT 1 FROM information_schema.CHECK_CONSTRAINTS k WHERE k.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA "
                + "AND k.TABLE_NAME = c.TABLE_NAME AND k.CHECK_CLAUSE = CONCAT('json_valid(`', c.COLUMN_NAME, '`)')) "
                + "FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2).toLowerCase(Locale.ROOT);
                    if (rs.getBoolean(4)) {
                        type = "json";
                    }
                    out.add(new Column(rs.getString(1), type));
                }
            }
        }
        return out;
    }

    private static List<String> key(Connection maria, String db, String table, List<Column> columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = maria.prepareStatement("SELECT COLUMN_NAME FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        if (out.isEmpty()) {
            // keyless: the whole row is the key (duplicates are numbered)
            columns.forEach(c -> out.add(c.name));
        }
        return out;
    }

    private static String m(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String p(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String mariaSql(String db, String table, List<Column> columns) {
        List<String> exprs = new ArrayList<>();
        for (Column c : columns) {
            String x = m(c.name);
            String zero = "(" + x + " IS NULL OR MONTH(" + x + ") = 0 OR DAYOFMONTH(" + x + ") = 0)";
            exprs.add(switch (c.type) {
                case "float", "double" -> "CAST(" + x + " AS DOUBLE)";
                case "bit", "year" -> "CAST(" + x + " + 0 AS CHAR)";
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "HEX(" + x + ")";
                case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection" ->
                        "HEX(ST_AsWKB(" + x + "))";
                case "date" -> "IF(" + zero + ", NULL, CAST(" + x + " AS CHAR))";
                case "datetime" -> "IF(" + zero + ", NULL, DATE_FORMAT(" + x + ", '%Y-%m-%d %H:%i:%s.%f'))";
                case "timestamp" -> "IF(" + x + " IS NULL OR " + x + " = 0, NULL, CAST(UNIX_TIMESTAMP(" + x + ") AS DECIMAL(24,6)))";
                case "time" -> "CAST(TIME_TO_SEC(" + x + ") AS DECIMAL(24,6))";
                default -> "CAST(" + x + " AS CHAR)";
            });
        }
        return "SELECT " + String.join(", ", exprs) + " FROM " + m(db) + "." + m(table);
    }

    private static String pgSql(String schema, String table, List<Column> columns) {
        List<String> exprs = new ArrayList<>();
        for (Column c : columns) {
            String x = p(c.name);
            exprs.add(switch (c.type) {
                case "float", "double" -> x + "::float8::text";
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "linestring", "polygon",
                        "multipoint", "multilinestring", "multipolygon", "geometrycollection" -> "upper(encode(" + x + ", 'hex'))";
                case "datetime" -> "to_char(" + x + ", 'YYYY-MM-DD HH24:MI:SS.US')";
                case "timestamp", "time" -> "extract(epoch from " + x + ")::numeric(24,6)::text";
                case "tinyint" -> "CASE WHEN pg_typeof(" + x + ") = 'boolean'::regtype THEN (" + x + ")::int::text ELSE " + x + "::text END";
                default -> x + "::text";
            });
        }
        return "SELECT " + String.join(", ", exprs) + " FROM " + p(schema) + "." + p(table);
    }

    private static Map<String, List<String>> read(Connection c, String sql, List<Column> columns, List<String> key, boolean maria, Connection pg)
            throws SQLException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name, i);
        }
        Map<String, List<String>> out = new TreeMap<>();
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    row.add(normalize(columns.get(i).type, rs.getString(i + 1), maria, pg));
                }
                StringBuilder k = new StringBuilder("(");
                for (String kc : key) {
                    k.append(k.length() > 1 ? ", " : "").append(row.get(index.get(kc)));
                }
                String base = k.append(')').toString();
                int n = duplicates.merge(base, 1, Integer::sum);
                out.put(n == 1 ? base : base + "#" + n, row);
            }
        }
        return out;
    }

    private static String normalize(String type, String v, boolean maria, Connection pg) throws SQLException {
        if (v == null) {
            return null;
        }
        switch (type) {
            case "json":
                // jsonb orders keys and spaces values its own way: let PostgreSQL normalize MariaDB's text
                if (maria) {
                    try (PreparedStatement ps = pg.prepareStatement("SELECT ?::jsonb::text")) {
                        ps.setString(1, v);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getString(1);
                        }
                    }
                }
                return v;
            case "inet4":
            case "inet6":
                try {
                    return InetAddress.getByName(v.contains("/") ? v.substring(0, v.indexOf('/')) : v).getHostAddress();
                } catch (java.net.UnknownHostException e) {
                    return v;
                }
            case "decimal":
                return new BigDecimal(v).toPlainString();
            default:
                return v;
        }
    }

    private static boolean same(String type, String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        switch (type) {
            case "float":
                return Float.floatToIntBits(Float.parseFloat(a)) == Float.floatToIntBits((float) Double.parseDouble(b));
            case "double":
                return Double.parseDouble(a) == Double.parseDouble(b);
            case "bit":
                // MariaDB printed the number (c + 0), PostgreSQL the bit string
                return new BigInteger(a).equals(new BigInteger(b, 2));
            default:
                return a.equals(b);
        }
    }
}
