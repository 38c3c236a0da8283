package dev.sluice.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.PgText;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.TypeMapping;
import dev.sluice.model.UnstorableValueException;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.MappingOptions;
import dev.sluice.v1.Value;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every Value of the all-types table, written with {@link PgText#format} into a PostgreSQL column of
 * its mapped type ({@link TypeMapping}), reads back as the same value: PostgreSQL accepts our text
 * forms (TIME as interval, BIT, zero dates as NULL, ...) and keeps them exactly.
 */
class PgValueRoundTripTest {

    static final String SCHEMA = "sluice_convert_test";

    @Test
    void everyValueSurvivesPostgresql() throws Exception {
        AllTypesFixture f = AllTypesFixture.get();
        LocalDatabases db = LocalDatabases.get();
        List<ColumnSchema> columns = f.schema;
        List<String> types = columns.stream().map(c -> TypeMapping.targetType(c, MappingOptions.getDefaultInstance()))
                .collect(Collectors.toList());
        List<String> unstorable = new ArrayList<>();
        // stringtype=unspecified: PostgreSQL parses each text parameter as the column's own type.
        try (Connection pg = DriverManager.getConnection(db.pgUrl("target") + "?stringtype=unspecified", db.pgUser(), db.pgPassword());
                Statement st = pg.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
            List<String> defs = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                defs.add(SqlIdentifiers.pg(columns.get(i).getName()) + " " + types.get(i));
            }
            st.execute("CREATE TABLE " + SCHEMA + ".all_types (" + String.join(", ", defs) + ")");
            String insert = "INSERT INTO " + SCHEMA + ".all_types VALUES ("
                    + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
            try (PreparedStatement ps = pg.prepareStatement(insert)) {
                for (List<Value> row : f.snapshot) {
                    for (int i = 0; i < columns.size(); i++) {
                        String text;
                        try {
                            text = PgText.format(row.get(i), types.get(i));
                        } catch (UnstorableValueException e) {
                            unstorable.add(columns.get(i).getName() + " " + row.get(0).getIntValue());
                            text = null;
                        }
                        if (text == null) {
                            ps.setNull(i + 1, Types.VARCHAR);
                        } else {
                            ps.setString(i + 1, text);
                        }
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            assertThat(unstorable).as("values PostgreSQL cannot store (NUL in text)").containsExactly("c_latin1_text 2");

            String select = "SELECT " + java.util.stream.IntStream.range(0, columns.size())
                    .mapToObj(i -> readBack("t." + SqlIdentifiers.pg(columns.get(i).getName()), types.get(i)))
                    .collect(Collectors.joining(", ")) + " FROM " + SCHEMA + ".all_types t ORDER BY t.id";
            List<String> mismatches = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(select)) {
                int row = 0;
                while (rs.next()) {
                    List<Value> values = f.snapshot.get(row++);
                    for (int i = 0; i < columns.size(); i++) {
                        Value v = values.get(i);
                        String back = rs.getString(i + 1);
                        String expected = unstorable.contains(columns.get(i).getName() + " " + row) ? null : expected(v, types.get(i), pg);
                        if (!same(v, expected, back)) {
                            mismatches.add("row " + row + " " + columns.get(i).getName() + " " + types.get(i) + ": expected " + expected
                                    + " read back " + back);
                        }
                    }
                }
                assertThat(row).isEqualTo(f.rowCount);
            }
            assertThat(mismatches).isEmpty();
        }
    }

    /** A text rendering of the stored column that {@link #expected} can predict from the Value alone. */
    private static String readBack(String col, String type) {
        if (type.startsWith("timestamp") || type.equals("interval")) {
            return "(EXTRACT(EPOCH FROM " + col + ") * 1000000)::bigint::text";
        }
        if (type.equals("date")) {
            return "(" + col + " - DATE '1970-01-01')::text";
        }
        if (type.equals("inet")) {
            return "host(" + col + ")";
        }
        if (type.equals("bytea")) {
            return "encode(" + col + ", 'hex')";
        }
        return col + "::text";
    }

    private static String expected(Value v, String type, Connection pg) throws Exception {
        switch (v.getKindCase()) {
            case NULL_VALUE:
            case ZERO_DATE:
                return null;
            case INT_VALUE:
                return Long.toString(v.getIntValue());
            case UINT_VALUE:
                return Long.toUnsignedString(v.getUintValue());
            case DECIMAL_VALUE:
                return v.getDecimalValue();
            case FLOAT_VALUE:
                return Float.toString(v.getFloatValue());
            case DOUBLE_VALUE:
                return Double.toString(v.getDoubleValue());
            case BYTES_VALUE: {
                StringBuilder sb = new StringBuilder();
                for (byte b : v.getBytesValue().toByteArray()) {
                    sb.append(String.format("%02x", b));
                }
                return sb.toString();
            }
            case TEXT_VALUE:
                return v.getTextValue();
            case JSON_VALUE:
                try (PreparedStatement ps = pg.prepareStatement("SELECT CAST(? AS jsonb)::text")) {
                    ps.setString(1, v.getJsonValue());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            case DATE_VALUE:
                return Integer.toString(v.getDateValue());
            case DATETIME_VALUE:
                return Long.toString(v.getDatetimeValue());
            case TIMESTAMP_VALUE:
                return Long.toString(v.getTimestampValue());
            case TIME_VALUE:
                return Long.toString(v.getTimeValue());
            case YEAR_VALUE:
                return Integer.toString(v.getYearValue());
            case BITS_VALUE: {
                String bits = new BigInteger(1, v.getBitsValue().getValue().toByteArray()).toString(2);
                return "0".repeat(v.getBitsValue().getLength() - bits.length()) + bits;
            }
            default:
                throw new IllegalArgumentException("unexpected " + v.getKindCase());
        }
    }

    /** Floats compare as numbers (PostgreSQL prints 3.4028235e+38, Java 3.4028235E38); the rest as text. */
    private static boolean same(Value v, String expected, String back) {
        if (expected == null || back == null) {
            return expected == back;
        }
        if (v.getKindCase() == Value.KindCase.FLOAT_VALUE) {
            return Float.floatToIntBits(Float.parseFloat(back)) == Float.floatToIntBits(v.getFloatValue());
        }
        if (v.getKindCase() == Value.KindCase.DOUBLE_VALUE) {
            return Double.doubleToLongBits(Double.parseDouble(back)) == Double.doubleToLongBits(v.getDoubleValue());
        }
        return expected.equals(back);
    }
}
