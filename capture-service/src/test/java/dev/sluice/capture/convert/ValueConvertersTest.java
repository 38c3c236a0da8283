package dev.sluice.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sluice.model.Values;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same stored value gives the same Value from the snapshot (JDBC) and from the binlog, and the right one. */
class ValueConvertersTest {

    static AllTypesFixture f;

    @BeforeAll
    static void load() throws Exception {
        f = AllTypesFixture.get();
    }

    @Test
    void bothPathsSeeEveryRowAndTheFullRowImage() {
        assertThat(f.snapshot).hasSize(f.rowCount);
        assertThat(f.binlog).hasSize(f.rowCount);
        for (BitSet included : f.binlogIncludedColumns) {
            assertThat(included.cardinality()).as("binlog_row_image=FULL logs every column, virtual ones included")
                    .isEqualTo(f.schema.size());
        }
        for (Object[] raw : f.rawBinlogRows) {
            assertThat(raw).hasSize(f.schema.size());
        }
    }

    @Test
    void snapshotAndBinlogAgreeOnEveryValue() {
        List<String> mismatches = new ArrayList<>();
        for (int row = 0; row < f.rowCount; row++) {
            for (int col = 0; col < f.schema.size(); col++) {
                Value s = f.snapshot.get(row).get(col);
                Value b = f.binlog.get(row).get(col);
                if (!s.equals(b)) {
                    ColumnSchema c = f.schema.get(col);
                    mismatches.add("row " + (row + 1) + " " + c.getName() + " " + c.getColumnType() + ": snapshot " + show(s)
                            + " binlog " + show(b));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void nullRowIsNullEverywhere() {
        for (ColumnSchema c : f.schema) {
            if (!c.getName().equals("id")) {
                assertThat(f.snapshot(c.getName(), 1)).as(c.getName()).isEqualTo(Values.NULL);
            }
        }
    }

    @Test
    void integersAtTheirLimits() {
        expect("c_tiny", 3, Values.ofLong(-128), Values.ofLong(127));
        expect("c_utiny", 4, Values.ofLong(255));
        expect("c_small", 3, Values.ofLong(-32768), Values.ofLong(32767));
        expect("c_usmall", 4, Values.ofLong(65535));
        expect("c_med", 3, Values.ofLong(-8388608), Values.ofLong(8388607));
        expect("c_umed", 4, Values.ofLong(16777215));
        expect("c_int", 3, Values.ofLong(Integer.MIN_VALUE), Values.ofLong(Integer.MAX_VALUE));
        expect("c_uint", 4, Values.ofLong(4294967295L));
        expect("c_big", 2, Values.ofLong(0), Values.ofLong(Long.MIN_VALUE), Values.ofLong(Long.MAX_VALUE));
        expect("c_ubig", 4, Values.ofUnsigned(new BigInteger("18446744073709551615")), Values.ofUnsigned(new BigInteger("9223372036854775808")));
        expect("c_zerofill", 3, Values.ofLong(42), Values.ofLong(4294967295L));
        expect("c_bool", 2, Values.ofLong(1), Values.ofLong(0), Values.ofLong(-1));
    }

    @Test
    void decimalsKeepTheColumnScale() {
        expect("c_dec", 2, dec("0.000000000000000000000000000000"),
                dec("-99999999999999999999999999999999999.999999999999999999999999999999"),
                dec("99999999999999999999999999999999999.999999999999999999999999999999"),
                dec("1.500000000000000000000000000000"), dec("-0.000000000000000000000000000001"));
        expect("c_dec2", 2, dec("0.00"), dec("-12345678.90"), dec("12345678.99"), dec("1.50"));
        expect("c_dec0", 4, dec("99999999999999999999"));
    }

    @Test
    void floatsAreTheStoredBits() {
        expect("c_float", 3, Values.ofFloat(-Float.MAX_VALUE), Values.ofFloat(Float.MAX_VALUE), Values.ofFloat(16777216f),
                Values.ofFloat(Float.MIN_VALUE), Values.ofFloat(0.1f));
        expect("c_float_md", 4, Values.ofFloat(12345.68f), Values.ofFloat(1.0f));
        expect("c_double", 3, Values.ofDouble(-Double.MAX_VALUE), Values.ofDouble(Double.MAX_VALUE), Values.ofDouble(Double.MIN_VALUE),
                Values.ofDouble(Double.MIN_NORMAL), Values.ofDouble(0.1));
        expect("c_double", 9, Values.ofDouble(123456789012345680d));
    }

    @Test
    void bitsAreBigEndianWithTheirLength() {
        expect("c_bit1", 3, Values.ofBits(new byte[] {0}, 1), Values.ofBits(new byte[] {1}, 1));
        expect("c_bit10", 4, Values.ofBits(new byte[] {3, (byte) 0xFF}, 10), Values.ofBits(new byte[] {2, 1}, 10));
        expect("c_bit64", 4, Values.ofBits(hex("ffffffffffffffff"), 64), Values.ofBits(hex("8000000000000001"), 64));
    }

    @Test
    void textIsDecodedFromTheColumnCharset() {
        expect("c_varchar", 4, Values.ofText("😀👍🏽𠜎"), Values.ofText("é ü ß ñ"), Values.ofText("trailing  "));
        expect("c_char", 3, Values.ofText("ab"), Values.ofText("😀"));
        expect("c_text", 4, Values.ofText("😀".repeat(1000)));
        expect("c_longtext", 3, Values.ofText("long 𠜎 ".repeat(10000)));
        // MariaDB's latin1 is cp1252 with C1 controls at 81, 8D, 8F, 90, 9D.
        expect("c_latin1", 3, Values.ofText("éèÀÿ\u0081\u008d\u008f\u0090\u009d€"));
        expect("c_latin1_char", 3, Values.ofText("\u0081\u008d\u008f\u0090\u009d"));
        expect("c_latin1_text", 2, Values.ofText("\u0000\u0081\u009d"));
        expect("c_ucs2", 2, Values.ofText("é中Ω"), Values.ofText("ab  "));
        expect("c_utf16", 2, Values.ofText("😀é"));
        expect("c_utf16le", 2, Values.ofText("😀é"));
        expect("c_utf32", 2, Values.ofText("😀é"));
        expect("c_utf32_char", 2, Values.ofText("😀"));
        expect("c_cp1251", 2, Values.ofText("Привет"));
        expect("c_greek", 2, Values.ofText("Καλημέρα"), Values.ofText("\u02bd\u02bc"));
        expect("c_sjis", 2, Values.ofText("日本語ｶﾅ"), Values.ofText("\u2015\\"));
        expect("c_euckr", 2, Values.ofText("한국어"), Values.ofText("\uac02"));
    }

    @Test
    void binaryValuesKeepTheirPadding() {
        expect("c_binary16", 2, bytes("00000000000000000000000000000000"), bytes("0102030405060708090a0b0c0d0e0f00"),
                bytes("ffffffffffffffffffffffffffffffff"), bytes("00000000000000000000000000000000"),
                bytes("61620000000000000000000000000000"));
        expect("c_binary4", 2, bytes("00000000"), bytes("61620000"));
        expect("c_char_binary", 2, bytes("610000"));
        expect("c_varbinary", 2, bytes(""), bytes("6100"), bytes("00"));
        byte[] mb = new byte[1 << 20];
        byte[] pattern = hex("00ff7f80deadbeef");
        for (int i = 0; i < mb.length; i++) {
            mb[i] = pattern[i % pattern.length];
        }
        expect("c_longblob", 3, Value.newBuilder().setBytesValue(ByteString.copyFrom(mb)).build());
    }

    @Test
    void enumAndSetAreLabels() {
        expect("c_enum", 2, Values.ofText("a"), Values.ofText(""), Values.ofText("it's"), Values.ofText("x\\y"), Values.ofText("b"));
        expect("c_set", 2, Values.ofText(""), Values.ofText("x,z"), Values.ofText("x,y,z"), Values.ofText("y"));
    }

    @Test
    void datesAreProlepticGregorianDaysAndZeroDatesKeepTheirText() {
        expect("c_date", 2, date(1970, 1, 1), date(1000, 1, 1), date(9999, 12, 31), date(1, 1, 1), Values.zeroDate("0000-00-00"),
                Values.zeroDate("2020-00-15"), Values.zeroDate("2021-02-31"), date(1582, 10, 4), date(0, 1, 1), date(2024, 2, 29));
        assertThat(f.snapshot("c_date", 3).getDateValue()).isEqualTo(-354285);
        assertThat(f.snapshot("c_date", 5).getDateValue()).isEqualTo(-719162);
        expect("c_datetime", 2, datetime("1970-01-01T00:00:00"), datetime("1000-01-01T00:00:00"), datetime("9999-12-31T23:59:59"),
                datetime("0001-01-01T00:00:00"), Values.zeroDate("0000-00-00 00:00:00"), Values.zeroDate("2020-00-15 10:11:12"));
        expect("c_datetime3", 2, datetime("2024-02-29T13:14:15.123"), Values.zeroDate("0000-00-00 00:00:00.000"),
                Values.zeroDate("2020-00-00 10:11:12.500"), datetime("1582-10-04T23:59:59.999"));
        expect("c_datetime1", 2, Values.zeroDate("2020-00-00 10:11:12.5"), datetime("2024-01-01T00:00:00.1"));
        expect("c_datetime6", 2, datetime("9999-12-31T23:59:59.999999"), Values.ofDatetimeMicros(-1),
                Values.zeroDate("0000-00-00 00:00:00.000000"), datetime("1000-01-01T00:00:00.000001"));
    }

    @Test
    void timestampsAreInstantsWhateverTheSessionZone() {
        expect("c_timestamp", 2, Values.ofTimestampMicros(1_000_000L), Values.ofTimestampMicros(2147483647_000_000L),
                Values.zeroDate("0000-00-00 00:00:00"));
        expect("c_timestamp3", 2, Values.zeroDate("0000-00-00 00:00:00.000"), Values.ofTimestampMicros(1_000_000_000_123_000L));
        expect("c_timestamp6", 2, Values.ofTimestampMicros(1_000_000L), Values.ofTimestampMicros(2147483647_999_999L),
                Values.zeroDate("0000-00-00 00:00:00.000000"),
                Values.ofTimestampMicros(LocalDateTime.parse("2024-06-30T07:00:00.5").toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 500_000));
    }

    @Test
    void timesAreSignedMicrosOverTheFullRange() {
        long max = (838 * 3600 + 59 * 60 + 59) * 1_000_000L;
        expect("c_time", 2, Values.ofTimeMicros(0), Values.ofTimeMicros(-max), Values.ofTimeMicros(max), Values.ofTimeMicros(-1_000_000));
        expect("c_time2", 2, Values.ofTimeMicros(-10_000), Values.ofTimeMicros(-(12 * 3600 + 30 * 60) * 1_000_000L - 500_000),
                Values.ofTimeMicros(max + 990_000), Values.ofTimeMicros(-max - 990_000));
        expect("c_time4", 2, Values.ofTimeMicros(-100), Values.ofTimeMicros(-(16 * 3600 + 8 * 60 + 4) * 1_000_000L - 10_100));
        long hour = 3600 * 1_000_000L;
        expect("c_time1", 2, Values.ofTimeMicros(-100_000), Values.ofTimeMicros(-max - 900_000), Values.ofTimeMicros(-hour - 500_000),
                Values.ofTimeMicros(12 * hour + 900_000));
        expect("c_time3", 2, Values.ofTimeMicros(-1_000), Values.ofTimeMicros(-max - 999_000), Values.ofTimeMicros(-hour - 500_000),
                Values.ofTimeMicros(12 * hour + 999_000));
        expect("c_time5", 2, Values.ofTimeMicros(-10), Values.ofTimeMicros(-max - 999_990), Values.ofTimeMicros(-hour - 500_000),
                Values.ofTimeMicros(12 * hour + 999_990));
        expect("c_time6", 2, Values.ofTimeMicros(-max - 999_999), Values.ofTimeMicros(max + 999_999), Values.ofTimeMicros(-1),
                Values.ofTimeMicros(0), Values.ofTimeMicros(-500_000));
    }

    @Test
    void yearZeroIsZero() {
        expect("c_year", 2, Values.ofYear(0), Values.ofYear(1901), Values.ofYear(2155), Values.ofYear(2024));
    }

    @Test
    void jsonIsText() {
        expect("c_json", 2, Values.ofJson("{\"k\": \"é😀\", \"n\": [1, 2.5, null]}"), Values.ofJson("[]"), Values.ofJson("null"));
    }

    @Test
    void uuidAndInetHaveOneCanonicalText() {
        assertThat(f.snapshot("c_uuid", 2).getTextValue()).matches("[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        expect("c_uuid", 3, Values.ofText("00000000-0000-0000-0000-000000000000"), Values.ofText("123e4567-e89b-42d3-a456-556642440000"),
                Values.ofText("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), Values.ofText("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        expect("c_inet4", 2, Values.ofText("0.0.0.0"), Values.ofText("255.255.255.255"), Values.ofText("1.2.3.4"), Values.ofText("10.0.0.0"));
        expect("c_inet6", 2, Values.ofText("::"), Values.ofText("::1"), Values.ofText("::ffff:1.2.3.4"), Values.ofText("2001:db8::1"),
                Values.ofText("0:2:3:4:5:6:7:8"), Values.ofText("1:0:0:2::3"), Values.ofText("::1.2.3.4"),
                Values.ofText("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), Values.ofText("2001:db8::1:0:0:1"), Values.ofText("fe80::"));
    }

    @Test
    void geometryIsWkbWithoutTheSrid() {
        byte[] point = hex("0101000000000000000000f03f0000000000000040"); // POINT(1 2), little-endian WKB
        expect("c_point", 2, Bytes.value(point), Bytes.value(point));
        assertThat(f.snapshot("c_geometry", 2).getBytesValue().byteAt(1)).isEqualTo((byte) 3); // polygon
        assertThat(f.snapshot("c_geometry", 3).getBytesValue().byteAt(1)).isEqualTo((byte) 2); // linestring, SRID 3857 gone
    }

    @Test
    void generatedColumnsHaveTheirValuesBothWays() {
        expect("c_virtual", 2, Values.ofLong(0), Values.ofLong(-4294967296L), Values.ofLong(4294967294L));
        expect("c_virtual_text", 2, Values.ofText("v"), Values.ofText("vplain"), Values.ofText("v😀👍🏽𠜎"));
        expect("c_stored", 2, Values.ofLong(1), Values.ofLong(-2147483647L), Values.ofLong(2147483648L));
    }

    /** Expected values of rows firstRow, firstRow+1, ... from both paths (equality is checked separately too). */
    private static void expect(String column, int firstRow, Value... expected) {
        for (int i = 0; i < expected.length; i++) {
            int row = firstRow + i;
            int col = f.column(column);
            assertThat(show(f.snapshot.get(row - 1).get(col))).as("snapshot %s row %d", column, row).isEqualTo(show(expected[i]));
            assertThat(f.snapshot.get(row - 1).get(col)).as("snapshot %s row %d", column, row).isEqualTo(expected[i]);
            assertThat(f.binlog.get(row - 1).get(col)).as("binlog %s row %d", column, row).isEqualTo(expected[i]);
        }
    }

    static String show(Value v) {
        String s = v.toString().replace('\n', ' ').strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static Value dec(String s) {
        return Value.newBuilder().setDecimalValue(s).build();
    }

    private static Value date(int y, int m, int d) {
        return Values.ofDate(LocalDate.of(y, m, d));
    }

    private static Value datetime(String iso) {
        return Values.ofDatetime(LocalDateTime.parse(iso));
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static Value bytes(String hex) {
        return Value.newBuilder().setBytesValue(ByteString.copyFrom(hex(hex))).build();
    }
}
