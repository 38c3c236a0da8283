package dev.sluice.capture.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.EventDataWrapper;
import dev.sluice.capture.etl.TaskEtls;
import dev.sluice.capture.stream.FatalCaptureException;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.SourcePosition;
import dev.sluice.v1.TableSchema;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/**
 * Runs on the binlog client's reading thread: decodes events of the selected tables in binlog order
 * and puts them on a bounded queue. A full queue blocks this thread, which stops reading the socket:
 * backpressure reaches MariaDB.
 */
final class BinlogEventHandler implements BinaryLogClient.EventListener {

    private static final int LOG_EVENT_IGNORABLE_F = 0x80;

    private final Map<String, TableSchema> selected;
    private final DdlGuard ddl;
    private final BlockingQueue<BinlogItem> queue;
    private final Map<Long, TableSchema> byTableId = new HashMap<>();
    private final GtidState gtids;
    private String file;
    private String transactionId = "";
    private long commitMillis;
    private volatile long lastEventNanos = System.nanoTime();

    BinlogEventHandler(Map<String, TableSchema> selected, DdlGuard ddl, BlockingQueue<BinlogItem> queue, SourcePosition start) {
        this.selected = selected;
        this.ddl = ddl;
        this.queue = queue;
        this.gtids = new GtidState(start.getGtidSet());
        this.file = start.getBinlogFile();
    }

    long lastEventNanos() {
        return lastEventNanos;
    }

    @Override
    public void onEvent(Event event) {
        lastEventNanos = System.nanoTime();
        try {
            handle(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The library swallows listener exceptions and moves on: hand the error over instead.
            queue.offer(new BinlogItem.Failure(e));
        }
    }

    private void handle(Event event) throws InterruptedException {
        EventHeaderV4 h = event.getHeader();
        EventType type = h.getEventType();
        EventData data = unwrap(event.getData());
        switch (type) {
            case ROTATE:
                file = ((RotateEventData) data).getBinlogFilename();
                break;
            case MARIADB_GTID: {
                MariadbGtidEventData g = (MariadbGtidEventData) data;
                // In file/position mode the library leaves the server id at 0: the header has the real one.
                gtids.advance(g.getDomainId(), h.getServerId(), g.getSequence());
                transactionId = g.getDomainId() + "-" + h.getServerId() + "-" + g.getSequence();
                commitMillis = h.getTimestamp();
                break;
            }
            case TABLE_MAP:
                tableMap((TableMapEventData) data);
                break;
            case WRITE_ROWS:
            case EXT_WRITE_ROWS: {
                WriteRowsEventData d = (WriteRowsEventData) data;
                TableSchema t = byTableId.get(d.getTableId());
                if (t != null) {
                    for (Serializable[] row : d.getRows()) {
                        emit(RowEventDecoder.change(t, null, RowEventDecoder.image(row, t), transactionId, commitMillis));
                    }
                }
                break;
            }
            case UPDATE_ROWS:
            case EXT_UPDATE_ROWS: {
                UpdateRowsEventData d = (UpdateRowsEventData) data;
                TableSchema t = byTableId.get(d.getTableId());
                if (t != null) {
                    for (Map.Entry<Serializable[], Serializable[]> row : d.getRows()) {
                        emit(RowEventDecoder.change(t, RowEventDecoder.image(row.getKey(), t), RowEventDecoder.image(row.getValue(), t),
                                transactionId, commitMillis));
                    }
                }
                break;
            }
            case DELETE_ROWS:
            case EXT_DELETE_ROWS: {
                DeleteRowsEventData d = (DeleteRowsEventData) data;
                TableSchema t = byTableId.get(d.getTableId());
                if (t != null) {
                    for (Serializable[] row : d.getRows()) {
                        emit(RowEventDecoder.change(t, RowEventDecoder.image(row, t), null, transactionId, commitMillis));
                    }
                }
                break;
            }
            case XID:
                queue.put(new BinlogItem.TransactionEnd(position(h)));
                break;
            case QUERY:
                query((QueryEventData) data, h);
                break;
            case HEARTBEAT:
                queue.put(new BinlogItem.Idle(position(h)));
                break;
            case UNKNOWN:
                if ((h.getFlags() & LOG_EVENT_IGNORABLE_F) == 0) {
                    throw new FatalCaptureException("the source sent a binlog event Sluice cannot decode (at " + file + ":" + h.getNextPosition()
                            + "); compressed binlogs are not supported: SET GLOBAL log_bin_compress=OFF");
                }
                break;
            default:
                break;
        }
    }

    private void emit(RowChange change) throws InterruptedException {
        if (change != null) {
            queue.put(new BinlogItem.Change(change));
        }
    }

    private void tableMap(TableMapEventData d) {
        TableSchema t = selected.get(d.getDatabase() + "." + d.getTable());
        if (t != null) {
            checkColumns(t, d);
        }
        if (t == null) {
            byTableId.remove(d.getTableId());
        } else {
            byTableId.put(d.getTableId(), t);
        }
    }

    /** With binlog_row_metadata=FULL the names are in the event: a renamed or moved column is caught here. */
    private static void checkColumns(TableSchema t, TableMapEventData d) {
        TableMapEventMetadata meta = d.getEventMetadata();
        List<String> names = meta == null ? null : meta.getColumnNames();
        if (names == null || names.isEmpty()) {
            return;
        }
        for (ColumnSchema c : TaskEtls.readColumns(t)) {
            int i = c.getOrdinal() - 1;
            if (i >= names.size() || !names.get(i).equals(c.getName())) {
                throw new FatalCaptureException("table " + t.getDatabase() + "." + t.getName() + " no longer has column "
                        + c.getName() + " at position " + c.getOrdinal() + " (the binlog shows "
                        + (i < names.size() ? names.get(i) : "fewer columns") + "): it was altered after the task started; resynchronize it");
            }
        }
    }

    private void query(QueryEventData q, EventHeaderV4 h) throws InterruptedException {
        String sql = q.getSql().strip();
        String upper = sql.length() > 16 ? sql.substring(0, 16).toUpperCase(Locale.ROOT) : sql.toUpperCase(Locale.ROOT);
        if (upper.startsWith("BEGIN") || upper.startsWith("SAVEPOINT") || upper.startsWith("ROLLBACK TO") || upper.startsWith("XA ")) {
            return;
        }
        if (upper.startsWith("COMMIT")) {
            queue.put(new BinlogItem.TransactionEnd(position(h)));
            return;
        }
        if (upper.startsWith("ROLLBACK")) {
            return;
        }
        String table = ddl.affectedTable(q.getDatabase() == null || q.getDatabase().isEmpty() ? null : q.getDatabase(), sql);
        if (table != null) {
            throw new FatalCaptureException("schema change on synchronized table " + table + " at " + file + ":" + h.getNextPosition()
                    + " (GTID " + transactionId + "): \"" + abbreviate(sql) + "\". Sluice does not replicate DDL yet: the task stops "
                    + "so that no row lands in the wrong column; apply the change to PostgreSQL yourself and resynchronize the table");
        }
        // Any other statement is its own transaction (DDL elsewhere, statements on unselected tables).
        queue.put(new BinlogItem.TransactionEnd(position(h)));
    }

    private SourcePosition position(EventHeaderV4 h) {
        return SourcePosition.newBuilder().setGtidSet(gtids.toString()).setBinlogFile(file == null ? "" : file)
                .setBinlogPosition(h.getNextPosition()).setServerId(h.getServerId()).build();
    }

    private static EventData unwrap(EventData d) {
        return d instanceof EventDataWrapper w ? w.getInternal() : d;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
