package dev.sluice.capture.schema;

import static dev.sluice.capture.schema.InformationSchema.intOrZero;
import static dev.sluice.capture.schema.InformationSchema.longOrZero;
import static dev.sluice.capture.schema.InformationSchema.stringOrEmpty;

import dev.sluice.v1.ColumnSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * information_schema.COLUMNS: every column of every table of one database, as the source describes it.
 * Target names and types are added later, for the selected columns only (an unmapped type in a column
 * nobody selected must not fail the task).
 */
final class ColumnReader {

    private static final String COLUMNS = "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, "
            + "IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, "
            + "CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_TYPE, EXTRA, COLUMN_COMMENT, IS_GENERATED, GENERATION_EXPRESSION "
            + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?";

    /** Only these can be UNSIGNED; testing others would match an ENUM label such as 'unsigned'. */
    private static final Set<String> NUMERIC_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal",
            "float", "double");

    private ColumnReader() {
    }

    /**
     * @param jsonColumns per table, the columns a bare json_valid() check guards ({@link JsonMarkers})
     * @return per table name, all its columns in ordinal order
     */
    static Map<String, List<ColumnSchema>> read(Connection c, String database, Map<String, Set<String>> jsonColumns)
            throws SQLException {
        Map<String, List<ColumnSchema>> out = new HashMap<>();
        InformationSchema.forEachRow(c, COLUMNS, database, rs -> {
            String table = rs.getString("TABLE_NAME");
            ColumnSchema column = column(rs, jsonColumns.getOrDefault(table, Set.of()));
            out.computeIfAbsent(table, t -> new ArrayList<>()).add(column);
        });
        out.values().forEach(columns -> columns.sort(Comparator.comparingInt(ColumnSchema::getOrdinal)));
        return out;
    }

    private static ColumnSchema column(ResultSet rs, Set<String> jsonColumns) throws SQLException {
        String name = rs.getString("COLUMN_NAME");
        String dataType = rs.getString("DATA_TYPE").toLowerCase(Locale.ROOT);
        String columnType = rs.getString("COLUMN_TYPE");
        String extra = stringOrEmpty(rs, "EXTRA").toLowerCase(Locale.ROOT);
        boolean generated = "ALWAYS".equals(rs.getString("IS_GENERATED"));
        // MariaDB's JSON is an alias: the column is LONGTEXT plus CHECK (json_valid(`col`)).
        if (dataType.equals("longtext") && jsonColumns.contains(name)) {
            dataType = "json";
        }
        ColumnSchema.Builder b = ColumnSchema.newBuilder()
                .setName(name)
                .setTargetName(name)
                .setOrdinal(rs.getInt("ORDINAL_POSITION"))
                .setDataType(dataType)
                .setColumnType(columnType)
                .setUnsigned(NUMERIC_TYPES.contains(dataType) && columnType.toLowerCase(Locale.ROOT).contains("unsigned"))
                .setNullable("YES".equals(rs.getString("IS_NULLABLE")))
                .setCharLength(longOrZero(rs, "CHARACTER_MAXIMUM_LENGTH"))
                .setNumericPrecision(intOrZero(rs, "NUMERIC_PRECISION"))
                .setNumericScale(intOrZero(rs, "NUMERIC_SCALE"))
                .setDatetimePrecision(intOrZero(rs, "DATETIME_PRECISION"))
                .setCharset(stringOrEmpty(rs, "CHARACTER_SET_NAME"))
                .setCollation(stringOrEmpty(rs, "COLLATION_NAME"))
                .setAutoIncrement(extra.contains("auto_increment"))
                .setComment(stringOrEmpty(rs, "COLUMN_COMMENT"));
        if (dataType.equals("enum") || dataType.equals("set")) {
            b.addAllEnumValues(EnumLabels.parse(columnType));
        }
        // COLUMN_DEFAULT is SQL NULL when the column has no default (NOT NULL without DEFAULT, auto_increment),
        // the text NULL when the default is NULL, a quoted literal ('abc'), a bare number or an expression.
        // A generated column's "NULL" is not a default the target could use next to its expression.
        String columnDefault = rs.getString("COLUMN_DEFAULT");
        if (columnDefault != null && !generated) {
            b.setHasDefault(true).setDefaultValue(columnDefault);
        }
        if (generated) {
            b.setGenerationExpression(stringOrEmpty(rs, "GENERATION_EXPRESSION"));
        }
        return b.build();
    }
}
