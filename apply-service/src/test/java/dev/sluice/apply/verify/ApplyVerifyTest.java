package dev.sluice.apply.verify;

import static dev.sluice.testkit.UnaryCalls.call;
import static dev.sluice.testkit.UnaryCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.apply.api.ApplyGrpcService;
import dev.sluice.apply.checkpoint.CheckpointStore;
import dev.sluice.apply.dml.ChangeApplier;
import dev.sluice.apply.target.TargetConnections;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.TypeMapping;
import dev.sluice.model.Values;
import dev.sluice.model.VerifySql;
import dev.sluice.model.VerifyTokens;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.ChecksumRequest;
import dev.sluice.v1.ChecksumResponse;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.MappingOptions;
import dev.sluice.v1.Operation;
import dev.sluice.v1.RangeChecksum;
import dev.sluice.v1.ReadRowsResponse;
import dev.sluice.v1.RepairRequest;
import dev.sluice.v1.RepairResponse;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.RowHash;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.SourcePosition;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * apply-service's verification calls against the real PostgreSQL, the expected answers computed in the
 * real MariaDB over the same rows with VerifySql's MariaDB forms (as capture-service computes them).
 * Rows reach PostgreSQL through apply's own ChangeApplier.
 */
class ApplyVerifyTest {

    static final String PG_DB = "sluice_test_verify_apply";
    static final String SOURCE_DB = "sluice_verify_apply";
    static final String TASK = "verify-task";
    static final int ITEMS = 2000;

    static LocalDatabases db;
    static TaskSpec spec;
    static TableSchema items;
    static TableSchema tags;
    static TableSchema multi;
    /** The source's rows, by table and id: what the fake ReadRows answers. */
    static final Map<String, Map<KeyTuple, List<Value>>> SOURCE = new TreeMap<>();
    static final CheckpointStore CHECKPOINTS = new CheckpointStore("sluice");

    final ApplyGrpcService apply = new ApplyGrpcService(null, new DestinationVerifier("sluice", ApplyVerifyTest::readRows));

    @BeforeAll
    static void databases() throws Exception {
        db = LocalDatabases.get();
        db.recreatePgDatabase(PG_DB);
        spec = TaskSpec.newBuilder().setDestination(Endpoint.newBuilder().setHost(db.pgHost()).setPort(db.pgPort()).setDatabase(PG_DB)
                .setUser(db.pgUser()).setPassword(db.pgPassword())).build();
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + SOURCE_DB);
            st.execute("CREATE DATABASE " + SOURCE_DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
            st.execute("CREATE TABLE " + SOURCE_DB + ".items (id bigint PRIMARY KEY, name varchar(30), price decimal(8,2), "
                    + "at datetime(3), ratio double, tag enum('a','b'), doc json)");
            st.execute("CREATE TABLE " + SOURCE_DB + ".tags (name varchar(20) PRIMARY KEY, n int)");
            st.execute("CREATE TABLE " + SOURCE_DB + ".multi (u bigint unsigned, d date, t datetime(6), m decimal(6,2), b varbinary(4), "
                    + "ts timestamp(6) NULL, tm time(6), y year, bt bit(10), note char(3), "
                    + "PRIMARY KEY (u, d, t, m, b, ts, tm, y, bt))");
        }
        items = table("items", "id", col("id", "bigint", "bigint(20)"), col("name", "varchar", "varchar(30)"),
                col("price", "decimal", "decimal(8,2)"), col("at", "datetime", "datetime(3)"), col("ratio", "double", "double"),
                col("tag", "enum", "enum('a','b')"), col("doc", "json", "longtext"));
        tags = table("tags", "name", col("name", "varchar", "varchar(20)"), col("n", "int", "int(11)"));
        multi = table("multi", "u,d,t,m,b,ts,tm,y,bt", col("u", "bigint", "bigint(20) unsigned"), col("d", "date", "date"),
                col("t", "datetime", "datetime(6)"), col("m", "decimal", "decimal(6,2)"), col("b", "varbinary", "varbinary(4)"),
                col("ts", "timestamp", "timestamp(6)"), col("tm", "time", "time(6)"), col("y", "year", "year(4)"),
                col("bt", "bit", "bit(10)"), col("note", "char", "char(3)"));

        List<List<Value>> itemRows = new ArrayList<>();
        for (int i = 1; i <= ITEMS; i++) {
            itemRows.add(List.of(Values.ofLong(i), Values.ofText("n" + i % 37), Values.ofDecimal(new BigDecimal(i).movePointLeft(1).setScale(2)),
                    Values.ofDatetime(LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i * 61L).plusNanos(i % 1000 * 1_000_000L)),
                    i % 10 == 0 ? Values.NULL : Values.ofDouble(i / 3.0), Values.ofText(i % 2 == 0 ? "a" : "b"),
                    Values.ofJson("{\"i\": " + i + "}")));
        }
        load(items, itemRows);
        load(tags, List.of(List.of(Values.ofText("apple"), Values.ofLong(1)), List.of(Values.ofText("Banana"), Values.ofLong(2)),
                List.of(Values.ofText("cherry"), Values.ofLong(3)), List.of(Values.ofText("_x"), Values.ofLong(4))));
        List<List<Value>> multiRows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            multiRows.add(List.of(Values.ofUnsigned(i < 3 ? BigInteger.valueOf(7) : new BigInteger("18446744073709551615")),
                    Values.ofDate(i == 0 ? LocalDate.of(0, 1, 1) : LocalDate.of(2024, 2, 29)),
                    Values.ofDatetime(LocalDateTime.of(1000 + i, 1, 1, 0, 0, 0, 1000)),
                    Values.ofDecimal(new BigDecimal("-12.50").add(BigDecimal.valueOf(i))),
                    Values.ofBytes(new byte[] {0, (byte) i}),
                    Values.ofTimestamp(Instant.parse("2038-01-19T03:14:07.999999Z").minusSeconds(i)),
                    Values.ofTimeMicros(-838L * 3600_000_000L + i),
                    Values.ofYear(i == 0 ? 0 : 2155),
                    Values.ofBits(new byte[] {(byte) 2, (byte) i}, 10),
                    Values.ofText(i % 2 == 0 ? "" : "ab")));
        }
        load(multi, multiRows);
    }

    @BeforeEach
    void checkpointAtIncremental() throws Exception {
        try (Connection pg = db.pg(PG_DB)) {
            CHECKPOINTS.ensureTables(pg);
            CHECKPOINTS.write(pg, TASK, "INCREMENTAL", position("mysql-bin.000005", 100));
        }
    }

    @Test
    void equalTablesHaveTheSourcesChecksumsAndTheCheckpointItWasReadAt() throws Exception {
        List<SnapshotChunk> ranges = ranges(500, 1000, 1500, 2000);

        ChecksumResponse target = checksums(items, ranges, position("mysql-bin.000005", 90), 5);

        assertThat(target.getPosition()).isEqualTo(position("mysql-bin.000005", 100));
        assertThat(target.getRangesList()).extracting(RangeChecksum::getRows).containsExactly(500L, 500L, 500L, 500L, 0L);
        assertThat(target.getRangesList()).isEqualTo(mariaChecksums(items, ranges));
        assertThat(target.getRangesList()).extracting(RangeChecksum::getHash).doesNotHaveDuplicates();
    }

    @Test
    void everyKeyTypeReadsBackAsTheSourcesValuesAndBoundsWork() throws Exception {
        ChecksumResponse whole = checksums(multi, List.of(SnapshotChunk.getDefaultInstance()), SourcePosition.getDefaultInstance(), 0);
        assertThat(whole.getRangesList()).isEqualTo(mariaChecksums(multi, List.of(SnapshotChunk.getDefaultInstance())));

        List<KeyTuple> sorted = sortedMultiKeys();
        RowHashResponse all = rowHashes(RowHashRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(multi).setPerColumn(true));
        assertThat(all.getRowsList()).extracting(RowHash::getKey).as("read back as the source's Values, in key order").containsExactlyElementsOf(sorted);

        SnapshotChunk middle = SnapshotChunk.newBuilder().setLower(sorted.get(1)).setHasLower(true).setUpper(sorted.get(4)).setHasUpper(true).build();
        RowHashResponse inRange = rowHashes(RowHashRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(multi).setRange(middle));
        assertThat(inRange.getRowsList()).extracting(RowHash::getKey).containsExactlyElementsOf(sorted.subList(2, 5));
        RowHashResponse byKeys = rowHashes(RowHashRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(multi)
                .addKeys(sorted.get(5)).addKeys(sorted.get(0)));
        assertThat(byKeys.getRowsList()).extracting(RowHash::getKey).containsExactly(sorted.get(0), sorted.get(5));
        assertThat(byKeys.getRows(0).getHash()).isEqualTo(all.getRows(0).getHash());
    }

    @Test
    void waitsUntilTheCheckpointPassesThePositionAndFailsClearlyWhenItDoesNot() throws Exception {
        Thread later = new Thread(() -> {
            try (Connection pg = db.pg(PG_DB)) {
                Thread.sleep(400);
                CHECKPOINTS.write(pg, TASK, "INCREMENTAL", position("mysql-bin.000006", 4));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long started = System.nanoTime();
        later.start();

        ChecksumResponse r = checksums(tags, List.of(SnapshotChunk.getDefaultInstance()), position("mysql-bin.000005", 200), 10);

        assertThat(System.nanoTime() - started).isGreaterThan(400_000_000L);
        assertThat(r.getPosition()).isEqualTo(position("mysql-bin.000006", 4));
        later.join();

        StatusRuntimeException e = failure(apply::checksumRanges, request(tags, List.of(SnapshotChunk.getDefaultInstance()),
                position("mysql-bin.000009", 1), 1));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(e.getStatus().getDescription()).isEqualTo("task verify-task has not reached source position mysql-bin.000009:1 within 1 s "
                + "(its checkpoint is at mysql-bin.000006:4 in phase INCREMENTAL)");

        try (Connection pg = db.pg(PG_DB)) {
            CHECKPOINTS.write(pg, TASK, "FULL", position("mysql-bin.000010", 1));
        }
        e = failure(apply::rowHashes, RowHashRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(tags)
                .setAtLeast(position("mysql-bin.000009", 1)).setWaitSeconds(0).build());
        assertThat(e.getStatus().getCode()).as("FULL: the position is where the binlog will be read from, not applied").isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(e.getStatus().getDescription()).contains("in phase FULL");
    }

    @Test
    void binlogFilesCompareByTheirNumber() {
        assertThat(PositionOrder.compare(position("mysql-bin.999999", 5000), position("mysql-bin.1000000", 4))).isNegative();
        assertThat(PositionOrder.compare(position("mysql-bin.000012", 400), position("mysql-bin.000012", 400))).isZero();
        assertThat(PositionOrder.compare(position("mysql-bin.000012", 401), position("mysql-bin.000012", 400))).isPositive();
        assertThat(PositionOrder.compare(position("b.000001", 1), position("a.000002", 1))).isPositive();
    }

    @Test
    void aChangedADeletedAndAnAddedRowAreFoundAndRepaired() throws Exception {
        try (Connection pg = db.pg(PG_DB); Statement st = pg.createStatement()) {
            st.execute("UPDATE items SET name = 'changed' WHERE id = 777");
            st.execute("UPDATE items SET ratio = ratio * (1 + 1e-15) WHERE id = 1999");
            st.execute("DELETE FROM items WHERE id = 1500");
            st.execute("INSERT INTO items (id, name) VALUES (2001, 'extra')");
        }
        List<SnapshotChunk> ranges = ranges(500, 1000, 1500, 2000);
        List<RangeChecksum> source = mariaChecksums(items, ranges);
        List<RangeChecksum> target = checksums(items, ranges, SourcePosition.getDefaultInstance(), 0).getRangesList();

        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            if (!source.get(i).equals(target.get(i))) {
                differing.add(i);
            }
        }
        assertThat(differing).containsExactly(1, 2, 3, 4);

        Map<KeyTuple, String> keys = new LinkedHashMap<>();
        for (int i : differing) {
            Map<KeyTuple, String> expected = mariaRowHashes(items, ranges.get(i));
            RowHashResponse actual = rowHashes(RowHashRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(items).setRange(ranges.get(i)));
            for (RowHash r : actual.getRowsList()) {
                String hash = expected.remove(r.getKey());
                if (!r.getHash().equals(hash)) {
                    keys.put(r.getKey(), hash == null ? "extra" : "different");
                }
            }
            expected.keySet().forEach(k -> keys.put(k, "missing"));
        }
        assertThat(keys).containsExactly(Map.entry(key(777), "different"), Map.entry(key(1500), "missing"), Map.entry(key(1999), "different"),
                Map.entry(key(2001), "extra"));

        RowHashResponse perColumn = rowHashes(RowHashRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(items).setPerColumn(true)
                .addKeys(key(777)).addKeys(key(1999)).addKeys(key(1500)));
        assertThat(perColumn.getRowsList()).extracting(RowHash::getKey).containsExactly(key(777), key(1999));
        assertThat(differingColumns(items, perColumn.getRows(0))).containsExactly("name");
        assertThat(differingColumns(items, perColumn.getRows(1))).containsExactly("ratio");
        assertThat(perColumn.getRows(0).getColumnHashes(6)).as("JSON: MD5 of what jsonb prints").isEqualTo("v" + md5Hex("{\"i\": 777}"));

        RepairResponse repaired = call(apply::repairRows, RepairRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(items)
                .addKeys(key(777)).addKeys(key(1500)).addKeys(key(1999)).addKeys(key(2001)).build());

        assertThat(repaired.getUpserted()).isEqualTo(3);
        assertThat(repaired.getDeleted()).isEqualTo(1);
        assertThat(checksums(items, ranges, SourcePosition.getDefaultInstance(), 0).getRangesList()).isEqualTo(source);
    }

    @Test
    void textKeysAreComparedAsOneOpenRangeOrByKeysNeverByBoundedRanges() throws Exception {
        SnapshotChunk bounded = SnapshotChunk.newBuilder().setUpper(KeyTuple.newBuilder().addValues(Values.ofText("b"))).setHasUpper(true).build();

        StatusRuntimeException e = failure(apply::checksumRanges, request(tags, List.of(bounded), SourcePosition.getDefaultInstance(), 0));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("key ranges of", ".tags cannot be compared", "key column name (varchar(20), collation utf8mb4_general_ci)");
        List<SnapshotChunk> whole = List.of(SnapshotChunk.getDefaultInstance());
        assertThat(checksums(tags, whole, SourcePosition.getDefaultInstance(), 0).getRangesList()).isEqualTo(mariaChecksums(tags, whole));
        RowHashResponse byKeys = rowHashes(RowHashRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(tags)
                .addKeys(KeyTuple.newBuilder().addValues(Values.ofText("Banana"))).addKeys(KeyTuple.newBuilder().addValues(Values.ofText("nope"))));
        assertThat(byKeys.getRowsList()).extracting(r -> r.getKey().getValues(0).getTextValue()).containsExactly("Banana");
    }

    // --- fixtures ---

    static ColumnSchema col(String name, String dataType, String columnType) {
        ColumnSchema.Builder b = ColumnSchema.newBuilder().setName(name).setTargetName(name).setDataType(dataType).setColumnType(columnType)
                .setUnsigned(columnType.contains("unsigned")).setNullable(true);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+)(?:,(\\d+))?\\)").matcher(columnType);
        if (m.find()) {
            int first = Integer.parseInt(m.group(1));
            switch (dataType) {
                case "varchar", "char" -> b.setCharLength(first).setCharset("utf8mb4").setCollation("utf8mb4_general_ci");
                case "decimal" -> b.setNumericPrecision(first).setNumericScale(Integer.parseInt(m.group(2)));
                case "bit" -> b.setNumericPrecision(first);
                case "datetime", "timestamp", "time" -> b.setDatetimePrecision(first);
                default -> { }
            }
        }
        ColumnSchema c = b.build();
        return c.toBuilder().setTargetType(TypeMapping.targetType(c, MappingOptions.getDefaultInstance()))
                .setTargetNullable(TypeMapping.targetNullable(c)).build();
    }

    static TableSchema table(String name, String key, ColumnSchema... columns) {
        return TableSchema.newBuilder().setDatabase(SOURCE_DB).setName(name).setTargetSchema("public").setTargetName(name)
                .addAllColumns(List.of(columns)).addAllKeyColumns(List.of(key.split(","))).build();
    }

    /** The same rows into MariaDB (bound as text MariaDB converts) and, through ChangeApplier, into PostgreSQL. */
    static void load(TableSchema t, List<List<Value>> rows) throws Exception {
        Map<KeyTuple, List<Value>> byKey = new LinkedHashMap<>();
        try (Connection maria = maria(); PreparedStatement ps = maria.prepareStatement("INSERT INTO " + SqlIdentifiers.maria(SOURCE_DB, t.getName())
                + " VALUES (" + t.getColumnsList().stream().map(c -> "?").collect(Collectors.joining(", ")) + ")")) {
            for (List<Value> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    bindMaria(ps, i + 1, row.get(i), t.getColumns(i));
                }
                ps.addBatch();
                byKey.put(keyOf(t, row), row);
            }
            ps.executeBatch();
        }
        SOURCE.put(t.getName(), byKey);
        try (Connection pg = TargetConnections.open(spec.getDestination(), "test"); Statement st = pg.createStatement()) {
            st.execute("CREATE TABLE " + SqlIdentifiers.pg(t.getTargetName()) + " (" + t.getColumnsList().stream()
                    .map(c -> SqlIdentifiers.pg(c.getTargetName()) + " " + c.getTargetType()).collect(Collectors.joining(", "))
                    + ", PRIMARY KEY (" + String.join(", ", t.getKeyColumnsList()) + "))");
            pg.setAutoCommit(false);
            new ChangeApplier(pg, List.of(t)).apply(rows.stream().map(r -> RowChange.newBuilder().setOp(Operation.SNAPSHOT_ROW)
                    .setDatabase(t.getDatabase()).setTable(t.getName()).addAllAfter(r).build()).collect(Collectors.toList()));
            pg.commit();
        }
    }

    static void bindMaria(PreparedStatement ps, int index, Value v, ColumnSchema c) throws Exception {
        switch (v.getKindCase()) {
            case NULL_VALUE -> ps.setNull(index, java.sql.Types.NULL);
            case INT_VALUE -> ps.setLong(index, v.getIntValue());
            case UINT_VALUE -> ps.setString(index, Long.toUnsignedString(v.getUintValue()));
            case DOUBLE_VALUE -> ps.setDouble(index, v.getDoubleValue());
            case BYTES_VALUE -> ps.setBytes(index, v.getBytesValue().toByteArray());
            case BITS_VALUE -> ps.setLong(index, new BigInteger(1, v.getBitsValue().getValue().toByteArray()).longValue());
            case TIME_VALUE -> ps.setString(index, dev.sluice.model.PgText.format(v, "interval"));
            case YEAR_VALUE -> ps.setInt(index, v.getYearValue());
            case DATE_VALUE -> ps.setString(index, Values.dateOf(v.getDateValue()).toString());
            case DATETIME_VALUE, TIMESTAMP_VALUE -> ps.setString(index, dev.sluice.model.PgText.format(v, "timestamp").replace("+00", ""));
            default -> ps.setString(index, dev.sluice.model.PgText.format(v, c.getTargetType()));
        }
    }

    static Connection maria() throws Exception {
        Connection c = db.mariaRoot();
        try (Statement st = c.createStatement()) {
            // The session capture-service runs with (SourceConnections).
            st.execute("SET time_zone = '+00:00', NAMES utf8mb4, SESSION sql_mode = ''");
        }
        return c;
    }

    static ReadRowsResponse readRows(dev.sluice.v1.ReadRowsRequest r) {
        ReadRowsResponse.Builder out = ReadRowsResponse.newBuilder();
        Map<KeyTuple, List<Value>> rows = SOURCE.get(r.getTable().getName());
        for (KeyTuple k : r.getKeysList()) {
            List<Value> row = rows.get(k);
            if (row != null) {
                out.addRows(RowChange.newBuilder().setOp(Operation.SNAPSHOT_ROW).setDatabase(r.getTable().getDatabase())
                        .setTable(r.getTable().getName()).addAllAfter(row));
            }
        }
        return out.build();
    }

    static KeyTuple keyOf(TableSchema t, List<Value> row) {
        KeyTuple.Builder b = KeyTuple.newBuilder();
        for (String k : t.getKeyColumnsList()) {
            for (int i = 0; i < t.getColumnsCount(); i++) {
                if (t.getColumns(i).getName().equals(k)) {
                    b.addValues(row.get(i));
                }
            }
        }
        return b.build();
    }

    /** multi's keys in key order: u, then the rest (rows 0..2 share u = 7, rows 3..5 the maximum). */
    static List<KeyTuple> sortedMultiKeys() {
        return new ArrayList<>(SOURCE.get("multi").keySet());
    }

    static SourcePosition position(String file, long pos) {
        return SourcePosition.newBuilder().setBinlogFile(file).setBinlogPosition(pos).build();
    }

    static KeyTuple key(long id) {
        return KeyTuple.newBuilder().addValues(Values.ofLong(id)).build();
    }

    /** (open, b1], (b1, b2], ..., (bn, open) over an integer key. */
    static List<SnapshotChunk> ranges(long... bounds) {
        List<SnapshotChunk> out = new ArrayList<>();
        for (int i = 0; i <= bounds.length; i++) {
            SnapshotChunk.Builder b = SnapshotChunk.newBuilder().setChunkNo(i);
            if (i > 0) {
                b.setLower(key(bounds[i - 1])).setHasLower(true);
            }
            if (i < bounds.length) {
                b.setUpper(key(bounds[i])).setHasUpper(true);
            }
            out.add(b.build());
        }
        return out;
    }

    // --- the source side, as capture-service computes it ---

    static List<RangeChecksum> mariaChecksums(TableSchema t, List<SnapshotChunk> ranges) throws Exception {
        List<RangeChecksum> out = new ArrayList<>();
        if (VerifySql.tokensInJava(t)) {
            // JSON: capture-service reads the rows and sums their hashes itself
            for (SnapshotChunk r : ranges) {
                BigInteger sum = BigInteger.ZERO;
                Map<KeyTuple, String> rows = mariaRowHashes(t, r);
                for (String hash : rows.values()) {
                    sum = sum.add(VerifySql.rangeSummand(hash));
                }
                out.add(RangeChecksum.newBuilder().setRange(r).setRows(rows.size()).setHash(sum.toString()).build());
            }
            return out;
        }
        try (Connection c = maria()) {
            for (SnapshotChunk r : ranges) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), " + VerifySql.mariaRangeSum(VerifySql.mariaRowHash(t))
                        + " FROM " + SqlIdentifiers.maria(SOURCE_DB, t.getName()) + mariaWhere(r))) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.add(RangeChecksum.newBuilder().setRange(r).setRows(rs.getLong(1)).setHash(VerifySql.sumText(rs.getString(2))).build());
                    }
                }
            }
        }
        return out;
    }

    static Map<KeyTuple, String> mariaRowHashes(TableSchema t, SnapshotChunk r) throws Exception {
        Map<KeyTuple, String> out = new LinkedHashMap<>();
        for (Map.Entry<KeyTuple, List<String>> row : mariaTokens(t, mariaWhere(r) + " ORDER BY id").entrySet()) {
            List<String> hashed = new ArrayList<>();
            for (int i = 0; i < t.getColumnsCount(); i++) {
                if (VerifySql.hashable(t.getColumns(i))) {
                    hashed.add(row.getValue().get(i));
                }
            }
            out.put(row.getKey(), VerifyTokens.rowHash(hashed));
        }
        return out;
    }

    /**
     * Per row of items (by id), each column's token as the source side computes it: in SQL, or for JSON
     * in Java from the text MariaDB holds; "" for columns not hashed.
     */
    static Map<KeyTuple, List<String>> mariaTokens(TableSchema t, String whereAndOrder) throws Exception {
        List<String> items = new ArrayList<>();
        for (ColumnSchema c : t.getColumnsList()) {
            items.add(VerifySql.tokenInSql(c) ? VerifySql.mariaToken(c) : VerifySql.hashable(c) ? SqlIdentifiers.maria(c.getName()) : "''");
        }
        Map<KeyTuple, List<String>> out = new LinkedHashMap<>();
        try (Connection c = maria(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, " + String.join(", ", items) + " FROM " + SqlIdentifiers.maria(SOURCE_DB, t.getName())
                        + whereAndOrder)) {
            while (rs.next()) {
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < t.getColumnsCount(); i++) {
                    ColumnSchema column = t.getColumns(i);
                    String cell = rs.getString(i + 2);
                    tokens.add(VerifySql.tokenInSql(column) || !VerifySql.hashable(column) ? cell
                            : VerifyTokens.token(column, cell == null ? Values.NULL : Values.ofJson(cell)));
                }
                out.put(key(rs.getLong(1)), tokens);
            }
        }
        return out;
    }

    /** Integer single-column keys only (items); open ranges for any table. */
    static String mariaWhere(SnapshotChunk r) {
        List<String> parts = new ArrayList<>();
        if (r.getHasLower()) {
            parts.add("id > " + r.getLower().getValues(0).getIntValue());
        }
        if (r.getHasUpper()) {
            parts.add("id <= " + r.getUpper().getValues(0).getIntValue());
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    /** Per-column tokens of a destination row against the source's. */
    static List<String> differingColumns(TableSchema t, RowHash target) throws Exception {
        List<String> source = mariaTokens(t, " WHERE id = " + target.getKey().getValues(0).getIntValue()).values().iterator().next();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.getColumnsCount(); i++) {
            if (!source.get(i).equals(target.getColumnHashes(i))) {
                out.add(t.getColumns(i).getName());
            }
        }
        return out;
    }

    // --- the destination side, through the gRPC service ---

    ChecksumRequest request(TableSchema t, List<SnapshotChunk> ranges, SourcePosition atLeast, int waitSeconds) {
        return ChecksumRequest.newBuilder().setTaskId(TASK).setSpec(spec).setTable(t).addAllRanges(ranges).setAtLeast(atLeast)
                .setWaitSeconds(waitSeconds).build();
    }

    ChecksumResponse checksums(TableSchema t, List<SnapshotChunk> ranges, SourcePosition atLeast, int waitSeconds) {
        return call(apply::checksumRanges, request(t, ranges, atLeast, waitSeconds));
    }

    RowHashResponse rowHashes(RowHashRequest.Builder r) {
        return call(apply::rowHashes, r.build());
    }

    static String md5Hex(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
