package dev.sluice.capture.snapshot;

import dev.sluice.model.Values;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;

/** Binds a key {@link Value} to a MariaDB statement parameter, in the form MariaDB compares it with. */
public final class SourceParams {

    private SourceParams() {
    }

    public static void bind(PreparedStatement ps, int index, Value v) throws SQLException {
        switch (v.getKindCase()) {
            case INT_VALUE:
                ps.setLong(index, v.getIntValue());
                break;
            case UINT_VALUE:
                ps.setBigDecimal(index, new BigDecimal(Values.unsignedToBigInteger(v.getUintValue())));
                break;
            case DECIMAL_VALUE:
                ps.setBigDecimal(index, new BigDecimal(v.getDecimalValue()));
                break;
            case FLOAT_VALUE:
                ps.setFloat(index, v.getFloatValue());
                break;
            case DOUBLE_VALUE:
                ps.setDouble(index, v.getDoubleValue());
                break;
            case BYTES_VALUE:
                ps.setBytes(index, v.getBytesValue().toByteArray());
                break;
            case TEXT_VALUE:
                ps.setString(index, v.getTextValue());
                break;
            case JSON_VALUE:
                ps.setString(index, v.getJsonValue());
                break;
            case YEAR_VALUE:
                ps.setInt(index, v.getYearValue());
                break;
            case DATE_VALUE:
                ps.setString(index, Values.dateOf(v.getDateValue()).toString());
                break;
            case DATETIME_VALUE:
                ps.setString(index, mariaDatetime(Values.datetimeOf(v.getDatetimeValue())));
                break;
            case TIMESTAMP_VALUE:
                // capture sessions run with time_zone '+00:00'
                ps.setString(index, mariaDatetime(Values.datetimeOf(v.getTimestampValue())));
                break;
            case TIME_VALUE:
                ps.setString(index, mariaTime(v.getTimeValue()));
                break;
            case BITS_VALUE:
                ps.setBytes(index, v.getBitsValue().getValue().toByteArray());
                break;
            case ZERO_DATE:
                ps.setString(index, v.getZeroDate().getOriginal());
                break;
            default:
                ps.setNull(index, Types.NULL);
        }
    }

    static String mariaDatetime(LocalDateTime t) {
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? s : s + String.format(".%06d", micros);
    }

    static String mariaTime(long micros) {
        long abs = Math.abs(micros);
        long seconds = abs / 1_000_000;
        return String.format("%s%d:%02d:%02d.%06d", micros < 0 ? "-" : "", seconds / 3600, seconds / 60 % 60, seconds % 60, abs % 1_000_000);
    }
}
