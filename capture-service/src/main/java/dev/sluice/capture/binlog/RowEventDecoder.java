package dev.sluice.capture.binlog;

import dev.sluice.capture.convert.BinlogValueConverter;
import dev.sluice.capture.etl.TableEtl;
import dev.sluice.capture.etl.TaskEtls;
import dev.sluice.capture.stream.FatalCaptureException;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Operation;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns binlog row images into {@link RowChange}s of the columns as written: the selected source
 * columns by ordinal, then the table's ETL. With a filter, an update can move a row into or out of
 * the synchronized set: it becomes an insert or a delete, so the destination stays what the filter says.
 */
final class RowEventDecoder {

    private RowEventDecoder() {
    }

    /** One image, positional per the columns capture reads for the table. */
    static List<Value> image(Serializable[] row, TableSchema t) {
        List<ColumnSchema> columns = TaskEtls.readColumns(t);
        List<Value> out = new ArrayList<>(columns.size());
        for (ColumnSchema c : columns) {
            int i = c.getOrdinal() - 1;
            if (i >= row.length) {
                throw new FatalCaptureException("table " + t.getDatabase() + "." + t.getName() + " has " + row.length
                        + " columns in the binlog but column " + c.getName() + " was at position " + c.getOrdinal()
                        + " when the task started: the table was altered; resynchronize it");
            }
            try {
                out.add(BinlogValueConverter.convert(row[i], c));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot decode column " + c.getName() + " of " + t.getDatabase() + "." + t.getName()
                        + " from the binlog: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * @param before the before image (UPDATE, DELETE) or null
     * @param after the after image (INSERT, UPDATE) or null
     * @return the change to send, or null when the filter leaves nothing to do
     */
    static RowChange change(TableSchema t, List<Value> before, List<Value> after, String transactionId, long commitMillis) {
        TableEtl etl = TaskEtls.compiled(t);
        boolean beforeIn = before != null && (etl == null || !etl.hasFilter() || etl.matches(before));
        boolean afterIn = after != null && (etl == null || !etl.hasFilter() || etl.matches(after));
        Operation op;
        if (beforeIn && afterIn) {
            op = Operation.UPDATE;
        } else if (afterIn) {
            op = Operation.INSERT;
        } else if (beforeIn) {
            op = Operation.DELETE;
        } else {
            return null;
        }
        RowChange.Builder c = RowChange.newBuilder().setOp(op).setDatabase(t.getDatabase()).setTable(t.getName())
                .setTransactionId(transactionId).setCommitTimestampMs(commitMillis);
        if (beforeIn) {
            c.addAllBefore(etl == null ? before : etl.transform(before));
        }
        if (afterIn) {
            c.addAllAfter(etl == null ? after : etl.transform(after));
        }
        return c.build();
    }
}
