package dev.sluice.apply.verify;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.Values;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Reads key columns back from PostgreSQL as the {@link Value}s capture would have read from MariaDB
 * (same kind, same units), so keys from both sides compare equal and can be sent to capture to look up.
 * Each column is selected in a form that makes this exact: dates as day numbers, temporal values as
 * microseconds, BIGINT UNSIGNED and BIT as text.
 */
final class TargetKeys {

    private TargetKeys() {
    }

    static String select(ColumnSchema c) {
        String col = SqlIdentifiers.pg(c.getTargetName());
        switch (kind(c)) {
            case "boolean":
                return col + "::int";
            case "ubigint":
            case "bit":
                return col + "::text";
            case "date":
                return "(" + col + " - DATE '1970-01-01')";
            case "datetime":
            case "timestamp":
            case "time":
                return "(extract(epoch from " + col + ") * 1000000)::bigint";
            case "inet":
                return "host(" + col + ")";
            default:
                return col;
        }
    }

    static Value read(ResultSet rs, int index, ColumnSchema c) throws SQLException {
        if (rs.getObject(index) == null) {
            return Values.NULL;
        }
        switch (kind(c)) {
            case "integer":
            case "boolean":
                return Values.ofLong(rs.getLong(index));
            case "ubigint":
                return Values.ofUnsigned(Long.parseUnsignedLong(rs.getString(index)));
            case "year":
                return Values.ofYear(rs.getInt(index));
            case "decimal": {
                BigDecimal d = rs.getBigDecimal(index);
                return Values.ofDecimal(d.setScale(c.getNumericScale()));
            }
            case "float":
                return Values.ofFloat(rs.getFloat(index));
            case "double":
                return Values.ofDouble(rs.getDouble(index));
            case "bit":
                return bits(rs.getString(index));
            case "bytes":
                return Values.ofBytes(rs.getBytes(index));
            case "date":
                return Value.newBuilder().setDateValue(rs.getInt(index)).build();
            case "datetime":
                return Values.ofDatetimeMicros(rs.getLong(index));
            case "timestamp":
                return Values.ofTimestampMicros(rs.getLong(index));
            case "time":
                return Values.ofTimeMicros(rs.getLong(index));
            default:
                return Values.ofText(rs.getString(index));
        }
    }

    /** '0101…' as BIT(n) bytes: ceil(n/8) big-endian bytes, as capture reads BIT columns. */
    private static Value bits(String text) {
        int n = text.length();
        byte[] out = new byte[(n + 7) / 8];
        for (int i = 0; i < n; i++) {
            if (text.charAt(n - 1 - i) == '1') {
                out[out.length - 1 - i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return Values.ofBits(out, n);
    }

    private static String kind(ColumnSchema c) {
        String type = c.getDataType().toLowerCase(Locale.ROOT);
        boolean binaryCharset = "binary".equals(c.getCharset());
        switch (type) {
            case "tinyint":
            case "smallint":
            case "mediumint":
            case "int":
                return "boolean".equals(c.getTargetType()) ? "boolean" : "integer";
            case "bigint":
                return c.getUnsigned() ? "ubigint" : "integer";
            case "year":
            case "decimal":
            case "float":
            case "double":
            case "bit":
            case "date":
            case "datetime":
            case "timestamp":
            case "time":
                return type;
            case "binary":
            case "varbinary":
            case "tinyblob":
            case "blob":
            case "mediumblob":
            case "longblob":
                return "bytes";
            case "char":
            case "varchar":
            case "tinytext":
            case "text":
            case "mediumtext":
            case "longtext":
                return binaryCharset ? "bytes" : "text";
            case "inet4":
            case "inet6":
                return "inet";
            case "enum":
            case "set":
            case "uuid":
                return "text";
            default:
                throw new IllegalArgumentException("column " + c.getName() + " (" + c.getColumnType() + ") cannot be a verified key");
        }
    }
}
