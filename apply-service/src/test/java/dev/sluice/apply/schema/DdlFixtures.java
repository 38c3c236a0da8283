package dev.sluice.apply.schema;

import dev.sluice.model.TypeMapping;
import dev.sluice.v1.CheckSchema;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.ForeignKeySchema;
import dev.sluice.v1.IndexSchema;
import dev.sluice.v1.MappingOptions;
import dev.sluice.v1.TableSchema;
import java.util.List;

/**
 * TableSchema objects as capture builds them: source facts by hand, target type and nullability
 * from {@link TypeMapping} (so the tests pin the mapping table end to end).
 */
final class DdlFixtures {

    static final MappingOptions BOOLEANS = MappingOptions.newBuilder().setTinyint1AsBoolean(true).build();

    private DdlFixtures() {
    }

    /** A nullable column without default; chain the builder for the rest, then {@link #done}. */
    static ColumnSchema.Builder col(String name, String dataType, String columnType) {
        return ColumnSchema.newBuilder().setName(name).setTargetName(name).setDataType(dataType).setColumnType(columnType)
                .setUnsigned(columnType.contains("unsigned")).setNullable(true);
    }

    static ColumnSchema done(ColumnSchema.Builder b) {
        return done(b, MappingOptions.getDefaultInstance());
    }

    static ColumnSchema done(ColumnSchema.Builder b, MappingOptions options) {
        ColumnSchema c = b.build();
        return c.toBuilder().setTargetType(TypeMapping.targetType(c, options)).setTargetNullable(TypeMapping.targetNullable(c)).build();
    }

    static ColumnSchema.Builder def(ColumnSchema.Builder b, String columnDefault) {
        return b.setHasDefault(true).setDefaultValue(columnDefault);
    }

    static IndexSchema primary(String... columns) {
        return IndexSchema.newBuilder().setName("PRIMARY").setPrimary(true).setUnique(true).setKind("BTREE")
                .addAllColumns(List.of(columns)).build();
    }

    static IndexSchema unique(String name, String... columns) {
        return IndexSchema.newBuilder().setName(name).setUnique(true).setKind("BTREE").addAllColumns(List.of(columns)).build();
    }

    static IndexSchema index(String name, String kind, String... columns) {
        return IndexSchema.newBuilder().setName(name).setKind(kind).addAllColumns(List.of(columns)).build();
    }

    static ForeignKeySchema fk(String name, String column, String refDatabase, String refTable, String refColumn,
            String targetSchema, String targetTable, String targetColumn, String onDelete, String onUpdate) {
        ForeignKeySchema.Builder b = ForeignKeySchema.newBuilder().setName(name).addColumns(column)
                .setReferencedDatabase(refDatabase).setReferencedTable(refTable).addReferencedColumns(refColumn)
                .setOnDelete(onDelete).setOnUpdate(onUpdate);
        if (targetTable != null) {
            b.setReferencedTargetSchema(targetSchema).setReferencedTargetTable(targetTable).addReferencedTargetColumns(targetColumn);
        }
        return b.build();
    }

    static CheckSchema check(String name, String clause) {
        return CheckSchema.newBuilder().setName(name).setClause(clause).build();
    }

    static TableSchema.Builder table(String database, String name, String targetSchema, String targetName) {
        return TableSchema.newBuilder().setDatabase(database).setName(name).setTargetSchema(targetSchema).setTargetName(targetName);
    }

    /** Every row of the type-mapping table, each default form, identity, the index and key kinds. */
    static TableSchema everyType() {
        return table("shop", "every_type", "shop", "every_type")
                .setComment("one column per mapped type")
                .addColumns(done(col("id", "int", "int(10) unsigned").setNullable(false).setAutoIncrement(true).setNumericPrecision(10)))
                .addColumns(done(def(col("c_tinyint", "tinyint", "tinyint(4)").setNullable(false), "0")))
                .addColumns(done(col("c_tinyint_u", "tinyint", "tinyint(3) unsigned")))
                .addColumns(done(def(col("c_smallint", "smallint", "smallint(6)"), "-3")))
                .addColumns(done(col("c_smallint_u", "smallint", "smallint(5) unsigned")))
                .addColumns(done(col("c_mediumint", "mediumint", "mediumint(9)")))
                .addColumns(done(col("c_mediumint_u", "mediumint", "mediumint(8) unsigned")))
                .addColumns(done(def(col("c_int", "int", "int(11)").setNullable(false).setComment("it's a count"), "5")))
                .addColumns(done(col("c_bigint", "bigint", "bigint(20)")))
                .addColumns(done(def(col("c_bigint_u", "bigint", "bigint(20) unsigned"), "18446744073709551615")))
                .addColumns(done(def(col("c_bool", "tinyint", "tinyint(1)"), "1"), BOOLEANS))
                .addColumns(done(def(col("c_bool0", "tinyint", "tinyint(1)").setNullable(false), "0"), BOOLEANS))
                .addColumns(done(def(col("c_decimal", "decimal", "decimal(65,30)").setNumericPrecision(65).setNumericScale(30),
                        "1.500000000000000000000000000000")))
                .addColumns(done(def(col("c_float", "float", "float"), "1e20")))
                .addColumns(done(def(col("c_double", "double", "double"), "-0.0005")))
                .addColumns(done(def(col("c_bit", "bit", "bit(8)").setNumericPrecision(8), "b'101'")))
                .addColumns(done(def(col("c_bit1", "bit", "bit(1)").setNumericPrecision(1), "b'1'")))
                .addColumns(done(def(col("c_char", "char", "char(10)").setCharLength(10).setNullable(false), "'it''s'")))
                .addColumns(done(def(col("c_varchar", "varchar", "varchar(255)").setCharLength(255), "'back\\\\slash\\n'")))
                .addColumns(done(def(col("c_text", "text", "text"), "'texty'")))
                .addColumns(done(col("c_mediumtext", "mediumtext", "mediumtext")))
                .addColumns(done(def(col("c_binary", "binary", "binary(4)").setCharLength(4), "'ab\\0\\0'")))
                .addColumns(done(col("c_blob", "blob", "blob")))
                .addColumns(done(def(col("c_enum", "enum", "enum('small','medium','large','it''s')").setNullable(false)
                        .addAllEnumValues(List.of("small", "medium", "large", "it's")), "'small'")))
                .addColumns(done(def(col("c_set", "set", "set('x','y')").addAllEnumValues(List.of("x", "y")), "'x,y'")))
                .addColumns(done(def(col("c_date", "date", "date"), "'2020-02-29'")))
                .addColumns(done(def(col("c_date_zero", "date", "date").setNullable(false), "'0000-00-00'")))
                .addColumns(done(def(col("c_date_today", "date", "date"), "curdate()")))
                .addColumns(done(def(col("c_datetime", "datetime", "datetime(6)").setDatetimePrecision(6), "'2020-01-02 03:04:05.123456'")))
                .addColumns(done(def(col("c_datetime_now", "datetime", "datetime"), "current_timestamp()")))
                .addColumns(done(def(col("c_datetime_today", "datetime", "datetime"), "curdate()")))
                .addColumns(done(def(col("c_timestamp", "timestamp", "timestamp(3)").setDatetimePrecision(3).setNullable(false),
                        "current_timestamp(3)")))
                .addColumns(done(def(col("c_timestamp_lit", "timestamp", "timestamp"), "'2021-06-01 12:00:00'")))
                .addColumns(done(def(col("c_time", "time", "time(3)").setDatetimePrecision(3), "'-838:59:59.000'")))
                .addColumns(done(def(col("c_year", "year", "year(4)"), "2020")))
                .addColumns(done(def(col("c_json", "json", "longtext"), "'{\"a\": 1}'")))
                .addColumns(done(def(col("c_uuid", "uuid", "uuid"), "uuid()")))
                .addColumns(done(def(col("c_uuid_lit", "uuid", "uuid"), "'6ccd780c-baba-1026-9564-5b8c656024db'")))
                .addColumns(done(def(col("c_uuid_text", "varchar", "varchar(36)").setCharLength(36), "uuid()")))
                .addColumns(done(def(col("c_inet4", "inet4", "inet4"), "'1.2.3.4'")))
                .addColumns(done(col("c_inet6", "inet6", "inet6")))
                .addColumns(done(col("c_point", "point", "point").setNullable(false)))
                .addColumns(done(def(col("c_expr", "varchar", "varchar(40)").setCharLength(40), "concat('a','b')")))
                .addColumns(done(def(col("c_null_default", "int", "int(11)"), "NULL")))
                .addColumns(done(col("c_generated", "int", "int(11)").setGenerationExpression("`c_int` + 1")))
                .addIndexes(primary("id"))
                .addIndexes(unique("uq_char", "c_char"))
                .addIndexes(index("idx_int", "BTREE", "c_int"))
                .addIndexes(index("idx_multi", "BTREE", "c_int", "c_date"))
                .addIndexes(index("idx_prefix", "BTREE", "c_text").toBuilder().addSubParts(10).build())
                .addIndexes(index("ft_text", "FULLTEXT", "c_text"))
                .addIndexes(index("sp_point", "SPATIAL", "c_point"))
                .addChecks(check("chk_range", "`c_int` > 0 and `c_smallint` between -10 and 10"))
                .addChecks(check("chk_len", "char_length(`c_char`) > 0"))
                .addChecks(check("chk_like", "`c_text` like 'a%'"))
                .addKeyColumns("id")
                .build();
    }

    /** Tricky names, a renamed table and column, a composite key, self and cross foreign keys. */
    static List<TableSchema> shop() {
        TableSchema customers = table("shop", "customers", "shop", "customers")
                .addColumns(done(col("id", "int", "int(11)").setNullable(false).setAutoIncrement(true)))
                .addColumns(done(col("email", "varchar", "varchar(100)").setCharLength(100).setNullable(false)))
                .addIndexes(primary("id"))
                .addIndexes(unique("uq_email", "email"))
                .addKeyColumns("id")
                .build();
        TableSchema order = table("shop", "Order", "shop", "Order")
                .setComment("orders; \"quoted\" and 'single'")
                .addColumns(done(col("id", "bigint", "bigint(20)").setNullable(false).setAutoIncrement(true)).toBuilder()
                        .setTargetName("order id").build())
                .addColumns(done(col("customer_id", "int", "int(11)").setNullable(false)))
                .addColumns(done(col("parent_id", "bigint", "bigint(20)")))
                .addColumns(done(def(col("col\"quote", "varchar", "varchar(10)").setCharLength(10), "'q\"'")))
                .addColumns(done(col("naïve_名前", "text", "text").setComment("名前 comment")))
                .addIndexes(primary("id"))
                .addIndexes(unique("uq_quote", "col\"quote"))
                .addIndexes(index("naïve_名前_idx", "BTREE", "naïve_名前"))
                .addForeignKeys(fk("fk_customer", "customer_id", "shop", "customers", "id", "shop", "customers", "id", "RESTRICT", "CASCADE"))
                .addForeignKeys(fk("fk_parent", "parent_id", "shop", "Order", "id", "shop", "Order", "order id", "SET NULL", "NO ACTION"))
                .addForeignKeys(fk("fk_elsewhere", "customer_id", "crm", "accounts", "id", null, null, null, "CASCADE", "CASCADE"))
                .addKeyColumns("id")
                .build();
        TableSchema lines = table("shop", "order_lines", "shop", "my table")
                .addColumns(done(col("order_id", "bigint", "bigint(20)").setNullable(false)))
                .addColumns(done(col("line_no", "smallint", "smallint(6)").setNullable(false)))
                .addColumns(done(def(col("qty", "int", "int(11)").setNullable(false), "1")))
                .addIndexes(primary("order_id", "line_no"))
                .addForeignKeys(fk("fk_order", "order_id", "shop", "Order", "id", "shop", "Order", "order id", "CASCADE", "CASCADE"))
                .addKeyColumns("order_id").addKeyColumns("line_no")
                .build();
        TableSchema onlyUnique = table("shop", "only_unique", "shop", "only_unique")
                .addColumns(done(col("code", "varchar", "varchar(20)").setCharLength(20).setNullable(false)))
                .addColumns(done(col("label", "varchar", "varchar(20)").setCharLength(20)))
                .addIndexes(unique("code", "code"))
                .addKeyColumns("code")
                .build();
        return List.of(customers, order, lines, onlyUnique);
    }
}
