package dev.sluice.control.verify;

import dev.sluice.model.VerifySql;
import dev.sluice.v1.ApplyServiceGrpc;
import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.ChecksumRequest;
import dev.sluice.v1.ChecksumResponse;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.PlanRangeRequest;
import dev.sluice.v1.PlanSnapshotRequest;
import dev.sluice.v1.RangeChecksum;
import dev.sluice.v1.RepairRequest;
import dev.sluice.v1.RowHash;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import dev.sluice.v1.SnapshotChunk;

import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TableVerification;
import dev.sluice.v1.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Verifies one table while its task runs. Each range is hashed on the source inside a consistent
 * snapshot, whose binlog position is noted; the destination is hashed once the task's checkpoint has
 * passed that position. Ranges that differ are split until rows can be compared by key; a key is
 * reported only if it still differs when checked again (a row changing under the workload is not a
 * difference). Rows never cross the network: hashes are computed in SQL, except that capture-service
 * reads the rows of tables with JSON or ETL to render their source tokens and apply the filter.
 */
final class TableVerifier {

    static final int MAX_KEYS = 100;
    static final long CHUNK_ROWS = 50_000;
    static final long LEAF_ROWS = 2_000;
    static final int RECHECKS = 4;
    static final int WAIT_SECONDS = 120;

    private final String taskId;
    private final TaskSpec spec;
    private final TableSchema table;
    private final CaptureServiceGrpc.CaptureServiceBlockingStub capture;
    private final ApplyServiceGrpc.ApplyServiceBlockingStub apply;
    private final Set<KeyTuple> differing = new LinkedHashSet<>();
    private long sourceRows;
    private long targetRows;

    TableVerifier(String taskId, TaskSpec spec, TableSchema table, CaptureServiceGrpc.CaptureServiceBlockingStub capture,
            ApplyServiceGrpc.ApplyServiceBlockingStub apply) {
        this.taskId = taskId;
        this.spec = spec;
        this.table = table;
        this.capture = capture.withDeadlineAfter(1, TimeUnit.HOURS);
        this.apply = apply.withDeadlineAfter(1, TimeUnit.HOURS);
    }

    TableVerification run(String mode, boolean repair) {
        TableVerification.Builder out = TableVerification.newBuilder().setTable(table.getDatabase() + "." + table.getName())
                .setTarget(table.getTargetSchema() + "." + table.getTargetName());
        String notCompared = table.getColumnsList().stream().filter(c -> !VerifySql.hashable(c))
                .map(c -> c.getTargetName() + " (" + VerifySql.whyNotHashable(c) + ")").collect(java.util.stream.Collectors.joining("; "));
        // Text, ENUM, SET and UUID keys sort differently in MariaDB and PostgreSQL: the same bounded range
        // would hold different rows on each side, so such tables are compared as one open range.
        boolean ranged = VerifySql.rangesComparable(table);
        List<SnapshotChunk> ranges = ranged ? capture.planSnapshot(PlanSnapshotRequest.newBuilder().setTaskId(taskId).setSpec(spec)
                .setTable(table).setChunkRows(CHUNK_ROWS).build()).getChunksList()
                : List.of(SnapshotChunk.newBuilder().setDatabase(table.getDatabase()).setTable(table.getName()).build());
        Compared whole = compare(ranges);
        sourceRows = whole.sourceRows;
        targetRows = whole.targetRows;
        if (mode.equals("count")) {
            boolean equal = sourceRows == targetRows;
            return out.setEqual(equal).setSourceRows(sourceRows).setTargetRows(targetRows)
                    .setDifferences(Math.abs(sourceRows - targetRows)).setNote("counted only").build();
        }
        if (table.getKeyColumnsCount() == 0) {
            boolean equal = whole.differing.isEmpty();
            return out.setEqual(equal).setSourceRows(sourceRows).setTargetRows(targetRows)
                    .setNote(withNotCompared("no key: compared as a whole, differing rows cannot be named", notCompared)).build();
        }
        List<SnapshotChunk> suspects = mode.equals("rows") ? ranges : whole.differing;
        for (SnapshotChunk r : suspects) {
            descend(r, mode.equals("rows"));
        }
        Set<String> columns = new LinkedHashSet<>();
        List<KeyTuple> confirmed = confirm(new ArrayList<>(differing), columns);
        int repaired = 0;
        if (repair && !confirmed.isEmpty()) {
            apply.repairRows(RepairRequest.newBuilder().setTaskId(taskId).setSpec(spec).setTable(table).addAllKeys(confirmed).build());
            List<KeyTuple> still = confirm(confirmed, new LinkedHashSet<>());
            repaired = confirmed.size() - still.size();
            confirmed = still;
        }
        out.setEqual(confirmed.isEmpty()).setSourceRows(sourceRows).setTargetRows(targetRows).setDifferences(confirmed.size())
                .setRepaired(repaired).addAllDifferingColumns(columns).setNote(withNotCompared("", notCompared));
        confirmed.stream().limit(MAX_KEYS).forEach(k -> out.addDifferingKeys(KeyText.of(table, k)));
        return out.build();
    }

    private static String withNotCompared(String note, String notCompared) {
        if (notCompared.isEmpty()) {
            return note;
        }
        return (note.isEmpty() ? "" : note + "; ") + "values not compared: " + notCompared;
    }

    private record Compared(List<SnapshotChunk> differing, long sourceRows, long targetRows, Map<SnapshotChunk, Long> rows) {
    }

    /** Hashes ranges on both sides at one source point and returns those that differ. */
    private Compared compare(List<SnapshotChunk> ranges) {
        ChecksumResponse source = capture.checksumRanges(ChecksumRequest.newBuilder().setTaskId(taskId).setSpec(spec).setTable(table)
                .addAllRanges(ranges).build());
        ChecksumResponse target = retried(() -> apply.checksumRanges(ChecksumRequest.newBuilder().setTaskId(taskId).setSpec(spec).setTable(table)
                .addAllRanges(ranges).setAtLeast(source.getPosition()).setWaitSeconds(WAIT_SECONDS).build()));
        List<SnapshotChunk> differ = new ArrayList<>();
        Map<SnapshotChunk, Long> rows = new LinkedHashMap<>();
        long s = 0;
        long t = 0;
        for (int i = 0; i < source.getRangesCount(); i++) {
            RangeChecksum a = source.getRanges(i);
            RangeChecksum b = target.getRanges(i);
            s += a.getRows();
            t += b.getRows();
            rows.put(ranges.get(i), Math.max(a.getRows(), b.getRows()));
            if (a.getRows() != b.getRows() || !a.getHash().equals(b.getHash())) {
                differ.add(ranges.get(i));
            }
        }
        return new Compared(differ, s, t, rows);
    }

    /** Splits a differing range until it is small enough to compare key by key. */
    private void descend(SnapshotChunk range, boolean everyRow) {
        if (!VerifySql.rangesComparable(table)) {
            leaf(range);
            return;
        }
        Compared again = compare(List.of(range));
        if (again.differing.isEmpty() && !everyRow) {
            return;
        }
        long rows = again.rows.values().stream().mapToLong(Long::longValue).sum();
        if (rows <= LEAF_ROWS) {
            leaf(range);
            return;
        }
        List<SnapshotChunk> parts = capture.planRange(PlanRangeRequest.newBuilder().setTaskId(taskId).setSpec(spec).setTable(table)
                .setRange(range).setChunkRows(Math.max(LEAF_ROWS, rows / 8)).build()).getChunksList();
        if (parts.size() <= 1) {
            leaf(range);
            return;
        }
        Compared split = compare(parts);
        for (SnapshotChunk p : everyRow ? parts : split.differing) {
            descend(p, everyRow);
        }
    }

    private void leaf(SnapshotChunk range) {
        RowHashResponse source = capture.rowHashes(RowHashRequest.newBuilder().setTaskId(taskId).setSpec(spec).setTable(table).setRange(range).build());
        RowHashResponse target = retried(() -> apply.rowHashes(RowHashRequest.newBuilder().setTaskId(taskId).setSpec(spec).setTable(table).setRange(range)
                .setAtLeast(source.getPosition()).setWaitSeconds(WAIT_SECONDS).build()));
        differing.addAll(diff(source.getRowsList(), target.getRowsList()));
    }

    /**
     * Re-checks keys at fresh source points: a key that differs every time is a real difference.
     * Collects the names of the columns that differ.
     */
    private List<KeyTuple> confirm(List<KeyTuple> keys, Set<String> columns) {
        List<KeyTuple> remaining = keys;
        for (int attempt = 0; attempt < RECHECKS && !remaining.isEmpty(); attempt++) {
            boolean last = attempt == RECHECKS - 1;
            RowHashResponse source = capture.rowHashes(RowHashRequest.newBuilder().setTaskId(taskId).setSpec(spec).setTable(table)
                    .addAllKeys(remaining).setPerColumn(last).build());
            List<KeyTuple> asked = remaining;
            RowHashResponse target = retried(() -> apply.rowHashes(RowHashRequest.newBuilder().setTaskId(taskId).setSpec(spec).setTable(table)
                    .addAllKeys(asked).setPerColumn(last).setAtLeast(source.getPosition()).setWaitSeconds(WAIT_SECONDS).build()));
            remaining = new ArrayList<>(diff(source.getRowsList(), target.getRowsList()));
            if (last) {
                columns.addAll(differingColumns(source.getRowsList(), target.getRowsList(), remaining));
            }
        }
        return remaining;
    }

    /**
     * The destination may not reach a source position yet (an idle task's checkpoint moves about once a
     * second); that is a reason to ask again, not a difference.
     */
    private static <T> T retried(java.util.function.Supplier<T> call) {
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (io.grpc.StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.FAILED_PRECONDITION || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private static Set<KeyTuple> diff(List<RowHash> source, List<RowHash> target) {
        Map<KeyTuple, String> a = new LinkedHashMap<>();
        source.forEach(r -> a.put(r.getKey(), r.getHash()));
        Map<KeyTuple, String> b = new LinkedHashMap<>();
        target.forEach(r -> b.put(r.getKey(), r.getHash()));
        Set<KeyTuple> out = new LinkedHashSet<>();
        a.forEach((k, h) -> {
            if (!h.equals(b.get(k))) {
                out.add(k);
            }
        });
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(out::add);
        return out;
    }

    private Set<String> differingColumns(List<RowHash> source, List<RowHash> target, List<KeyTuple> keys) {
        Map<KeyTuple, RowHash> a = new LinkedHashMap<>();
        source.forEach(r -> a.put(r.getKey(), r));
        Map<KeyTuple, RowHash> b = new LinkedHashMap<>();
        target.forEach(r -> b.put(r.getKey(), r));
        Set<String> out = new LinkedHashSet<>();
        for (KeyTuple k : keys) {
            RowHash x = a.get(k);
            RowHash y = b.get(k);
            if (x == null || y == null) {
                continue;
            }
            for (int i = 0; i < table.getColumnsCount() && i < x.getColumnHashesCount() && i < y.getColumnHashesCount(); i++) {
                if (!x.getColumnHashes(i).equals(y.getColumnHashes(i))) {
                    out.add(table.getColumns(i).getTargetName());
                }
            }
        }
        return out;
    }

}
