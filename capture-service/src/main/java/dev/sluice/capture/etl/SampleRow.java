package dev.sluice.capture.etl;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.model.PgText;
import dev.sluice.model.Values;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A user's sample row (JSON) as the typed values capture would read, and the written row back as JSON. */
public final class SampleRow {

    private SampleRow() {
    }

    public static List<Value> parse(String json, TableSchema t) {
        Struct.Builder b = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json.isBlank() ? "{}" : json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("row: not a JSON object (" + e.getMessage() + ")");
        }
        List<ColumnSchema> columns = TaskEtls.readColumns(t);
        for (String key : b.getFieldsMap().keySet()) {
            if (columns.stream().noneMatch(c -> c.getName().equals(key))) {
                throw new IllegalArgumentException("row." + key + ": " + t.getDatabase() + "." + t.getName() + " has no such column");
            }
        }
        List<Value> out = new ArrayList<>();
        for (ColumnSchema c : columns) {
            com.google.protobuf.Value v = b.getFieldsMap().get(c.getName());
            out.add(v == null || v.hasNullValue() ? Values.NULL : value(v, c));
        }
        return out;
    }

    private static Value value(com.google.protobuf.Value v, ColumnSchema c) {
        String text = v.hasStringValue() ? v.getStringValue() : v.hasBoolValue() ? (v.getBoolValue() ? "1" : "0")
                : new BigDecimal(Double.toString(v.getNumberValue())).stripTrailingZeros().toPlainString();
        try {
            switch (c.getDataType().toLowerCase(Locale.ROOT)) {
                case "tinyint", "smallint", "mediumint", "int", "year":
                    return c.getDataType().equals("year") ? Values.ofYear(Integer.parseInt(text)) : Values.ofLong(Long.parseLong(text));
                case "bigint":
                    return c.getUnsigned() ? Values.ofUnsigned(new java.math.BigInteger(text)) : Values.ofLong(Long.parseLong(text));
                case "decimal":
                    return Values.ofDecimal(new BigDecimal(text).setScale(c.getNumericScale()));
                case "float":
                    return Values.ofFloat(Float.parseFloat(text));
                case "double":
                    return Values.ofDouble(Double.parseDouble(text));
                case "date":
                    return Values.ofDate(LocalDate.parse(text));
                case "datetime":
                    return Values.ofDatetime(LocalDateTime.parse(text.replace(' ', 'T')));
                case "timestamp":
                    return Values.ofTimestamp(Instant.parse(text.replace(' ', 'T').endsWith("Z") ? text.replace(' ', 'T') : text.replace(' ', 'T') + "Z"));
                case "json":
                    return Values.ofJson(text);
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
                    return Values.ofBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                default:
                    return Values.ofText(text);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("row." + c.getName() + ": '" + text + "' is not a " + c.getColumnType() + " value");
        }
    }

    /** The written row as {"target column": PostgreSQL text or null}. */
    public static String json(TableSchema t, List<Value> row) {
        Struct.Builder b = Struct.newBuilder();
        for (int i = 0; i < t.getColumnsCount(); i++) {
            String text = PgText.format(row.get(i), t.getColumns(i).getTargetType());
            b.putFields(t.getColumns(i).getTargetName(), text == null
                    ? com.google.protobuf.Value.newBuilder().setNullValueValue(0).build()
                    : com.google.protobuf.Value.newBuilder().setStringValue(text).build());
        }
        try {
            return JsonFormat.printer().print(b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
