package dev.sluice.capture.convert;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.LRUCache;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.AnnotateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.BinlogCheckpointEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.IntVarEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidListEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.PreviousGtidSetDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.QueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RowsQueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XAPrepareEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The {@link EventDeserializer} Sluice streams with: the library's, with row decoders whose temporal
 * and YEAR cells go through {@link TemporalCells}, and compatibility modes under which every other
 * cell arrives as {@link BinlogValueConverter} expects (byte[] for CHAR/BINARY, BigDecimal, ...).
 *
 * <p>Built with the four-argument constructor, the only one that lets us hold the TABLE_MAP cache
 * (the default constructor keeps it private); that constructor registers nothing, so every event type
 * the stream carries is registered here.
 */
public final class BinlogDeserializers {

    /** TABLE_MAP events kept: one per table id; a transaction touching more tables than this would fail. */
    private static final int TABLE_MAP_CACHE_SIZE = 10_000;

    private BinlogDeserializers() {
    }

    /** A table-map cache of the size the library uses by default. */
    public static Map<Long, TableMapEventData> newTableMapCache() {
        return new LRUCache<>(100, 0.75f, TABLE_MAP_CACHE_SIZE);
    }

    public static EventDeserializer create() {
        return create(newTableMapCache());
    }

    /**
     * @param tableMaps filled by the deserializer with every TABLE_MAP it reads (table id to event), for
     *     callers that want the column types or metadata of a row event's table
     */
    public static EventDeserializer create(Map<Long, TableMapEventData> tableMaps) {
        // Must stay mutable: BinaryLogClient wraps some deserializers (ROTATE, GTID, ...) after the fact.
        Map<EventType, EventDataDeserializer> d = new IdentityHashMap<>();
        d.put(EventType.FORMAT_DESCRIPTION, new FormatDescriptionEventDataDeserializer());
        d.put(EventType.ROTATE, new RotateEventDataDeserializer());
        d.put(EventType.INTVAR, new IntVarEventDataDeserializer());
        d.put(EventType.QUERY, new QueryEventDataDeserializer());
        d.put(EventType.TABLE_MAP, new TableMapEventDataDeserializer());
        d.put(EventType.XID, new XidEventDataDeserializer());
        d.put(EventType.WRITE_ROWS, new Write(tableMaps));
        d.put(EventType.UPDATE_ROWS, new Update(tableMaps));
        d.put(EventType.DELETE_ROWS, new Delete(tableMaps));
        d.put(EventType.EXT_WRITE_ROWS, new Write(tableMaps).setMayContainExtraInformation(true));
        d.put(EventType.EXT_UPDATE_ROWS, new Update(tableMaps).setMayContainExtraInformation(true));
        d.put(EventType.EXT_DELETE_ROWS, new Delete(tableMaps).setMayContainExtraInformation(true));
        d.put(EventType.ANNOTATE_ROWS, new AnnotateRowsEventDataDeserializer());
        d.put(EventType.MARIADB_GTID, new MariadbGtidEventDataDeserializer());
        d.put(EventType.MARIADB_GTID_LIST, new MariadbGtidListEventDataDeserializer());
        d.put(EventType.BINLOG_CHECKPOINT, new BinlogCheckpointEventDataDeserializer());
        // MySQL-only events, harmless to know: a misdirected stream then fails on rows, not on parsing.
        d.put(EventType.ROWS_QUERY, new RowsQueryEventDataDeserializer());
        d.put(EventType.GTID, new GtidEventDataDeserializer());
        d.put(EventType.PREVIOUS_GTIDS, new PreviousGtidSetDeserializer());
        d.put(EventType.XA_PREPARE, new XAPrepareEventDataDeserializer());
        EventDeserializer ed = new EventDeserializer(new EventHeaderV4Deserializer(), new NullEventDataDeserializer(), d, tableMaps);
        // After registering: setCompatibilityMode pushes the modes into the registered row deserializers.
        // The temporal cells never reach the library's decoders; the modes cover the others and keep
        // the library's own date paths consistent should one ever be used (invalid = Long.MIN_VALUE).
        ed.setCompatibilityMode(CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO, CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
                CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        return ed;
    }

    /* The three row decoders differ only in their library base class; each routes temporal cells to TemporalCells. */

    static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            return type != null && TemporalCells.handles(type) ? TemporalCells.decode(type, meta, in)
                    : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            return type != null && TemporalCells.handles(type) ? TemporalCells.decode(type, meta, in)
                    : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            return type != null && TemporalCells.handles(type) ? TemporalCells.decode(type, meta, in)
                    : super.deserializeCell(type, meta, length, in);
        }
    }
}
