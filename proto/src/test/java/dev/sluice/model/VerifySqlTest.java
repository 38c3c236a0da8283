package dev.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.MappingOptions;
import dev.sluice.v1.TableSchema;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The rules of VerifySql that need no server (which columns are hashed, which keys order alike, the
 * shape of the shared SQL). That both servers print the same text is pinned against real MariaDB and
 * PostgreSQL in capture-service's VerifySqlTypeIdentityTest.
 */
class VerifySqlTest {

    static ColumnSchema col(String name, String dataType, String columnType) {
        ColumnSchema c = ColumnSchema.newBuilder().setName(name).setTargetName(name + "_pg").setDataType(dataType).setColumnType(columnType)
                .setUnsigned(columnType.contains("unsigned")).setNullable(true).build();
        return c.toBuilder().setTargetType(TypeMapping.targetType(c, MappingOptions.getDefaultInstance())).build();
    }

    static TableSchema table(String key, ColumnSchema... columns) {
        TableSchema.Builder t = TableSchema.newBuilder().setDatabase("db").setName("t").setTargetSchema("db").setTargetName("t");
        for (ColumnSchema c : columns) {
            t.addColumns(c);
        }
        if (key != null) {
            t.addKeyColumns(key);
        }
        return t.build();
    }

    @Test
    void jsonAndComputedColumnsAreHashedWithJavaTokensEverythingElseInSql() {
        ColumnSchema json = col("j", "json", "longtext");
        ColumnSchema computed = ColumnSchema.newBuilder().setName("x").setTargetName("x").setDataType("etl").setColumnType("text")
                .setTargetType("text").setExpression("row.a + 'b'").build();
        ColumnSchema replaced = col("email", "varchar", "varchar(100)").toBuilder().setExpression("row.email.lowerAscii()").build();
        ColumnSchema computedDate = computed.toBuilder().setTargetType("date").build();

        for (ColumnSchema c : new ColumnSchema[] {json, computed, replaced}) {
            assertThat(VerifySql.hashable(c)).as(c.getName()).isTrue();
            assertThat(VerifySql.tokenInSql(c)).as(c.getName()).isFalse();
        }
        assertThat(VerifySql.hashable(computedDate)).isFalse();
        assertThat(VerifySql.whyNotHashable(computedDate)).contains("ETL").contains("date");
        for (String[] type : new String[][] {{"int", "int(11)"}, {"bigint", "bigint(20) unsigned"}, {"decimal", "decimal(10,2)"},
                {"float", "float"}, {"double", "double"}, {"bit", "bit(3)"}, {"varchar", "varchar(5)"}, {"longblob", "longblob"},
                {"enum", "enum('a')"}, {"set", "set('a')"}, {"date", "date"}, {"datetime", "datetime(6)"}, {"timestamp", "timestamp"},
                {"time", "time"}, {"year", "year(4)"}, {"uuid", "uuid"}, {"inet4", "inet4"}, {"inet6", "inet6"}, {"point", "point"}}) {
            assertThat(VerifySql.tokenInSql(col("c", type[0], type[1]))).as(type[1]).isTrue();
        }
        assertThatThrownBy(() -> VerifySql.maria(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VerifyTokens");
        assertThat(VerifySql.pg(json)).isEqualTo("md5(\"j_pg\"::text)");
        assertThatThrownBy(() -> VerifySql.hashable(col("c", "vector", "vector(3)"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowHashJoinsTokensOfHashedColumnsInOrderWithSourceAndTargetNames() {
        TableSchema t = table("id", col("id", "int", "int(11)"), col("name", "varchar", "varchar(9)"));

        assertThat(VerifySql.mariaRowHash(t)).isEqualTo("MD5(CONCAT_WS('|', COALESCE(CONCAT('v', CAST(`id` + 0 AS CHAR)), 'n'), "
                + "COALESCE(CONCAT('v', MD5(CONVERT(`name` USING utf8mb4))), 'n')))");
        assertThat(VerifySql.pgRowHash(t)).isEqualTo("md5(concat_ws('|', coalesce('v' || \"id_pg\"::text, 'n'), "
                + "coalesce('v' || md5(\"name_pg\"), 'n')))");
        assertThat(VerifySql.hashedColumns(t)).extracting(ColumnSchema::getName).containsExactly("id", "name");
        assertThat(VerifySql.tokensInJava(t)).isFalse();

        TableSchema withJson = table("id", col("id", "int", "int(11)"), col("doc", "json", "longtext"), col("name", "varchar", "varchar(9)"));
        assertThat(VerifySql.tokensInJava(withJson)).isTrue();
        assertThat(VerifySql.hashedColumns(withJson)).extracting(ColumnSchema::getName).containsExactly("id", "doc", "name");
        assertThatThrownBy(() -> VerifySql.mariaRowHash(withJson)).hasMessageContaining("VerifyTokens.rowHash");
        assertThat(VerifySql.pgRowHash(withJson)).contains("md5(\"doc_pg\"::text)");
        assertThat(VerifyTokens.rowHash(java.util.List.of())).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void binaryCharsetTextAndBooleanTargetsUseTheirOwnForms() {
        ColumnSchema binaryChar = col("b", "char", "char(3)").toBuilder().setCharset("binary").build();
        assertThat(VerifySql.maria(binaryChar)).isEqualTo("MD5(`b`)");
        ColumnSchema flag = col("f", "tinyint", "tinyint(1)").toBuilder().setTargetType("boolean").build();
        assertThat(VerifySql.pg(flag)).isEqualTo("(\"f_pg\"::int)::text");
        assertThat(VerifySql.maria(col("z", "int", "int(5) unsigned zerofill"))).isEqualTo("CAST(`z` + 0 AS CHAR)");
    }

    @Test
    void rangeSumsUseThe60BitPrefixOfEachRowHash() {
        assertThat(VerifySql.mariaRangeSum("h")).isEqualTo("COALESCE(SUM(CAST(CONV(SUBSTRING(h, 1, 15), 16, 10) AS UNSIGNED)), 0)");
        assertThat(VerifySql.pgRangeSum("h")).isEqualTo("coalesce(sum(('x' || substr(h, 1, 15))::bit(60)::bigint), 0)");
        assertThat(VerifySql.rangeSummand("0cc175b9c0f1b6a831c399e269772661")).isEqualTo(new BigInteger("0cc175b9c0f1b6a", 16));
        assertThat(VerifySql.sumText(" 0012 ")).isEqualTo("12");
    }

    @Test
    void onlyKeysBothServersOrderAlikeAllowBoundedRanges() {
        assertThat(VerifySql.rangesComparable(table("id", col("id", "bigint", "bigint(20) unsigned")))).isTrue();
        assertThat(VerifySql.rangesComparable(table("d", col("d", "datetime", "datetime(3)")))).isTrue();
        assertThat(VerifySql.rangesComparable(table("b", col("b", "varbinary", "varbinary(16)")))).isTrue();
        assertThat(VerifySql.rangesComparable(table("s", col("s", "varchar", "varchar(10)")))).isFalse();
        assertThat(VerifySql.rangeIncompatibleKey(table("e", col("e", "enum", "enum('b','a')"))).getName()).isEqualTo("e");
        assertThat(VerifySql.rangesComparable(table("u", col("u", "uuid", "uuid")))).isFalse();
        assertThat(VerifySql.rangesComparable(table(null, col("id", "int", "int(11)")))).isFalse();
    }
}
