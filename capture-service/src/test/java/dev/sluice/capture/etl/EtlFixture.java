package dev.sluice.capture.etl;

import dev.sluice.model.Values;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Etl;
import dev.sluice.v1.EtlColumn;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table with one column of each kind ETL expressions see, as capture's schema reader describes it. */
final class EtlFixture {

    static final List<String> COLUMNS = List.of("id", "status", "amount", "email", "first_name", "last_name", "qty",
            "created_at", "paid_at", "birthday", "internal_notes", "price", "active", "big", "data", "duration", "born", "doc",
            "flags", "ratio", "order note");

    private EtlFixture() {
    }

    static TableSchema orders() {
        List<ColumnSchema> c = new ArrayList<>();
        c.add(col("id", "int", "int(11)", "integer", false));
        c.add(col("status", "enum", "enum('active','deleted')", "text", true));
        c.add(col("amount", "decimal", "decimal(10,2)", "numeric(10,2)", true));
        c.add(col("email", "varchar", "varchar(255)", "varchar(255)", true));
        c.add(col("first_name", "varchar", "varchar(50)", "varchar(50)", false));
        c.add(col("last_name", "varchar", "varchar(50)", "varchar(50)", false));
        c.add(col("qty", "int", "int(11)", "integer", true));
        c.add(col("created_at", "datetime", "datetime", "timestamp(0) without time zone", true));
        c.add(col("paid_at", "timestamp", "timestamp(6)", "timestamp(6) with time zone", true));
        c.add(col("birthday", "date", "date", "date", true));
        c.add(col("internal_notes", "text", "text", "text", true));
        c.add(col("price", "double", "double", "double precision", true));
        c.add(col("active", "tinyint", "tinyint(1)", "boolean", true));
        c.add(col("big", "bigint", "bigint(20) unsigned", "numeric(20,0)", true).toBuilder().setUnsigned(true).build());
        c.add(col("data", "blob", "blob", "bytea", true));
        c.add(col("duration", "time", "time", "interval", true));
        c.add(col("born", "year", "year(4)", "smallint", true));
        c.add(col("doc", "json", "longtext", "jsonb", true));
        c.add(col("flags", "bit", "bit(12)", "bit(12)", true));
        c.add(col("ratio", "float", "float", "real", true));
        c.add(col("order note", "varchar", "varchar(20)", "varchar(20)", true));
        for (int i = 0; i < c.size(); i++) {
            c.set(i, c.get(i).toBuilder().setOrdinal(i + 1).build());
        }
        return TableSchema.newBuilder().setDatabase("shop").setName("orders").setTargetSchema("shop").setTargetName("orders")
                .addAllColumns(c).addKeyColumns("id").build();
    }

    static ColumnSchema col(String name, String dataType, String columnType, String targetType, boolean nullable) {
        return ColumnSchema.newBuilder().setName(name).setTargetName(name).setDataType(dataType).setColumnType(columnType)
                .setTargetType(targetType).setNullable(nullable).setTargetNullable(nullable)
                .setCharset(dataType.equals("varchar") || dataType.equals("text") ? "utf8mb4" : "").build();
    }

    /** A row with every column set to something ordinary; override by name. */
    static List<Value> row(Map<String, Value> overrides) {
        Map<String, Value> v = new LinkedHashMap<>();
        v.put("id", Values.ofLong(7));
        v.put("status", Values.ofText("active"));
        v.put("amount", Values.ofDecimal(new java.math.BigDecimal("12.50")));
        v.put("email", Values.ofText("Ann@Example.COM"));
        v.put("first_name", Values.ofText("Ann"));
        v.put("last_name", Values.ofText("Lee"));
        v.put("qty", Values.ofLong(3));
        v.put("created_at", Values.ofDatetime(java.time.LocalDateTime.parse("2024-03-01T10:15:30")));
        v.put("paid_at", Values.ofTimestamp(java.time.Instant.parse("2024-03-01T09:00:00.123456Z")));
        v.put("birthday", Values.ofDate(java.time.LocalDate.parse("1990-05-17")));
        v.put("internal_notes", Values.ofText("secret"));
        v.put("price", Values.ofDouble(9.99));
        v.put("active", Values.ofLong(1));
        v.put("big", Values.ofUnsigned(new java.math.BigInteger("18446744073709551615")));
        v.put("data", Values.ofBytes(new byte[] {1, 2, 3}));
        v.put("duration", Values.ofTimeMicros(-(3600L * 1_000_000 + 500)));
        v.put("born", Values.ofYear(1990));
        v.put("doc", Values.ofJson("{\"a\": 1}"));
        v.put("flags", Values.ofBits(new byte[] {0x0A, (byte) 0xBC}, 12));
        v.put("ratio", Values.ofFloat(0.5f));
        v.put("order note", Values.ofText("fragile"));
        v.putAll(overrides);
        if (!v.keySet().equals(new java.util.LinkedHashSet<>(COLUMNS))) {
            throw new IllegalArgumentException("unknown column in " + overrides.keySet());
        }
        return new ArrayList<>(v.values());
    }

    static List<Value> row() {
        return row(Map.of());
    }

    static EtlColumn expr(String expr) {
        return EtlColumn.newBuilder().setExpr(expr).build();
    }

    static EtlColumn expr(String expr, String type) {
        return EtlColumn.newBuilder().setExpr(expr).setType(type).build();
    }

    static TableEtl compiled(Etl etl) {
        return TableEtl.compile(EtlPlanner.plan(orders(), etl));
    }

    /** The written value of one column. */
    static Value written(TableSchema planned, List<Value> out, String targetName) {
        for (int i = 0; i < planned.getColumnsCount(); i++) {
            if (planned.getColumns(i).getTargetName().equals(targetName)) {
                return out.get(i);
            }
        }
        throw new IllegalArgumentException("no written column " + targetName);
    }
}
