package dev.sluice.capture.snapshot;

import dev.sluice.capture.convert.SnapshotValueReader;
import dev.sluice.capture.etl.TableEtl;
import dev.sluice.capture.etl.TaskEtls;
import dev.sluice.capture.source.SourceConnections;
import dev.sluice.capture.stream.BatchSink;
import dev.sluice.capture.stream.StreamSession;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.ChangeBatch;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Operation;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.Subscribe;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads one chunk with a streaming result set (never the whole table in memory) and sends it in
 * batches of at most {@code batchRows} rows or {@link #MAX_BATCH_BYTES} bytes, each waiting for credit.
 */
public final class ChunkReader implements StreamSession.Producer {

    static final long MAX_BATCH_BYTES = 4L << 20;
    private static final int DEFAULT_BATCH_ROWS = 2000;

    private final QueryPacer pacer;

    public ChunkReader(QueryPacer pacer) {
        this.pacer = pacer;
    }

    @Override
    public void run(Subscribe s, BatchSink sink) throws Exception {
        SnapshotChunk chunk = s.getChunk();
        TableSchema t = s.getTablesList().stream()
                .filter(x -> x.getDatabase().equals(chunk.getDatabase()) && x.getName().equals(chunk.getTable()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("chunk of a table not in the subscription: " + chunk.getTable()));
        int batchRows = s.getBatchRows() > 0 ? s.getBatchRows() : DEFAULT_BATCH_ROWS;
        List<ColumnSchema> columns = TaskEtls.readColumns(t);
        TableEtl etl = TaskEtls.compiled(t);
        List<Value> sourceRow = new ArrayList<>(columns.size());
        KeyRange range = new KeyRange(t.getKeyColumnsList());
        if (chunk.getHasLower()) {
            range.above(chunk.getLower());
        }
        if (chunk.getHasUpper()) {
            range.atMost(chunk.getUpper());
        }
        String sql = "SELECT " + columns.stream().map(SnapshotValueReader::selectExpression).collect(Collectors.joining(", "))
                + " FROM " + SqlIdentifiers.maria(t.getDatabase(), t.getName()) + range.where();
        pacer.awaitTurn(s.getTaskId(), s.getSpec().getThrottle().getFull().getSourceQps());
        try (Connection c = SourceConnections.open(s.getSpec().getSource());
             PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(1000);
            range.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                ChangeBatch.Builder batch = newBatch(s, chunk);
                long bytes = 0;
                while (rs.next()) {
                    sourceRow.clear();
                    for (int i = 0; i < columns.size(); i++) {
                        sourceRow.add(SnapshotValueReader.read(rs, i + 1, columns.get(i)));
                    }
                    if (etl != null && etl.hasFilter() && !etl.matches(sourceRow)) {
                        continue;
                    }
                    RowChange built = RowChange.newBuilder().setOp(Operation.SNAPSHOT_ROW).setDatabase(t.getDatabase()).setTable(t.getName())
                            .addAllAfter(etl == null ? sourceRow : etl.transform(sourceRow)).build();
                    bytes += built.getSerializedSize();
                    batch.addChanges(built);
                    if (batch.getChangesCount() >= batchRows || bytes >= MAX_BATCH_BYTES) {
                        if (!sink.send(batch.setBytes(bytes).build())) {
                            return;
                        }
                        batch = newBatch(s, chunk);
                        bytes = 0;
                    }
                }
                sink.send(batch.setBytes(bytes).setChunkComplete(true).build());
            }
        }
    }

    private static ChangeBatch.Builder newBatch(Subscribe s, SnapshotChunk chunk) {
        return ChangeBatch.newBuilder().setTaskId(s.getTaskId()).setChunk(chunk);
    }
}
