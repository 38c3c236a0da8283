package dev.sluice.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.capture.source.SourceConnections;
import dev.sluice.model.PgText;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.TypeMapping;
import dev.sluice.model.UnstorableValueException;
import dev.sluice.model.VerifySql;
import dev.sluice.model.VerifyTokens;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.MappingOptions;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VerifySql's contract against the real servers: a MariaDB table and its PostgreSQL copy made the way
 * Sluice copies (values read with SnapshotValueReader, written as PgText into the mapped types) render
 * every hashable column as the same token and every row as the same hash, while different values render
 * differently.
 */
class VerifySqlTypeIdentityTest {

    static final String PG_DB = "sluice_test_verify_types";
    static final String MARIA_DB = "sluice_verify_types";

    static LocalDatabases db;

    @BeforeAll
    static void databases() throws Exception {
        db = LocalDatabases.get();
        db.recreatePgDatabase(PG_DB);
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + MARIA_DB);
            st.execute("CREATE DATABASE " + MARIA_DB + " CHARACTER SET utf8mb4");
        }
    }

    /** The columns as capture describes them, with their mapped PostgreSQL types. */
    static List<ColumnSchema> mapped(List<ColumnSchema> columns, MappingOptions options) {
        return columns.stream().map(c -> c.toBuilder().setTargetType(TypeMapping.targetType(c, options))
                .setTargetNullable(TypeMapping.targetNullable(c)).build()).collect(Collectors.toList());
    }

    static TableSchema table(String database, String name, List<ColumnSchema> columns) {
        return TableSchema.newBuilder().setDatabase(database).setName(name).setTargetSchema("public").setTargetName(name)
                .addAllColumns(columns).addKeyColumns("id").build();
    }

    /** The PostgreSQL copy of rows: each value as PgText into its mapped type; unstorable values (NUL) become NULL and are listed. */
    static Set<String> copyToPg(TableSchema t, List<List<Value>> rows) throws Exception {
        Set<String> unstorable = new HashSet<>();
        try (Connection pg = DriverManager.getConnection(db.pgUrl(PG_DB) + "?stringtype=unspecified", db.pgUser(), db.pgPassword());
                Statement st = pg.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + SqlIdentifiers.pg(t.getTargetName()));
            st.execute("CREATE TABLE " + SqlIdentifiers.pg(t.getTargetName()) + " (" + t.getColumnsList().stream()
                    .map(c -> SqlIdentifiers.pg(c.getTargetName()) + " " + c.getTargetType()).collect(Collectors.joining(", ")) + ")");
            try (PreparedStatement ps = pg.prepareStatement("INSERT INTO " + SqlIdentifiers.pg(t.getTargetName()) + " VALUES ("
                    + t.getColumnsList().stream().map(c -> "?").collect(Collectors.joining(", ")) + ")")) {
                for (List<Value> row : rows) {
                    for (int i = 0; i < t.getColumnsCount(); i++) {
                        String text;
                        try {
                            text = PgText.format(row.get(i), t.getColumns(i).getTargetType());
                        } catch (UnstorableValueException e) {
                            unstorable.add(row.get(0).getIntValue() + " " + t.getColumns(i).getName());
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
        }
        return unstorable;
    }

    /** id → (row hash, then one token per column of the table: "" when not hashable), read in SQL on one side. */
    static Map<Long, List<String>> tokens(TableSchema t, boolean maria) throws Exception {
        List<String> items = new ArrayList<>();
        items.add(maria ? VerifySql.mariaRowHash(t) : VerifySql.pgRowHash(t));
        for (ColumnSchema c : t.getColumnsList()) {
            items.add(!VerifySql.hashable(c) ? "''" : maria ? VerifySql.mariaToken(c) : VerifySql.pgToken(c));
        }
        String id = maria ? SqlIdentifiers.maria("id") : SqlIdentifiers.pg("id");
        String from = maria ? SqlIdentifiers.maria(t.getDatabase(), t.getName()) : SqlIdentifiers.pg(t.getTargetName());
        Map<Long, List<String>> out = new HashMap<>();
        try (Connection c = maria ? SourceConnections.open(ConvertTestSupport.rootEndpoint(db)) : db.pg(PG_DB);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + id + ", " + String.join(", ", items) + " FROM " + from)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    row.add(rs.getString(i + 2));
                }
                out.put(rs.getLong(1), row);
            }
        }
        return out;
    }

    /** Cell by cell: the same token on both sides (skipping values PostgreSQL could not store), and the same row hash. */
    static List<String> mismatches(TableSchema t, Set<String> unstorable) throws Exception {
        Map<Long, List<String>> maria = tokens(t, true);
        Map<Long, List<String>> pg = tokens(t, false);
        assertThat(pg.keySet()).isEqualTo(maria.keySet());
        List<String> out = new ArrayList<>();
        for (Map.Entry<Long, List<String>> e : maria.entrySet()) {
            List<String> other = pg.get(e.getKey());
            boolean rowStorable = true;
            for (int i = 0; i < t.getColumnsCount(); i++) {
                String cell = e.getKey() + " " + t.getColumns(i).getName();
                if (unstorable.contains(cell)) {
                    rowStorable = false;
                } else if (!e.getValue().get(i + 1).equals(other.get(i + 1))) {
                    out.add("row " + cell + " " + t.getColumns(i).getColumnType() + ": MariaDB " + e.getValue().get(i + 1)
                            + " vs PostgreSQL " + other.get(i + 1));
                }
            }
            if (rowStorable && !e.getValue().get(0).equals(other.get(0))) {
                out.add("row " + e.getKey() + " hash: MariaDB " + e.getValue().get(0) + " vs PostgreSQL " + other.get(0));
            }
        }
        return out;
    }

    /** MariaDB side: per column, equal values have equal tokens and different values different ones. */
    static List<String> ambiguities(TableSchema t, List<List<Value>> rows) throws Exception {
        Map<Long, List<String>> maria = tokens(t, true);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.getColumnsCount(); i++) {
            if (!VerifySql.hashable(t.getColumns(i))) {
                continue;
            }
            Map<String, Value> byToken = new HashMap<>();
            for (List<Value> row : rows) {
                Value v = row.get(i);
                // Zero dates and NULL both arrive as NULL: one value.
                Value canonical = dev.sluice.model.Values.isNullInTarget(v) ? dev.sluice.model.Values.NULL : v;
                String token = maria.get(row.get(0).getIntValue()).get(i + 1);
                Value seen = byToken.putIfAbsent(token, canonical);
                if (seen != null && !seen.equals(canonical) && !bothZeros(seen, canonical)) {
                    out.add(t.getColumns(i).getName() + ": " + seen + " and " + canonical + " share token " + token);
                }
            }
        }
        return out;
    }

    /** -0.0 and 0.0 are one value to verification (MariaDB's snapshot reads a stored -0 as 0). */
    private static boolean bothZeros(Value a, Value b) {
        return a.getKindCase() == b.getKindCase() && (a.getKindCase() == Value.KindCase.FLOAT_VALUE && a.getFloatValue() == 0f
                && b.getFloatValue() == 0f || a.getKindCase() == Value.KindCase.DOUBLE_VALUE && a.getDoubleValue() == 0d && b.getDoubleValue() == 0d);
    }

    @Test
    void everyMappedTypeRendersTheSameOnBothSides() throws Exception {
        AllTypesFixture f = AllTypesFixture.get();
        TableSchema t = table(AllTypesFixture.DATABASE, AllTypesFixture.TABLE, mapped(f.schema, MappingOptions.getDefaultInstance()));

        Set<String> unstorable = copyToPg(t, f.snapshot);

        assertThat(unstorable).containsExactly("2 c_latin1_text");
        assertThat(t.getColumnsList().stream().filter(c -> !VerifySql.hashable(c))).isEmpty();
        assertThat(t.getColumnsList().stream().filter(c -> !VerifySql.tokenInSql(c)).map(ColumnSchema::getName)).containsExactly("c_json");
        int json = t.getColumnsList().stream().map(ColumnSchema::getName).toList().indexOf("c_json");

        // MariaDB renders every column but JSON in SQL ...
        TableSchema inSql = t.toBuilder().removeColumns(json).build();
        List<List<Value>> rows = f.snapshot.stream().map(r -> {
            List<Value> copy = new ArrayList<>(r);
            copy.remove(json);
            return copy;
        }).toList();
        assertThat(mismatches(inSql, unstorable)).isEmpty();
        assertThat(ambiguities(inSql, rows)).isEmpty();

        // ... and capture-service renders JSON in Java as PostgreSQL's jsonb prints it.
        Map<Long, List<String>> pg = tokens(t, false);
        for (List<Value> row : f.snapshot) {
            assertThat(VerifyTokens.token(t.getColumns(json), row.get(json))).as("row " + row.get(0).getIntValue())
                    .isEqualTo(pg.get(row.get(0).getIntValue()).get(json + 1));
        }
    }

    @Test
    void nullEmptyAndLookalikeTextsBooleansAndBinaryPaddingStayApart() throws Exception {
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("CREATE TABLE " + MARIA_DB + ".lookalikes (id int PRIMARY KEY, flag tinyint(1), s varchar(5), c char(4), "
                    + "b varbinary(5), fb binary(3), e enum('n','vn',''), d date)");
            st.execute("INSERT INTO " + MARIA_DB + ".lookalikes VALUES (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                    + "(2, 0, '', '', '', '', '', '0000-00-00'), (3, 1, 'n', 'n', 'n', 'n', 'n', '2024-01-01'), "
                    + "(4, 1, 'vn', 'vn  ', 'vn', x'00', 'vn', '2024-01-02'), (5, 0, 'n|n', ' ', x'00', 'a', 'n', '2024-01-03'), "
                    + "(6, 0, 'N', 'N', x'0000', x'000000', 'vn', '2024-01-04')");
        }
        List<ColumnSchema> source;
        try (Connection root = db.mariaRoot()) {
            source = ConvertTestSupport.columns(root, MARIA_DB, "lookalikes");
        }
        TableSchema t = table(MARIA_DB, "lookalikes", mapped(source, MappingOptions.newBuilder().setTinyint1AsBoolean(true).build()));
        assertThat(t.getColumns(1).getTargetType()).isEqualTo("boolean");
        List<List<Value>> rows = snapshot(t);

        assertThat(copyToPg(t, rows)).isEmpty();
        assertThat(mismatches(t, Set.of())).isEmpty();
        assertThat(ambiguities(t, rows)).isEmpty();
        Map<Long, List<String>> maria = tokens(t, true);
        assertThat(maria.values().stream().map(r -> r.get(0)).distinct().count()).as("six different rows, six row hashes").isEqualTo(6);
        assertThat(maria.get(1L).subList(2, 9)).as("every column but id NULL").containsOnly("n");
        assertThat(maria.get(2L).get(3)).as("'' is a value, not NULL").isEqualTo("v" + "d41d8cd98f00b204e9800998ecf8427e");
        assertThat(maria.get(2L).get(8)).as("zero date is NULL").isEqualTo("n");
    }

    @Test
    void floatsAndDoublesCompareBitForBit() throws Exception {
        Random random = new Random(20240601);
        List<Double> doubles = new ArrayList<>(List.of(0.0, 1.0, -1.0, 0.1, 1e300, -1e-300, Double.MIN_VALUE, Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 9007199254740993.0, 123456789012345680.0));
        for (int k = -1074; k <= 1023; k += 7) {
            double p = Math.scalb(1.0, k);
            doubles.addAll(List.of(p, Math.nextDown(p), Math.nextUp(p)));
        }
        while (doubles.size() < 3000) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(d) && !Double.isInfinite(d)) {
                doubles.add(d);
            }
        }
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("CREATE TABLE " + MARIA_DB + ".floats (id int PRIMARY KEY, f float, d double)");
            try (PreparedStatement ps = root.prepareStatement("INSERT INTO " + MARIA_DB + ".floats VALUES (?, ?, ?)")) {
                for (int i = 0; i < doubles.size(); i++) {
                    float f = Float.intBitsToFloat(random.nextInt());
                    ps.setInt(1, i + 1);
                    ps.setDouble(2, Float.isNaN(f) || Float.isInfinite(f) ? 1.5 : f);
                    ps.setDouble(3, doubles.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        List<ColumnSchema> source;
        try (Connection root = db.mariaRoot()) {
            source = ConvertTestSupport.columns(root, MARIA_DB, "floats");
        }
        TableSchema t = table(MARIA_DB, "floats", mapped(source, MappingOptions.getDefaultInstance()));
        List<List<Value>> rows = snapshot(t);

        assertThat(copyToPg(t, rows)).isEmpty();
        assertThat(mismatches(t, Set.of())).isEmpty();
        Map<Long, List<String>> maria = tokens(t, true);
        for (List<Value> row : rows) {
            List<String> tokens = maria.get(row.get(0).getIntValue());
            assertThat(tokens.get(2)).isEqualTo("v" + String.format("%016x", Double.doubleToLongBits((double) row.get(1).getFloatValue() + 0.0)));
            assertThat(tokens.get(3)).isEqualTo("v" + String.format("%016x", Double.doubleToLongBits(row.get(2).getDoubleValue() + 0.0)));
        }
    }

    /** The table's rows as the full copy reads them. */
    static List<List<Value>> snapshot(TableSchema t) throws Exception {
        List<List<Value>> rows = new ArrayList<>();
        String select = "SELECT " + t.getColumnsList().stream().map(SnapshotValueReader::selectExpression).collect(Collectors.joining(", "))
                + " FROM " + SqlIdentifiers.maria(t.getDatabase(), t.getName()) + " ORDER BY id";
        try (Connection c = SourceConnections.open(ConvertTestSupport.rootEndpoint(db)); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(select)) {
            while (rs.next()) {
                List<Value> row = new ArrayList<>();
                for (int i = 0; i < t.getColumnsCount(); i++) {
                    row.add(SnapshotValueReader.read(rs, i + 1, t.getColumns(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
