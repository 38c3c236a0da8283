package dev.sluice.apply.schema;

import dev.sluice.v1.ColumnSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MariaDB 10.11 COLUMN_DEFAULT (as information_schema prints it) to a PostgreSQL DEFAULT expression
 * for the column's target type. Forms, as MariaDB prints them: NULL; a quoted literal 'abc' (also
 * for numbers stored in character columns, dates, times, JSON); a bare number (numeric, YEAR and
 * BOOLEAN columns); b'101' (BIT); current_timestamp() / current_timestamp(n) (now() prints the same);
 * curdate(); uuid(); any other expression (dropped).
 */
final class DefaultTranslator {

    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern BIT_LITERAL = Pattern.compile("[bB]'([01]*)'");
    private static final Pattern NOW = Pattern.compile("(current_timestamp|now|localtimestamp|localtime)\\(\\d*\\)");
    private static final Pattern TODAY = Pattern.compile("(curdate|current_date)\\(\\)");
    private static final Pattern DATE_PART = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})([ T].*)?");

    /** The outcome: {@code sql} is the DEFAULT expression (null: none); {@code dropped} why a source default was not kept. */
    record Result(String sql, String dropped) {
        static final Result NONE = new Result(null, null);

        static Result of(String sql) {
            return new Result(sql, null);
        }

        static Result drop(String why) {
            return new Result(null, why);
        }
    }

    private DefaultTranslator() {
    }

    static Result translate(ColumnSchema c) {
        // Generated columns become plain columns whose values are synchronized; identity supplies its own values.
        if (!c.getHasDefault() || !c.getGenerationExpression().isEmpty() || c.getAutoIncrement()) {
            return Result.NONE;
        }
        String raw = c.getDefaultValue().strip();
        String type = c.getTargetType();
        if (raw.isEmpty() || raw.equalsIgnoreCase("null")) {
            return Result.NONE;
        }
        Optional<String> literal = MariaLiteral.unquote(raw);
        if (literal.isPresent()) {
            return literal(literal.get(), type);
        }
        Matcher bits = BIT_LITERAL.matcher(raw);
        if (bits.matches()) {
            return bits(bits.group(1), type);
        }
        if (NUMBER.matcher(raw).matches()) {
            return number(raw, type);
        }
        return function(raw.toLowerCase(Locale.ROOT), type);
    }

    private static Result number(String n, String type) {
        if (TargetTypes.isBoolean(type)) {
            // tinyint1AsBoolean: MariaDB's TRUE/FALSE are 1/0; any other non-zero value reads as true too.
            return Result.of(new BigDecimal(n).signum() == 0 ? "false" : "true");
        }
        if (TargetTypes.bitLength(type) > 0) {
            try {
                return bits(new BigInteger(n).toString(2), type);
            } catch (NumberFormatException e) {
                return Result.drop("not a whole number for " + type);
            }
        }
        if (TargetTypes.isNumeric(type)) {
            return Result.of(n);
        }
        return cast(n, type);
    }

    private static Result bits(String digits, String type) {
        int length = TargetTypes.bitLength(type);
        if (length < 0) {
            return TargetTypes.isNumeric(type) ? Result.of(new BigInteger(digits.isEmpty() ? "0" : digits, 2).toString())
                    : Result.drop("a bit value for a " + type + " column");
        }
        // MariaDB's b'101' is the number 5: right-aligned. PostgreSQL pads bit strings on the right, so pad here.
        String significant = digits.replaceFirst("^0+", "");
        if (significant.length() > length) {
            return Result.drop("wider than bit(" + length + ")");
        }
        return Result.of(PgLiteral.bits("0".repeat(length - significant.length()) + significant));
    }

    private static Result literal(String value, String type) {
        if (TargetTypes.isBytea(type)) {
            return Result.of(PgLiteral.bytea(value.getBytes(StandardCharsets.UTF_8)));
        }
        if (value.indexOf('\0') >= 0) {
            return Result.drop("contains a NUL character, which PostgreSQL text cannot hold");
        }
        if (TargetTypes.isBoolean(type) || TargetTypes.bitLength(type) > 0 || TargetTypes.isNumeric(type)) {
            return NUMBER.matcher(value.strip()).matches() ? number(value.strip(), type)
                    : Result.drop("not a number for " + type);
        }
        if (TargetTypes.isDate(type) || TargetTypes.isTimestampWithoutTimeZone(type) || TargetTypes.isTimestampWithTimeZone(type)) {
            String problem = dateProblem(value);
            if (problem != null) {
                return Result.drop(problem);
            }
            if (TargetTypes.isTimestampWithTimeZone(type)) {
                // Capture reads information_schema with time_zone '+00:00', and MariaDB prints TIMESTAMP
                // defaults in the reading session's zone: the literal is UTC.
                return cast(value + "+00", type);
            }
        }
        return cast(value, type);
    }

    /** Why a date/datetime literal cannot be a PostgreSQL default, or null when it can. */
    private static String dateProblem(String value) {
        Matcher m = DATE_PART.matcher(value.strip());
        if (!m.matches()) {
            return "not a date";
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month == 0 || day == 0) {
            return "a zero date (PostgreSQL stores zero dates as NULL)";
        }
        try {
            LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return "not a valid date";
        }
        return year == 0 ? "year 0 (PostgreSQL has no year 0)" : null;
    }

    private static Result function(String expression, String type) {
        if (NOW.matcher(expression).matches()) {
            if (TargetTypes.isTimestampWithTimeZone(type)) {
                return Result.of("CURRENT_TIMESTAMP");
            }
            if (TargetTypes.isTimestampWithoutTimeZone(type)) {
                return Result.of("LOCALTIMESTAMP");
            }
            if (TargetTypes.isDate(type)) {
                return Result.of("CURRENT_DATE");
            }
        }
        if (TODAY.matcher(expression).matches()) {
            if (TargetTypes.isDate(type)) {
                return Result.of("CURRENT_DATE");
            }
            if (TargetTypes.isTimestampWithoutTimeZone(type)) {
                return Result.of("CAST(CURRENT_DATE AS " + type + ")");
            }
        }
        if (expression.equals("uuid()")) {
            if (TargetTypes.isUuid(type)) {
                return Result.of("gen_random_uuid()");
            }
            int length = TargetTypes.varcharLength(type);
            if (TargetTypes.isCharacter(type) && (length < 0 || length >= 36)) {
                return Result.of("CAST(gen_random_uuid() AS " + type + ")");
            }
        }
        return Result.drop("no PostgreSQL equivalent for a " + type + " column");
    }

    private static Result cast(String value, String type) {
        return Result.of("CAST(" + PgLiteral.string(value) + " AS " + type + ")");
    }
}
