package dev.sluice.capture.convert;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Endpoint;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Test plumbing: the source endpoint, a minimal column-schema reader, and a binlog row collector. */
final class ConvertTestSupport {

    private ConvertTestSupport() {
    }

    static Endpoint rootEndpoint(LocalDatabases db) {
        return Endpoint.newBuilder().setHost(db.mariaHost()).setPort(db.mariaPort()).setUser("root").setPassword("").build();
    }

    /** information_schema.COLUMNS, read just far enough for the converters (the real reader lives in capture.schema). */
    static List<ColumnSchema> columns(Connection c, String database, String table) throws SQLException {
        Set<String> json = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? AND LEVEL = 'Column'")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(1);
                    if (clause.startsWith("json_valid(`") && clause.endsWith("`)")) {
                        json.add(clause.substring("json_valid(`".length(), clause.length() - 2).replace("``", "`"));
                    }
                }
            }
        }
        List<ColumnSchema> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE,"
                + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME,"
                + " IS_NULLABLE, GENERATION_EXPRESSION FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String dataType = rs.getString(3);
                    String columnType = rs.getString(4);
                    ColumnSchema.Builder b = ColumnSchema.newBuilder()
                            .setName(name)
                            .setTargetName(name)
                            .setOrdinal(rs.getInt(2))
                            .setDataType(json.contains(name) && dataType.equals("longtext") ? "json" : dataType)
                            .setColumnType(columnType)
                            .setUnsigned(columnType.contains(" unsigned"))
                            .setCharLength(rs.getLong(5))
                            .setNumericPrecision(rs.getInt(6))
                            .setNumericScale(rs.getInt(7))
                            .setDatetimePrecision(rs.getInt(8))
                            .setCharset(rs.getString(9) == null ? "" : rs.getString(9))
                            .setNullable("YES".equals(rs.getString(10)))
                            .setGenerationExpression(rs.getString(11) == null ? "" : rs.getString(11));
                    if (dataType.equals("enum") || dataType.equals("set")) {
                        b.addAllEnumValues(labels(columnType));
                    }
                    out.add(b.build());
                }
            }
        }
        return out;
    }

    /** The quoted labels of "enum('a','it''s','x\\y')": quotes doubled, backslashes escaped. */
    static List<String> labels(String columnType) {
        List<String> out = new ArrayList<>();
        int i = columnType.indexOf('(') + 1;
        while (i < columnType.length() && columnType.charAt(i) == '\'') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                char ch = columnType.charAt(i);
                if (ch == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    sb.append('\'');
                    i += 2;
                } else if (ch == '\\') {
                    sb.append(columnType.charAt(i + 1));
                    i += 2;
                } else if (ch == '\'') {
                    i++;
                    break;
                } else {
                    sb.append(ch);
                    i++;
                }
            }
            out.add(sb.toString());
            if (columnType.charAt(i) == ',') {
                i++;
            }
        }
        return out;
    }

    /** The binlog coordinates now: rows written afterwards are streamed from here. */
    static String[] masterStatus(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                throw new IllegalStateException("binary logging is off");
            }
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    /** Streams the row images of one table from a binlog position, through {@link BinlogDeserializers}. */
    static final class BinlogRows implements AutoCloseable {
        private final BinaryLogClient client;
        private final List<Serializable[]> rows = new ArrayList<>();
        private final List<BitSet> includedColumns = new ArrayList<>();
        private final List<String> ops = new ArrayList<>();
        private final Map<Long, String> tables = new HashMap<>();
        private final String qualifiedName;
        private volatile Exception failure;

        BinlogRows(LocalDatabases db, String[] position, String database, String table) throws Exception {
            qualifiedName = database + "." + table;
            client = new BinaryLogClient(db.mariaHost(), db.mariaPort(), "root", "");
            client.setServerId(0x30000000L + ThreadLocalRandom.current().nextInt(0x0FFFFFFF));
            client.setBinlogFilename(position[0]);
            client.setBinlogPosition(Long.parseLong(position[1]));
            client.setKeepAlive(false);
            client.setEventDeserializer(BinlogDeserializers.create());
            client.registerEventListener(event -> {
                EventData data = event.getData();
                if (event.getHeader().getEventType() == EventType.TABLE_MAP) {
                    TableMapEventData t = (TableMapEventData) data;
                    tables.put(t.getTableId(), t.getDatabase() + "." + t.getTable());
                } else if (data instanceof WriteRowsEventData) {
                    WriteRowsEventData w = (WriteRowsEventData) data;
                    if (ours(w.getTableId())) {
                        add(w.getRows(), "insert", w.getIncludedColumns());
                    }
                } else if (data instanceof UpdateRowsEventData) {
                    UpdateRowsEventData u = (UpdateRowsEventData) data;
                    if (ours(u.getTableId())) {
                        for (Map.Entry<Serializable[], Serializable[]> e : u.getRows()) {
                            add(Collections.singletonList(e.getKey()), "before", u.getIncludedColumnsBeforeUpdate());
                            add(Collections.singletonList(e.getValue()), "after", u.getIncludedColumns());
                        }
                    }
                } else if (data instanceof DeleteRowsEventData) {
                    DeleteRowsEventData d = (DeleteRowsEventData) data;
                    if (ours(d.getTableId())) {
                        add(d.getRows(), "delete", d.getIncludedColumns());
                    }
                }
            });
            client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
                @Override
                public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                    failure = ex;
                }

                @Override
                public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                    failure = ex;
                }
            });
            client.connect(10_000);
        }

        private boolean ours(long tableId) {
            return qualifiedName.equals(tables.get(tableId));
        }

        private void add(List<Serializable[]> images, String op, BitSet included) {
            synchronized (rows) {
                for (Serializable[] image : images) {
                    rows.add(image);
                    ops.add(op);
                    includedColumns.add(included);
                }
                rows.notifyAll();
            }
        }

        /** What each collected image is: insert, before, after (an update's two images) or delete. */
        List<String> ops() {
            synchronized (rows) {
                return new ArrayList<>(ops);
            }
        }

        /** Waits for {@code count} row images in total (an update has two); fails on any stream or decoding error. */
        List<Serializable[]> await(int count, long timeoutSeconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            synchronized (rows) {
                while (rows.size() < count) {
                    if (failure != null) {
                        throw new IllegalStateException("binlog stream failed: " + failure, failure);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("saw " + rows.size() + " of " + count + " rows in the binlog");
                    }
                    rows.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                if (failure != null) {
                    throw new IllegalStateException("binlog stream failed: " + failure, failure);
                }
                return new ArrayList<>(rows);
            }
        }

        List<BitSet> includedColumns() {
            synchronized (rows) {
                return new ArrayList<>(includedColumns);
            }
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
        }
    }
}
