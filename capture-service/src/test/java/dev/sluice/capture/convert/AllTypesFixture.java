package dev.sluice.capture.convert;

import dev.sluice.capture.source.SourceConnections;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One MariaDB table with a column of every supported type and rows of edge values, read once per
 * JVM both ways: over JDBC with {@link SnapshotValueReader} and from the binlog with
 * {@link BinlogDeserializers} + {@link BinlogValueConverter}. Row 1 is all NULL; row k (k >= 2)
 * holds each column's (k-2)-th literal, or NULL when the column has fewer.
 */
final class AllTypesFixture {

    static final String DATABASE = "sluice_convert_test";
    static final String TABLE = "all_types";

    /** A column: its DDL and the SQL literals of rows 2, 3, ...; generated columns have none. */
    record Col(String name, String ddl, String... literals) {
        boolean generated() {
            return ddl.contains(" AS (");
        }
    }

    static final String ONE_MB_BLOB = "REPEAT(x'00FF7F80DEADBEEF', 131072)";

    static final List<Col> COLUMNS = List.of(
            new Col("id", "int PRIMARY KEY"),
            new Col("c_tiny", "tinyint", "0", "-128", "127"),
            new Col("c_utiny", "tinyint unsigned", "0", "0", "255"),
            new Col("c_small", "smallint", "0", "-32768", "32767"),
            new Col("c_usmall", "smallint unsigned", "0", "0", "65535"),
            new Col("c_med", "mediumint", "0", "-8388608", "8388607"),
            new Col("c_umed", "mediumint unsigned", "0", "0", "16777215"),
            new Col("c_int", "int", "0", "-2147483648", "2147483647"),
            new Col("c_uint", "int unsigned", "0", "0", "4294967295"),
            new Col("c_big", "bigint", "0", "-9223372036854775808", "9223372036854775807"),
            new Col("c_ubig", "bigint unsigned", "0", "0", "18446744073709551615", "9223372036854775808"),
            new Col("c_zerofill", "int(5) zerofill", "0", "42", "4294967295"),
            new Col("c_bool", "tinyint(1)", "1", "0", "-1"),
            new Col("c_dec", "decimal(65,30)", "0",
                    "-99999999999999999999999999999999999.999999999999999999999999999999",
                    "99999999999999999999999999999999999.999999999999999999999999999999",
                    "1.5", "-0.000000000000000000000000000001"),
            new Col("c_dec2", "decimal(10,2)", "0", "-12345678.90", "12345678.99", "1.5"),
            new Col("c_dec0", "decimal(20,0) unsigned", "0", "0", "99999999999999999999"),
            new Col("c_float", "float", "0", "-3.4028235e38", "3.4028235e38", "16777216", "1.4e-45", "0.1", "-0e0"),
            new Col("c_float_md", "float(7,2)", "0", "-12345.67", "12345.678", "1.005"),
            new Col("c_double", "double", "0", "-1.7976931348623157e308", "1.7976931348623157e308", "4.9e-324",
                    "2.2250738585072014e-308", "0.1", "-0e0", "123456789012345680"),
            new Col("c_double_md", "double(10,2)", "0", "-12345678.99", "12345678.99", "12.345"),
            new Col("c_bit1", "bit(1)", "b'0'", "b'0'", "b'1'"),
            new Col("c_bit10", "bit(10)", "b'0'", "b'0'", "b'1111111111'", "b'1000000001'"),
            new Col("c_bit64", "bit(64)", "0", "0", "x'FFFFFFFFFFFFFFFF'", "x'8000000000000001'"),
            new Col("c_varchar", "varchar(20)", "''", "'plain'", "'😀👍🏽𠜎'", "'é ü ß ñ'", "'trailing  '"),
            new Col("c_char", "char(5)", "''", "'ab  '", "'😀'", "'abcde'"),
            new Col("c_tinytext", "tinytext", "''", "'tiny'"),
            new Col("c_text", "text", "''", "'x'", "REPEAT('😀', 1000)"),
            new Col("c_mediumtext", "mediumtext", "''", "'medium é'"),
            new Col("c_longtext", "longtext", "''", "REPEAT('long 𠜎 ', 10000)"),
            new Col("c_latin1", "varchar(20) CHARACTER SET latin1", "''", "x'e9e8c0ff818d8f909d80'", "'Ça va'"),
            new Col("c_latin1_char", "char(10) CHARACTER SET latin1", "''", "x'818d8f909d'", "'ÿ'"),
            new Col("c_latin1_text", "text CHARACTER SET latin1", "x'00819d'"),
            new Col("c_utf8mb3", "varchar(10) CHARACTER SET utf8mb3", "'é中'"),
            new Col("c_ucs2", "varchar(10) CHARACTER SET ucs2", "'é中Ω'", "'ab  '"),
            new Col("c_ucs2_char", "char(5) CHARACTER SET ucs2", "'é中 '"),
            new Col("c_utf16", "varchar(10) CHARACTER SET utf16", "'😀é'"),
            new Col("c_utf16le", "varchar(10) CHARACTER SET utf16le", "'😀é'"),
            new Col("c_utf32", "varchar(10) CHARACTER SET utf32", "'😀é'"),
            new Col("c_utf32_char", "char(4) CHARACTER SET utf32", "'😀 '"),
            new Col("c_latin2", "varchar(10) CHARACTER SET latin2", "'Łódź'"),
            new Col("c_cp1251", "varchar(10) CHARACTER SET cp1251", "'Привет'"),
            new Col("c_cp1256", "varchar(10) CHARACTER SET cp1256", "'مرحبا'"),
            new Col("c_greek", "varchar(10) CHARACTER SET greek", "'Καλημέρα'", "x'a1a2'"),
            new Col("c_koi8r", "varchar(10) CHARACTER SET koi8r", "'Привет'"),
            new Col("c_tis620", "varchar(10) CHARACTER SET tis620", "'ภาษาไทย'"),
            new Col("c_ascii", "varchar(10) CHARACTER SET ascii", "'abc'"),
            new Col("c_sjis", "varchar(10) CHARACTER SET sjis", "'日本語ｶﾅ'", "x'815c815f'"),
            new Col("c_cp932", "varchar(10) CHARACTER SET cp932", "'日本語～'"),
            new Col("c_ujis", "varchar(10) CHARACTER SET ujis", "'日本語'", "x'a1bda1c0'"),
            new Col("c_eucjpms", "varchar(10) CHARACTER SET eucjpms", "'日本語'", "x'a1bda1c1a1c2a1dda1f1a1f2a2cc'"),
            new Col("c_gbk", "varchar(10) CHARACTER SET gbk", "'中文'", "x'a892'"),
            new Col("c_gb2312", "varchar(10) CHARACTER SET gb2312", "'中文'"),
            new Col("c_big5", "varchar(10) CHARACTER SET big5", "'中文'"),
            new Col("c_euckr", "varchar(10) CHARACTER SET euckr", "'한국어'", "x'8141'"),
            new Col("c_binary16", "binary(16)", "x'00'", "x'0102030405060708090a0b0c0d0e0f00'",
                    "x'ffffffffffffffffffffffffffffffff'", "x'00000000000000000000000000000000'", "'ab'"),
            new Col("c_binary4", "binary(4)", "''", "x'61620000'"),
            new Col("c_char_binary", "char(3) CHARACTER SET binary", "x'6100'"),
            new Col("c_varbinary", "varbinary(20)", "''", "x'6100'", "x'00'"),
            new Col("c_tinyblob", "tinyblob", "''", "x'00ff'"),
            new Col("c_blob", "blob", "''", "x'00ff00'"),
            new Col("c_mediumblob", "mediumblob", "x'0000'"),
            new Col("c_longblob", "longblob", "''", ONE_MB_BLOB),
            new Col("c_enum", "enum('a','b','it''s','x\\\\y')", "'a'", "'no such label'", "'it''s'", "'x\\\\y'", "2"),
            new Col("c_set", "set('x','y','z')", "''", "'z,x'", "'x,y,z'", "'y'"),
            new Col("c_date", "date", "'1970-01-01'", "'1000-01-01'", "'9999-12-31'", "'0001-01-01'", "'0000-00-00'",
                    "'2020-00-15'", "'2021-02-31'", "'1582-10-04'", "'0000-01-01'", "'2024-02-29'"),
            new Col("c_datetime", "datetime", "'1970-01-01 00:00:00'", "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59'",
                    "'0001-01-01 00:00:00'", "'0000-00-00 00:00:00'", "'2020-00-15 10:11:12'"),
            new Col("c_datetime3", "datetime(3)", "'2024-02-29 13:14:15.123'", "'0000-00-00 00:00:00'",
                    "'2020-00-00 10:11:12.5'", "'1582-10-04 23:59:59.999'"),
            new Col("c_datetime1", "datetime(1)", "'2020-00-00 10:11:12.5'", "'2024-01-01 00:00:00.1'"),
            new Col("c_timestamp3", "timestamp(3) NULL", "'0000-00-00 00:00:00'", "'2001-09-09 06:46:40.123'"),
            new Col("c_datetime6", "datetime(6)", "'9999-12-31 23:59:59.999999'", "'1969-12-31 23:59:59.999999'",
                    "'0000-00-00 00:00:00'", "'1000-01-01 00:00:00.000001'"),
            // Inserted under time_zone '+05:00': the stored instants are 5 hours earlier in UTC.
            new Col("c_timestamp", "timestamp NULL", "'1970-01-01 05:00:01'", "'2038-01-19 08:14:07'", "'0000-00-00 00:00:00'"),
            new Col("c_timestamp6", "timestamp(6) NULL", "'1970-01-01 05:00:01.000000'", "'2038-01-19 08:14:07.999999'",
                    "'0000-00-00 00:00:00'", "'2024-06-30 12:00:00.5'"),
            new Col("c_time", "time", "'00:00:00'", "'-838:59:59'", "'838:59:59'", "'-00:00:01'"),
            new Col("c_time2", "time(2)", "'-00:00:00.01'", "'-12:30:00.5'", "'838:59:59.99'", "'-838:59:59.99'"),
            new Col("c_time4", "time(4)", "'-00:00:00.0001'", "'-16:08:04.0101'"),
            new Col("c_time1", "time(1)", "'-00:00:00.1'", "'-838:59:59.9'", "'-01:00:00.5'", "'12:00:00.9'"),
            new Col("c_time3", "time(3)", "'-00:00:00.001'", "'-838:59:59.999'", "'-01:00:00.5'", "'12:00:00.999'"),
            new Col("c_time5", "time(5)", "'-00:00:00.00001'", "'-838:59:59.99999'", "'-01:00:00.5'", "'12:00:00.99999'"),
            new Col("c_time6", "time(6)", "'-838:59:59.999999'", "'838:59:59.999999'", "'-00:00:00.000001'", "'00:00:00'",
                    "'-00:00:00.5'"),
            new Col("c_year", "year", "0", "1901", "2155", "2024"),
            new Col("c_json", "json", "'{\"k\": \"é😀\", \"n\": [1, 2.5, null]}'", "'[]'", "'null'"),
            new Col("c_uuid", "uuid", "UUID()", "'00000000-0000-0000-0000-000000000000'", "'123e4567-e89b-42d3-a456-556642440000'",
                    "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
            new Col("c_inet4", "inet4", "'0.0.0.0'", "'255.255.255.255'", "'1.2.3.4'", "'10.0.0.0'"),
            new Col("c_inet6", "inet6", "'::'", "'::1'", "'::ffff:1.2.3.4'", "'2001:db8::1'", "'0:2:3:4:5:6:7:8'",
                    "'1:0:0:2::3'", "'::1.2.3.4'", "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'", "'2001:db8::1:0:0:1'", "'fe80::'"),
            new Col("c_point", "point", "POINT(1, 2)", "ST_GeomFromText('POINT(1 2)', 4326)"),
            new Col("c_geometry", "geometry", "ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))')",
                    "ST_GeomFromText('LINESTRING(0 0,1 1)', 3857)"),
            new Col("c_virtual", "bigint AS (c_int * 2) VIRTUAL"),
            new Col("c_virtual_text", "varchar(40) AS (CONCAT('v', c_varchar)) VIRTUAL"),
            new Col("c_stored", "bigint AS (c_int + 1) STORED"));

    private static AllTypesFixture instance;

    final int rowCount;
    final List<ColumnSchema> schema;
    final List<List<Value>> snapshot = new ArrayList<>();
    final List<List<Value>> binlog = new ArrayList<>();
    final List<Serializable[]> rawBinlogRows;
    final List<BitSet> binlogIncludedColumns;

    static synchronized AllTypesFixture get() throws Exception {
        if (instance == null) {
            instance = new AllTypesFixture(LocalDatabases.get());
        }
        return instance;
    }

    private AllTypesFixture(LocalDatabases db) throws Exception {
        rowCount = 1 + COLUMNS.stream().mapToInt(c -> c.literals().length).max().orElse(0);
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
            st.execute("CREATE TABLE " + DATABASE + "." + TABLE + " ("
                    + COLUMNS.stream().map(c -> c.name() + " " + c.ddl()).collect(Collectors.joining(", ")) + ")");
            String[] position = ConvertTestSupport.masterStatus(root);
            try (ConvertTestSupport.BinlogRows stream = new ConvertTestSupport.BinlogRows(db, position, DATABASE, TABLE)) {
                // Not strict (the ENUM error value, FLOAT clipping), zero and invalid dates allowed, a non-UTC zone.
                st.execute("SET NAMES utf8mb4, time_zone = '+05:00', SESSION sql_mode = 'ALLOW_INVALID_DATES'");
                List<Col> stored = COLUMNS.stream().filter(c -> !c.generated()).collect(Collectors.toList());
                for (int row = 1; row <= rowCount; row++) {
                    int k = row - 2;
                    String id = Integer.toString(row);
                    st.execute("INSERT INTO " + DATABASE + "." + TABLE + " ("
                            + stored.stream().map(Col::name).collect(Collectors.joining(", ")) + ") VALUES ("
                            + stored.stream().map(c -> c.name().equals("id") ? id : k >= 0 && k < c.literals().length ? c.literals()[k] : "NULL")
                                    .collect(Collectors.joining(", ")) + ")");
                }
                rawBinlogRows = new ArrayList<>(stream.await(rowCount, 60));
                binlogIncludedColumns = stream.includedColumns();
            }
            schema = ConvertTestSupport.columns(root, DATABASE, TABLE);
        }
        rawBinlogRows.sort(Comparator.comparingInt(r -> (Integer) r[0]));
        for (Serializable[] raw : rawBinlogRows) {
            List<Value> values = new ArrayList<>();
            for (ColumnSchema c : schema) {
                values.add(BinlogValueConverter.convert(raw[c.getOrdinal() - 1], c));
            }
            binlog.add(values);
        }
        String select = "SELECT " + schema.stream().map(SnapshotValueReader::selectExpression).collect(Collectors.joining(", "))
                + " FROM " + DATABASE + "." + TABLE + " ORDER BY id";
        try (Connection c = SourceConnections.open(ConvertTestSupport.rootEndpoint(db));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(select)) {
            while (rs.next()) {
                List<Value> values = new ArrayList<>();
                for (int i = 0; i < schema.size(); i++) {
                    values.add(SnapshotValueReader.read(rs, i + 1, schema.get(i)));
                }
                snapshot.add(values);
            }
        }
    }

    int column(String name) {
        for (int i = 0; i < schema.size(); i++) {
            if (schema.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    ColumnSchema columnSchema(String name) {
        return schema.get(column(name));
    }

    /** The snapshot's value of a column in row {@code id} (1-based). */
    Value snapshot(String column, int id) {
        return snapshot.get(id - 1).get(column(column));
    }
}
