package dev.sluice.capture.verify;

import static dev.sluice.testkit.UnaryCalls.call;
import static dev.sluice.testkit.UnaryCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.capture.api.CaptureGrpcService;
import dev.sluice.capture.etl.TaskEtls;
import dev.sluice.capture.schema.SchemaReader;
import dev.sluice.capture.snapshot.QueryPacer;
import dev.sluice.capture.source.SourceConnections;
import dev.sluice.model.PgText;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.Values;
import dev.sluice.model.VerifySql;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.ChecksumRequest;
import dev.sluice.v1.ChecksumResponse;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.Etl;
import dev.sluice.v1.EtlColumn;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.PlanRangeRequest;
import dev.sluice.v1.PlanSnapshotResponse;
import dev.sluice.v1.RangeChecksum;
import dev.sluice.v1.ReadRowsRequest;
import dev.sluice.v1.ReadRowsResponse;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.RowHash;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.SourcePosition;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TableSelection;
import dev.sluice.v1.TaskSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * capture-service's verification calls against the real MariaDB, checked against a PostgreSQL copy made
 * the way Sluice copies (ReadRows after images written as PgText) and hashed with VerifySql's PostgreSQL
 * forms, as apply-service hashes it. Equal tables give equal checksums; a changed, a deleted and an
 * added row are found by range, then by key, then by column.
 */
class CaptureVerifyTest {

    static final String SOURCE_DB = "sluice_verify_capture";
    static final String PG_DB = "sluice_test_verify_capture";
    static final int ORDERS = 3000;

    static LocalDatabases db;
    static TaskSpec spec;
    static TableSchema orders;
    static TableSchema lines;
    static CaptureGrpcService capture = new CaptureGrpcService(new QueryPacer());

    @BeforeAll
    static void source() throws Exception {
        db = LocalDatabases.get();
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("SET SESSION max_recursive_iterations = 100000");
            st.execute("DROP DATABASE IF EXISTS " + SOURCE_DB);
            st.execute("CREATE DATABASE " + SOURCE_DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
            st.execute("CREATE TABLE " + SOURCE_DB + ".orders (id int PRIMARY KEY, customer varchar(20), amount decimal(10,2), "
                    + "placed datetime(6), paid timestamp(3) NULL, score double, note text, doc json, flags bit(3))");
            st.execute("INSERT INTO " + SOURCE_DB + ".orders WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                    + ORDERS + ") SELECT i, CONCAT('c', i % 97), i * 1.25, TIMESTAMPADD(MINUTE, i, '2024-01-01 00:00:00.000001'), "
                    + "IF(i % 3 = 0, NULL, FROM_UNIXTIME(1700000000 + i)), i / 7e0, IF(i % 5 = 0, '', REPEAT('x', i % 13)), "
                    + "JSON_OBJECT('i', i), i % 8 FROM n");
            st.execute("CREATE TABLE " + SOURCE_DB + ".`lines` (order_id int, line smallint, sku varchar(10), qty int, PRIMARY KEY (order_id, line))");
            st.execute("INSERT INTO " + SOURCE_DB + ".`lines` WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1199) "
                    + "SELECT 1 + i DIV 4, i % 4, CONCAT('sku', i % 11), i % 6 FROM n");
            st.execute("CREATE TABLE " + SOURCE_DB + ".notes (body varchar(20))");
            st.execute("INSERT INTO " + SOURCE_DB + ".notes VALUES ('a'), ('a'), (NULL)");
        }
        Etl etl = Etl.newBuilder().setFilter("row.qty > 2").putSet("label", EtlColumn.newBuilder().setExpr("row.sku + '!'").build()).build();
        spec = TaskSpec.newBuilder().setSource(Endpoint.newBuilder().setHost(db.mariaHost()).setPort(db.mariaPort()).setUser("root"))
                .addObjects(DatabaseSelection.newBuilder().setDatabase(SOURCE_DB)
                        .addTables(TableSelection.newBuilder().setName("orders"))
                        .addTables(TableSelection.newBuilder().setName("lines").setEtl(etl))
                        .addTables(TableSelection.newBuilder().setName("notes")))
                .build();
        try (Connection c = SourceConnections.open(spec.getSource())) {
            for (TableSchema t : TaskEtls.plan(SchemaReader.read(c, spec), spec).getTablesList()) {
                if (t.getName().equals("orders")) {
                    orders = t;
                } else if (t.getName().equals("lines")) {
                    lines = t;
                }
            }
        }
        db.recreatePgDatabase(PG_DB);
        copy(orders, LongStream.rangeClosed(1, ORDERS).mapToObj(CaptureVerifyTest::key).collect(Collectors.toList()));
        List<KeyTuple> lineKeys = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            lineKeys.add(key(1 + i / 4, i % 4));
        }
        copy(lines, lineKeys);
    }

    @AfterEach
    void equalAgain() throws Exception {
        // Tests that damage the copy repair it; every test starts from equal tables.
        assertThat(differingRanges(orders, plan(orders, SnapshotChunk.getDefaultInstance(), 1000))).isEmpty();
    }

    @Test
    void equalTablesHaveEqualChecksumsAtTheSnapshotPosition() throws Exception {
        List<SnapshotChunk> ranges = plan(orders, SnapshotChunk.getDefaultInstance(), 500);
        ChecksumResponse source = checksums(orders, ranges);

        assertThat(ranges).as("six full ranges and the open one above the last key").hasSize(7);
        assertThat(source.getRangesList()).extracting(RangeChecksum::getRows).containsExactly(500L, 500L, 500L, 500L, 500L, 500L, 0L);
        assertThat(source.getRangesList()).extracting(RangeChecksum::getRange).isEqualTo(ranges);
        for (RangeChecksum r : source.getRangesList()) {
            assertThat(r).isEqualTo(pgChecksum(orders, r.getRange()));
        }
        assertThat(source.getRangesList()).extracting(RangeChecksum::getHash).doesNotHaveDuplicates();
        SourcePosition p = source.getPosition();
        assertThat(p.getBinlogFile()).startsWith("mysql-bin.");
        assertThat(p.getBinlogPosition()).isPositive();
        assertThat(p.getGtidSet()).isNotEmpty();
        try (Connection c = db.maria(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            SourcePosition now = SourcePosition.newBuilder().setBinlogFile(rs.getString(1)).setBinlogPosition(rs.getLong(2)).build();
            assertThat(p.getBinlogFile().compareTo(now.getBinlogFile()) < 0
                    || p.getBinlogFile().equals(now.getBinlogFile()) && p.getBinlogPosition() <= now.getBinlogPosition()).isTrue();
        }
    }

    @Test
    void aChangedADeletedAndAnAddedRowAreFoundByRangeKeyAndColumn() throws Exception {
        try (Connection pg = pg(); Statement st = pg.createStatement()) {
            st.execute("UPDATE orders SET amount = amount + 0.01 WHERE id = 1234");
            st.execute("DELETE FROM orders WHERE id = 2000");
            st.execute("INSERT INTO orders (id, customer) VALUES (3001, 'new')");
        }
        List<SnapshotChunk> ranges = plan(orders, SnapshotChunk.getDefaultInstance(), 1000);

        List<SnapshotChunk> differing = differingRanges(orders, ranges);

        assertThat(differing).extracting(SnapshotChunk::getChunkNo).as("(1000, 2000] and (3000, open)").containsExactly(1, 3);
        Map<KeyTuple, String> differingKeys = new LinkedHashMap<>();
        for (SnapshotChunk range : differing) {
            RowHashResponse source = rowHashes(RowHashRequest.newBuilder().setSpec(spec).setTable(orders).setRange(range).build());
            assertThat(source.getPosition().getBinlogFile()).isNotEmpty();
            Map<KeyTuple, RowHash> target = pgRowHashes(orders, range, null);
            for (RowHash r : source.getRowsList()) {
                RowHash t = target.remove(r.getKey());
                if (t == null || !t.getHash().equals(r.getHash())) {
                    differingKeys.put(r.getKey(), t == null ? "missing" : "different");
                }
            }
            target.keySet().forEach(k -> differingKeys.put(k, "extra"));
        }
        assertThat(differingKeys).containsExactly(Map.entry(key(1234), "different"), Map.entry(key(2000), "missing"),
                Map.entry(key(3001), "extra"));

        RowHashResponse perColumn = rowHashes(RowHashRequest.newBuilder().setSpec(spec).setTable(orders).addKeys(key(1234))
                .addKeys(key(2000)).addKeys(key(3001)).setPerColumn(true).build());
        assertThat(perColumn.getRowsList()).extracting(RowHash::getKey).containsExactly(key(1234), key(2000));
        RowHash pgRow = pgRowHashes(orders, null, List.of(key(1234))).get(key(1234));
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < orders.getColumnsCount(); i++) {
            if (!perColumn.getRows(0).getColumnHashes(i).equals(pgRow.getColumnHashes(i))) {
                columns.add(orders.getColumns(i).getName());
            }
        }
        assertThat(columns).containsExactly("amount");
        assertThat(perColumn.getRows(0).getColumnHashesList()).hasSize(orders.getColumnsCount());
        assertThat(perColumn.getRows(0).getColumnHashes(7)).as("doc (JSON): MD5 of the text jsonb prints").isEqualTo("v" + md5("{\"i\": 1234}"));
        assertThat(perColumn.getRows(0).getColumnHashes(2)).isEqualTo("v1542.50");

        // Repair as apply does: the rows ReadRows returns, the requested keys it does not return deleted.
        ReadRowsResponse current = readRows(orders, List.of(key(1234), key(2000), key(3001)));
        assertThat(current.getRowsList()).extracting(r -> r.getAfter(0)).containsExactly(Values.ofLong(1234), Values.ofLong(2000));
        try (Connection pg = pg(); Statement st = pg.createStatement()) {
            st.execute("DELETE FROM orders WHERE id IN (1234, 3001)");
        }
        insert(orders, current.getRowsList());
    }

    @Test
    void planRangeSplitsInsideTheBoundsWithoutAnEmptyTail() throws Exception {
        SnapshotChunk range = SnapshotChunk.newBuilder().setLower(key(1000)).setHasLower(true).setUpper(key(2000)).setHasUpper(true).build();

        assertThat(plan(orders, range, 300)).extracting(c -> c.getLower().getValues(0).getIntValue() + ".." + c.getUpper().getValues(0).getIntValue())
                .containsExactly("1000..1300", "1300..1600", "1600..1900", "1900..2000");
        SnapshotChunk exact = range.toBuilder().setUpper(key(1300)).build();
        assertThat(plan(orders, exact, 300)).hasSize(1).first().isEqualTo(exact.toBuilder().setDatabase(SOURCE_DB).setTable("orders").build());
        SnapshotChunk openAbove = SnapshotChunk.newBuilder().setLower(key(2900)).setHasLower(true).build();
        assertThat(plan(orders, openAbove, 60)).extracting(SnapshotChunk::getHasUpper).containsExactly(true, false);

        List<SnapshotChunk> composite = plan(lines, SnapshotChunk.newBuilder().setLower(key(10, 2)).setHasLower(true).build(), 100);
        assertThat(composite.get(0).getUpper()).isEqualTo(key(35, 2));
        assertThat(composite.get(composite.size() - 1).getHasUpper()).isFalse();
    }

    @Test
    void etlTablesAreVerifiedAfterTheirFilterWithTheirComputedColumns() throws Exception {
        List<SnapshotChunk> ranges = plan(lines, SnapshotChunk.getDefaultInstance(), 400);
        ChecksumResponse source = checksums(lines, ranges);

        assertThat(source.getRangesList().stream().mapToLong(RangeChecksum::getRows).sum()).isEqualTo(600);
        for (RangeChecksum r : source.getRangesList()) {
            assertThat(r).isEqualTo(pgChecksum(lines, r.getRange()));
        }
        ColumnSchema label = lines.getColumns(lines.getColumnsCount() - 1);
        assertThat(label.getName()).isEqualTo("label");
        assertThat(VerifySql.hashable(label)).isTrue();
        assertThat(VerifySql.tokenInSql(label)).as("computed in Java by the ETL").isFalse();

        // (1, 3) has qty 3: kept. (1, 0) has qty 0: the filter drops it, so it is absent like a missing row.
        RowHashResponse hashes = rowHashes(RowHashRequest.newBuilder().setSpec(spec).setTable(lines).addKeys(key(1, 3)).addKeys(key(1, 0))
                .setPerColumn(true).build());
        assertThat(hashes.getRowsList()).extracting(RowHash::getKey).containsExactly(key(1, 3));
        assertThat(hashes.getRows(0).getColumnHashesList()).containsExactly("v1", "v3", "v" + md5("sku3"), "v3", "v" + md5("sku3!"));
        ReadRowsResponse rows = readRows(lines, List.of(key(1, 3), key(1, 0), key(999, 1)));
        assertThat(rows.getRowsList()).hasSize(1);
        assertThat(rows.getRows(0).getAfterList()).containsExactly(Values.ofLong(1), Values.ofLong(3), Values.ofText("sku3"),
                Values.ofLong(3), Values.ofText("sku3!"));
    }

    @Test
    void keylessTablesHaveOnlyTheOpenRange() throws Exception {
        TableSchema notes;
        try (Connection c = SourceConnections.open(spec.getSource())) {
            notes = TaskEtls.plan(SchemaReader.read(c, spec), spec).getTablesList().stream().filter(t -> t.getName().equals("notes"))
                    .findFirst().orElseThrow();
        }
        ChecksumResponse whole = checksums(notes, List.of(SnapshotChunk.getDefaultInstance()));
        assertThat(whole.getRanges(0).getRows()).isEqualTo(3);
        RowHashResponse rows = rowHashes(RowHashRequest.newBuilder().setSpec(spec).setTable(notes).build());
        assertThat(rows.getRowsList()).extracting(RowHash::getHash).hasSize(3).isSorted();
        assertThat(rows.getRows(0).getKey().getValuesCount()).isZero();

        StatusRuntimeException e = failure(capture::checksumRanges, ChecksumRequest.newBuilder().setSpec(spec).setTable(notes)
                .addRanges(SnapshotChunk.newBuilder().setLower(KeyTuple.getDefaultInstance()).setHasLower(true)).build());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("has no key");
    }

    // --- the source side, through the gRPC service ---

    static List<SnapshotChunk> plan(TableSchema t, SnapshotChunk range, long chunkRows) {
        return call(capture::planRange, PlanRangeRequest.newBuilder().setSpec(spec).setTable(t).setRange(range)
                .setChunkRows(chunkRows).build()).getChunksList();
    }

    static ChecksumResponse checksums(TableSchema t, List<SnapshotChunk> ranges) {
        return call(capture::checksumRanges, ChecksumRequest.newBuilder().setSpec(spec).setTable(t).addAllRanges(ranges).build());
    }

    static RowHashResponse rowHashes(RowHashRequest r) {
        return call(capture::rowHashes, r);
    }

    static ReadRowsResponse readRows(TableSchema t, List<KeyTuple> keys) {
        return call(capture::readRows, ReadRowsRequest.newBuilder().setSpec(spec).setTable(t).addAllKeys(keys).build());
    }

    static List<SnapshotChunk> differingRanges(TableSchema t, List<SnapshotChunk> ranges) throws Exception {
        List<SnapshotChunk> out = new ArrayList<>();
        for (RangeChecksum r : checksums(t, ranges).getRangesList()) {
            if (!r.equals(pgChecksum(t, r.getRange()))) {
                out.add(r.getRange());
            }
        }
        return out;
    }


    // --- the destination side, as apply-service computes it ---

    static Connection pg() throws Exception {
        return DriverManager.getConnection(db.pgUrl(PG_DB) + "?stringtype=unspecified", db.pgUser(), db.pgPassword());
    }

    static void copy(TableSchema t, List<KeyTuple> keys) throws Exception {
        try (Connection pg = pg(); Statement st = pg.createStatement()) {
            st.execute("CREATE TABLE " + SqlIdentifiers.pg(t.getTargetName()) + " (" + t.getColumnsList().stream()
                    .map(c -> SqlIdentifiers.pg(c.getTargetName()) + " " + c.getTargetType()).collect(Collectors.joining(", "))
                    + ", PRIMARY KEY (" + t.getKeyColumnsList().stream().map(SqlIdentifiers::pg).collect(Collectors.joining(", ")) + "))");
        }
        insert(t, readRows(t, keys).getRowsList());
    }

    static void insert(TableSchema t, List<RowChange> rows) throws Exception {
        try (Connection pg = pg(); PreparedStatement ps = pg.prepareStatement("INSERT INTO " + SqlIdentifiers.pg(t.getTargetName())
                + " VALUES (" + t.getColumnsList().stream().map(c -> "?").collect(Collectors.joining(", ")) + ")")) {
            for (RowChange row : rows) {
                for (int i = 0; i < t.getColumnsCount(); i++) {
                    String text = PgText.format(row.getAfter(i), t.getColumns(i).getTargetType());
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

    /** (k1, k2) &gt; (?, ?) AND (k1, k2) &lt;= (?, ?): integer keys order alike in both servers. */
    static String where(TableSchema t, SnapshotChunk r, List<String> params) {
        String keys = "(" + t.getKeyColumnsList().stream().map(SqlIdentifiers::pg).collect(Collectors.joining(", ")) + ")";
        String marks = "(" + t.getKeyColumnsList().stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        List<String> parts = new ArrayList<>();
        if (r.getHasLower()) {
            parts.add(keys + " > " + marks);
            r.getLower().getValuesList().forEach(v -> params.add(PgText.format(v, "integer")));
        }
        if (r.getHasUpper()) {
            parts.add(keys + " <= " + marks);
            r.getUpper().getValuesList().forEach(v -> params.add(PgText.format(v, "integer")));
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    static RangeChecksum pgChecksum(TableSchema t, SnapshotChunk r) throws Exception {
        List<String> params = new ArrayList<>();
        String sql = "SELECT count(*), " + VerifySql.pgRangeSum(VerifySql.pgRowHash(t)) + " FROM " + SqlIdentifiers.pg(t.getTargetName())
                + where(t, r, params);
        try (Connection pg = pg(); PreparedStatement ps = pg.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return RangeChecksum.newBuilder().setRange(r).setRows(rs.getLong(1)).setHash(VerifySql.sumText(rs.getString(2))).build();
            }
        }
    }

    static Map<KeyTuple, RowHash> pgRowHashes(TableSchema t, SnapshotChunk r, List<KeyTuple> keys) throws Exception {
        List<String> params = new ArrayList<>();
        String where;
        if (keys != null) {
            where = " WHERE " + SqlIdentifiers.pg(t.getKeyColumns(0)) + " IN (" + keys.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
            keys.forEach(k -> params.add(PgText.format(k.getValues(0), "integer")));
        } else {
            where = where(t, r, params);
        }
        List<String> items = new ArrayList<>();
        items.add(VerifySql.pgRowHash(t));
        t.getKeyColumnsList().forEach(k -> items.add(SqlIdentifiers.pg(k)));
        for (ColumnSchema c : t.getColumnsList()) {
            items.add(VerifySql.hashable(c) ? VerifySql.pgToken(c) : "''");
        }
        Map<KeyTuple, RowHash> out = new LinkedHashMap<>();
        try (Connection pg = pg(); PreparedStatement ps = pg.prepareStatement("SELECT " + String.join(", ", items) + " FROM "
                + SqlIdentifiers.pg(t.getTargetName()) + where)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    KeyTuple.Builder k = KeyTuple.newBuilder();
                    for (int i = 0; i < t.getKeyColumnsCount(); i++) {
                        k.addValues(Values.ofLong(rs.getLong(2 + i)));
                    }
                    RowHash.Builder b = RowHash.newBuilder().setKey(k).setHash(rs.getString(1));
                    for (int i = 0; i < t.getColumnsCount(); i++) {
                        b.addColumnHashes(rs.getString(2 + t.getKeyColumnsCount() + i));
                    }
                    out.put(k.build(), b.build());
                }
            }
        }
        return out;
    }

    static KeyTuple key(long... values) {
        KeyTuple.Builder b = KeyTuple.newBuilder();
        for (long v : values) {
            b.addValues(Values.ofLong(v));
        }
        return b.build();
    }

    static String md5(String s) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format("%032x", new java.math.BigInteger(1, d));
    }
}
