package dev.sluice.capture.binlog;

import dev.sluice.capture.convert.BinlogValueConverter;
import dev.sluice.capture.stream.FatalCaptureException;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Operation;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.TableSchema;
import java.io.Serializable;
import java.util.List;

/** Turns one binlog row image into a {@link RowChange} of the selected columns, by source ordinal. */
final class RowEventDecoder {

    private RowEventDecoder() {
    }

    static RowChange.Builder change(Operation op, TableSchema t, String transactionId, long commitMillis) {
        return RowChange.newBuilder().setOp(op).setDatabase(t.getDatabase()).setTable(t.getName())
                .setTransactionId(transactionId).setCommitTimestampMs(commitMillis);
    }

    static void addImage(RowChange.Builder change, boolean after, Serializable[] row, TableSchema t) {
        List<ColumnSchema> columns = t.getColumnsList();
        for (ColumnSchema c : columns) {
            int i = c.getOrdinal() - 1;
            if (i >= row.length) {
                throw new FatalCaptureException("table " + t.getDatabase() + "." + t.getName() + " has " + row.length
                        + " columns in the binlog but column " + c.getName() + " was at position " + c.getOrdinal()
                        + " when the task started: the table was altered; resynchronize it");
            }
            try {
                if (after) {
                    change.addAfter(BinlogValueConverter.convert(row[i], c));
                } else {
                    change.addBefore(BinlogValueConverter.convert(row[i], c));
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot decode column " + c.getName() + " of " + t.getDatabase() + "." + t.getName()
                        + " from the binlog: " + e.getMessage(), e);
            }
        }
    }
}
