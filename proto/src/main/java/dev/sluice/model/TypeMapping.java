package dev.sluice.model;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.MappingOptions;
import java.util.Locale;
import java.util.Set;

/**
 * MariaDB column type to PostgreSQL column type: the contract in the README's type-mapping table.
 * Capture uses it to describe the target, apply to create it; tests pin every row.
 */
public final class TypeMapping {

    private static final Set<String> TEXT_TYPES = Set.of("tinytext", "text", "mediumtext", "longtext");
    private static final Set<String> BINARY_TYPES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    private static final Set<String> GEOMETRY_TYPES = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection");
    /** Types whose values may be a MariaDB zero date, so NOT NULL cannot be kept in PostgreSQL. */
    private static final Set<String> ZERO_DATE_TYPES = Set.of("date", "datetime", "timestamp");

    private TypeMapping() {
    }

    public static String targetType(ColumnSchema c, MappingOptions options) {
        String type = c.getDataType().toLowerCase(Locale.ROOT);
        boolean unsigned = c.getUnsigned();
        switch (type) {
            case "tinyint":
                if (options.getTinyint1AsBoolean() && c.getColumnType().toLowerCase(Locale.ROOT).startsWith("tinyint(1)")) {
                    return "boolean";
                }
                return "smallint";
            case "smallint":
                return unsigned ? "integer" : "smallint";
            case "mediumint":
                return "integer";
            case "int":
                return unsigned ? "bigint" : "integer";
            case "bigint":
                return unsigned ? "numeric(20,0)" : "bigint";
            case "decimal":
                return "numeric(" + c.getNumericPrecision() + "," + c.getNumericScale() + ")";
            case "float":
                return "real";
            case "double":
                return "double precision";
            case "bit":
                return "bit(" + Math.max(1, c.getNumericPrecision()) + ")";
            case "char":
            case "varchar":
                return c.getCharLength() > 0 ? "varchar(" + c.getCharLength() + ")" : "varchar(1)";
            case "enum":
            case "set":
                return "text";
            case "date":
                return "date";
            case "datetime":
                return "timestamp(" + c.getDatetimePrecision() + ") without time zone";
            case "timestamp":
                return "timestamp(" + c.getDatetimePrecision() + ") with time zone";
            case "time":
                return "interval";
            case "year":
                return "smallint";
            case "json":
                return "jsonb";
            case "uuid":
                return "uuid";
            case "inet4":
            case "inet6":
                return "inet";
            default:
                if (TEXT_TYPES.contains(type)) {
                    return "text";
                }
                if (BINARY_TYPES.contains(type) || GEOMETRY_TYPES.contains(type)) {
                    return "bytea";
                }
                throw new IllegalArgumentException("no PostgreSQL mapping for MariaDB type " + c.getColumnType());
        }
    }

    public static boolean targetNullable(ColumnSchema c) {
        return c.getNullable() || ZERO_DATE_TYPES.contains(c.getDataType().toLowerCase(Locale.ROOT));
    }

    public static boolean isGeometry(String dataType) {
        return GEOMETRY_TYPES.contains(dataType.toLowerCase(Locale.ROOT));
    }

    /** True for types with a mapping; precheck reports the others. */
    public static boolean isSupported(String dataType) {
        try {
            targetType(ColumnSchema.newBuilder().setDataType(dataType).setColumnType(dataType).build(), MappingOptions.getDefaultInstance());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
