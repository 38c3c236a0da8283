package dev.sluice.apply.verify;

import dev.sluice.apply.dml.ChangeApplier;
import dev.sluice.apply.target.TargetConnections;
import dev.sluice.apply.value.KeyIndexes;
import dev.sluice.apply.value.RowRenderer;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.Values;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.Operation;
import dev.sluice.v1.ReadRowsRequest;
import dev.sluice.v1.ReadRowsResponse;
import dev.sluice.v1.RepairRequest;
import dev.sluice.v1.RepairResponse;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RepairRows: re-copies some keys from the source in one destination transaction: the rows the source
 * has are upserted, the requested keys it has not (or its ETL filter drops) are deleted, with the same
 * statements (and cascade rules) incremental sync uses.
 *
 * <p>The table is locked against other writers (SHARE ROW EXCLUSIVE; readers go on) before the source
 * is read, and until the commit. Otherwise incremental sync could write a newer image of a key between
 * our source read and our commit, and we would put the older one back; with the lock, any change it
 * applies to these keys comes after ours and is at least as new.
 */
final class RowRepair {

    /** How long to wait for the lock (incremental sync holds its table locks until its next commit). */
    static final String LOCK_TIMEOUT = "30s";

    /** Where the current source rows come from (capture's ReadRows). */
    @FunctionalInterface
    interface SourceRows {
        ReadRowsResponse read(ReadRowsRequest request);
    }

    private RowRepair() {
    }

    static RepairResponse repair(RepairRequest r, SourceRows source) throws SQLException {
        TableSchema t = r.getTable();
        VerifiedTarget target = new VerifiedTarget(t);
        target.requireKeyed();
        try (Connection pg = TargetConnections.open(r.getSpec().getDestination(), "repair")) {
            pg.setAutoCommit(false);
            try {
                try (Statement st = pg.createStatement()) {
                    st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                    st.execute("LOCK TABLE " + SqlIdentifiers.pg(t.getTargetSchema(), t.getTargetName()) + " IN SHARE ROW EXCLUSIVE MODE");
                }
                ReadRowsResponse rows = source.read(ReadRowsRequest.newBuilder().setTaskId(r.getTaskId()).setSpec(r.getSpec())
                        .setTable(t).addAllKeys(r.getKeysList()).build());
                Set<List<String>> present = new HashSet<>();
                for (RowChange row : rows.getRowsList()) {
                    present.add(renderedKey(t, row.getAfterList()));
                }
                List<RowChange> changes = new ArrayList<>();
                Set<List<String>> deleted = new HashSet<>();
                for (KeyTuple k : r.getKeysList()) {
                    List<Value> image = keyImage(t, k);
                    List<String> rendered = renderedKey(t, image);
                    if (!present.contains(rendered) && deleted.add(rendered)) {
                        changes.add(RowChange.newBuilder().setOp(Operation.DELETE).setDatabase(t.getDatabase()).setTable(t.getName())
                                .addAllBefore(image).build());
                    }
                }
                // Deletes first: a key the source spells differently (a case-insensitive collation) goes, then its new spelling comes.
                changes.addAll(rows.getRowsList());
                new ChangeApplier(pg, List.of(t)).apply(changes);
                pg.commit();
                return RepairResponse.newBuilder().setUpserted(rows.getRowsCount()).setDeleted(deleted.size()).build();
            } catch (SQLException | RuntimeException e) {
                pg.rollback();
                throw e;
            }
        }
    }

    /** A row image holding only the key (what a delete by key reads); the other columns NULL. */
    private static List<Value> keyImage(TableSchema t, KeyTuple k) {
        int[] idx = KeyIndexes.of(t);
        if (k.getValuesCount() != idx.length) {
            throw new IllegalArgumentException("a key of " + k.getValuesCount() + " values for the " + idx.length + " key columns "
                    + t.getKeyColumnsList() + " of " + t.getDatabase() + "." + t.getName());
        }
        List<Value> image = new ArrayList<>(java.util.Collections.nCopies(t.getColumnsCount(), Values.NULL));
        for (int i = 0; i < idx.length; i++) {
            image.set(idx[i], k.getValues(i));
        }
        return image;
    }

    /** Keys compare as PostgreSQL sees them: their text for the key columns' target types. */
    private static List<String> renderedKey(TableSchema t, List<Value> row) {
        List<String> out = new ArrayList<>();
        for (int i : KeyIndexes.of(t)) {
            out.add(RowRenderer.render(t, row, i));
        }
        return out;
    }
}
