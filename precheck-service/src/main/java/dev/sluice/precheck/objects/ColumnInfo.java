package dev.sluice.precheck.objects;

/**
 * One row of information_schema.COLUMNS.
 *
 * @param charset CHARACTER_SET_NAME, empty for columns without one
 */
public record ColumnInfo(String name, int ordinal, String dataType, String columnType, boolean nullable, String charset) {
}
