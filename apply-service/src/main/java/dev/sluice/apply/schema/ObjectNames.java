package dev.sluice.apply.schema;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.IndexSchema;
import dev.sluice.v1.TableSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names of the keys, indexes and constraints Sluice creates: {@code <table>_<source name>}, and
 * {@code <table>_pkey} for the primary key, {@code <table>_<column>_check} for an ENUM's check.
 *
 * <p>PostgreSQL keeps only 63 bytes of a name and puts index names (primary and unique keys are
 * indexes) in one namespace per schema, shared with tables. So a name that is too long, or that two
 * objects of the plan would share, or that is one of the plan's table names or a name the destination
 * schema already uses for something else (a table outside the plan, or the index of a table renamed
 * away), becomes its first bytes
 * plus {@code _} and 8 hex digits of a SHA-256 of what the object is (schema, table, kind, source
 * name): the same input always gives the same names, whatever the order of the tables.
 */
final class ObjectNames {

    static final int MAX_BYTES = 63;
    private static final int HASH_HEX = 8;

    private enum Kind { PKEY, INDEX, CHECK, FOREIGN_KEY, ENUM_CHECK }

    /** schema -> identity -> plain name, then schema -> identity -> final name; names no key or index may take. */
    private final Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
    private final Map<String, Set<String>> reservedNames = new HashMap<>();
    private final Map<String, Map<String, String>> resolved = new HashMap<>();

    private ObjectNames() {
    }

    static ObjectNames forTables(List<TableSchema> tables) {
        return forTables(tables, Map.of());
    }

    /** @param taken by schema, names the destination uses for relations outside the plan */
    static ObjectNames forTables(List<TableSchema> tables, Map<String, Set<String>> taken) {
        ObjectNames names = new ObjectNames();
        taken.forEach((schema, used) -> names.reservedNames.computeIfAbsent(schema, s -> new HashSet<>()).addAll(used));
        for (TableSchema t : tables) {
            TargetTable target = TargetTable.of(t);
            names.reservedNames.computeIfAbsent(target.schema(), s -> new HashSet<>()).add(target.name());
            for (IndexSchema i : t.getIndexesList()) {
                if (i.getPrimary()) {
                    names.want(target, Kind.PKEY, "", target.name() + "_pkey");
                } else {
                    names.want(target, Kind.INDEX, i.getName(), target.name() + "_" + i.getName());
                }
            }
            t.getChecksList().forEach(c -> names.want(target, Kind.CHECK, c.getName(), target.name() + "_" + c.getName()));
            t.getForeignKeysList().forEach(f -> names.want(target, Kind.FOREIGN_KEY, f.getName(), target.name() + "_" + f.getName()));
            for (ColumnSchema c : t.getColumnsList()) {
                if (c.getDataType().equalsIgnoreCase("enum")) {
                    names.want(target, Kind.ENUM_CHECK, c.getTargetName(), target.name() + "_" + c.getTargetName() + "_check");
                }
            }
        }
        names.resolve();
        return names;
    }

    String primaryKey(TargetTable t) {
        return get(t, Kind.PKEY, "");
    }

    String index(TargetTable t, String sourceIndex) {
        return get(t, Kind.INDEX, sourceIndex);
    }

    String check(TargetTable t, String sourceCheck) {
        return get(t, Kind.CHECK, sourceCheck);
    }

    String foreignKey(TargetTable t, String sourceForeignKey) {
        return get(t, Kind.FOREIGN_KEY, sourceForeignKey);
    }

    String enumCheck(TargetTable t, String targetColumn) {
        return get(t, Kind.ENUM_CHECK, targetColumn);
    }

    /** @throws IllegalArgumentException when PostgreSQL would silently cut {@code name} (more than 63 bytes) */
    static void requireFits(String what, String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(what + " '" + name + "' is " + bytes + " bytes long; PostgreSQL keeps at most "
                    + MAX_BYTES + " bytes of a name (rename it in the task file)");
        }
    }

    /** The longest prefix of {@code s} that fits in {@code maxBytes} of UTF-8, never splitting a character. */
    static String truncate(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    private void want(TargetTable t, Kind kind, String source, String plain) {
        wanted.computeIfAbsent(t.schema(), s -> new LinkedHashMap<>()).put(identity(t, kind, source), plain);
    }

    private void resolve() {
        wanted.forEach((schema, byIdentity) -> {
            Map<String, Integer> uses = new HashMap<>();
            byIdentity.values().forEach(plain -> uses.merge(plain, 1, Integer::sum));
            Set<String> tables = reservedNames.getOrDefault(schema, Set.of());
            Map<String, String> out = new HashMap<>();
            byIdentity.forEach((identity, plain) -> {
                boolean clash = uses.get(plain) > 1 || tables.contains(plain);
                boolean tooLong = plain.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
                out.put(identity, clash || tooLong ? hashed(plain, schema + "\0" + identity) : plain);
            });
            resolved.put(schema, out);
        });
    }

    private String get(TargetTable t, Kind kind, String source) {
        String name = resolved.getOrDefault(t.schema(), Map.of()).get(identity(t, kind, source));
        if (name == null) {
            throw new IllegalStateException("no name planned for " + kind + " " + source + " of " + t);
        }
        return name;
    }

    private static String identity(TargetTable t, Kind kind, String source) {
        return t.name() + "\0" + kind + "\0" + source;
    }

    private static String hashed(String plain, String identity) {
        return truncate(plain, MAX_BYTES - 1 - HASH_HEX) + "_" + sha256Hex(identity).substring(0, HASH_HEX);
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
