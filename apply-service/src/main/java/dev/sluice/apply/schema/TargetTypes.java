package dev.sluice.apply.schema;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the PostgreSQL type names {@link dev.sluice.model.TypeMapping} produces. */
final class TargetTypes {

    private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");
    private static final Set<String> APPROXIMATE = Set.of("real", "double precision");
    private static final Pattern BIT = Pattern.compile("bit\\((\\d+)\\)");

    private TargetTypes() {
    }

    private static String norm(String type) {
        return type.strip().toLowerCase(Locale.ROOT);
    }

    /** The types PostgreSQL accepts for an identity column. */
    static boolean isInteger(String type) {
        return INTEGERS.contains(norm(type));
    }

    static boolean isNumeric(String type) {
        String t = norm(type);
        return INTEGERS.contains(t) || APPROXIMATE.contains(t) || t.startsWith("numeric");
    }

    static boolean isBoolean(String type) {
        return norm(type).equals("boolean");
    }

    /** The n of bit(n), or -1 for any other type. */
    static int bitLength(String type) {
        Matcher m = BIT.matcher(norm(type));
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static boolean isDate(String type) {
        return norm(type).equals("date");
    }

    static boolean isTimestampWithTimeZone(String type) {
        String t = norm(type);
        return t.startsWith("timestamp") && t.endsWith("with time zone") && !t.endsWith("without time zone");
    }

    static boolean isTimestampWithoutTimeZone(String type) {
        return norm(type).startsWith("timestamp") && !isTimestampWithTimeZone(type);
    }

    static boolean isInterval(String type) {
        return norm(type).equals("interval");
    }

    static boolean isBytea(String type) {
        return norm(type).equals("bytea");
    }

    static boolean isUuid(String type) {
        return norm(type).equals("uuid");
    }

    static boolean isJsonb(String type) {
        return norm(type).equals("jsonb");
    }

    /** text or varchar(n): what character data, ENUM and SET map to. */
    static boolean isCharacter(String type) {
        String t = norm(type);
        return t.equals("text") || t.startsWith("varchar") || t.startsWith("character varying");
    }

    /** The n of varchar(n), or -1 (text: unlimited). */
    static int varcharLength(String type) {
        Matcher m = Pattern.compile("(?:varchar|character varying)\\((\\d+)\\)").matcher(norm(type));
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
