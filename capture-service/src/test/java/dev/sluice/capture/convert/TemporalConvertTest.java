package dev.sluice.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The hand-written temporal arithmetic and text parsing shared by both paths. */
class TemporalConvertTest {

    @Test
    void epochDayIsProlepticGregorianFromYear0To9999() {
        for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
            assertThat(TemporalText.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).as("%s", d).isEqualTo(d.toEpochDay());
        }
    }

    @Test
    void parsesMariaDbText() {
        assertThat(TemporalText.dateDays("1970-01-01")).isZero();
        assertThat(TemporalText.dateDays("0000-01-01")).isEqualTo(LocalDate.of(0, 1, 1).toEpochDay());
        assertThat(TemporalText.dateDays("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(TemporalText.dateDays("0000-00-00")).isEqualTo(TemporalText.INVALID);
        assertThat(TemporalText.dateDays("2023-02-29")).isEqualTo(TemporalText.INVALID);
        assertThat(TemporalText.dateDays("2020-04-31")).isEqualTo(TemporalText.INVALID);
        assertThat(TemporalText.datetimeMicros("9999-12-31 23:59:59.999999"))
                .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 999_999);
        assertThat(TemporalText.datetimeMicros("1969-12-31 23:59:59.5")).isEqualTo(-500_000);
        assertThat(TemporalText.datetimeMicros("2020-00-00 10:11:12.500")).isEqualTo(TemporalText.INVALID);
        assertThat(TemporalText.timeMicros("-838:59:59.999999")).isEqualTo(-3020399999999L);
        assertThat(TemporalText.timeMicros("838:59:59")).isEqualTo(3020399000000L);
        assertThat(TemporalText.timeMicros("-00:00:00.01")).isEqualTo(-10_000);
        assertThat(TemporalText.timeMicros("00:00:00")).isZero();
    }

    @Test
    void formatsTextAsMariaDbPrintsIt() {
        assertThat(TemporalText.zeroText(false, 0)).isEqualTo("0000-00-00");
        assertThat(TemporalText.zeroText(true, 0)).isEqualTo("0000-00-00 00:00:00");
        assertThat(TemporalText.zeroText(true, 6)).isEqualTo("0000-00-00 00:00:00.000000");
        assertThat(TemporalText.datetimeText(2020, 0, 5, 1, 2, 3, 450_000, 2)).isEqualTo("2020-00-05 01:02:03.45");
        assertThat(TemporalText.datetimeText(2020, 1, 0, 23, 59, 59, 1, 6)).isEqualTo("2020-01-00 23:59:59.000001");
        assertThat(TemporalText.dateText(12, 3, 0)).isEqualTo("0012-03-00");
    }
}
