package dev.sluice.capture.convert;

import dev.sluice.v1.ColumnSchema;

/**
 * How a column's values are read, decided from its {@link ColumnSchema} in one place so that the
 * snapshot and the binlog path can never classify a column differently.
 */
enum ValueKind {
    TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT,
    DECIMAL, FLOAT, DOUBLE, BIT,
    /** Character data in a real character set: text_value. */
    TEXT,
    /** Variable-length bytes (VARBINARY, BLOBs): bytes_value as stored. */
    BYTES,
    /** BINARY(n): bytes_value right-padded with 0x00 to n bytes, because the binlog drops the padding. */
    FIXED_BYTES,
    ENUM, SET,
    DATE, DATETIME, TIMESTAMP, TIME, YEAR,
    JSON, UUID, INET4, INET6,
    /** Spatial types: bytes_value holding the WKB, without MariaDB's 4-byte SRID prefix. */
    GEOMETRY;

    static ValueKind of(ColumnSchema c) {
        String type = c.getDataType();
        switch (type) {
            case "tinyint":
                return TINYINT;
            case "smallint":
                return SMALLINT;
            case "mediumint":
                return MEDIUMINT;
            case "int":
                return INT;
            case "bigint":
                return BIGINT;
            case "decimal":
                return DECIMAL;
            case "float":
                return FLOAT;
            case "double":
                return DOUBLE;
            case "bit":
                return BIT;
            case "char":
                return isBinaryCharset(c) ? FIXED_BYTES : TEXT;
            case "varchar":
            case "tinytext":
            case "text":
            case "mediumtext":
            case "longtext":
                return isBinaryCharset(c) ? BYTES : TEXT;
            case "binary":
                return FIXED_BYTES;
            case "varbinary":
            case "tinyblob":
            case "blob":
            case "mediumblob":
            case "longblob":
                return BYTES;
            case "enum":
                return ENUM;
            case "set":
                return SET;
            case "date":
                return DATE;
            case "datetime":
                return DATETIME;
            case "timestamp":
                return TIMESTAMP;
            case "time":
                return TIME;
            case "year":
                return YEAR;
            case "json":
                return JSON;
            case "uuid":
                return UUID;
            case "inet4":
                return INET4;
            case "inet6":
                return INET6;
            case "geometry":
            case "point":
            case "linestring":
            case "polygon":
            case "multipoint":
            case "multilinestring":
            case "multipolygon":
            case "geometrycollection":
                return GEOMETRY;
            default:
                throw new IllegalArgumentException("unsupported MariaDB type " + c.getColumnType() + " (column " + c.getName() + ")");
        }
    }

    private static boolean isBinaryCharset(ColumnSchema c) {
        return "binary".equals(c.getCharset());
    }

    /** BINARY(n) and CHAR(n) CHARACTER SET binary: n bytes. */
    static int fixedLength(ColumnSchema c) {
        return (int) c.getCharLength();
    }
}
