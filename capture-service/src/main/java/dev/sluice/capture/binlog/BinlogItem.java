package dev.sluice.capture.binlog;

import dev.sluice.v1.RowChange;
import dev.sluice.v1.SourcePosition;

/** What the binlog thread hands to the batcher, in binlog order. */
sealed interface BinlogItem {

    record Change(RowChange change) implements BinlogItem {
    }

    /** A source transaction committed; {@code position} is where to resume after it. */
    record TransactionEnd(SourcePosition position) implements BinlogItem {
    }

    /** The source had nothing more to send: everything before this point has been handed over. */
    record Idle(SourcePosition position) implements BinlogItem {
    }

    record Failure(Exception error) implements BinlogItem {
    }
}
