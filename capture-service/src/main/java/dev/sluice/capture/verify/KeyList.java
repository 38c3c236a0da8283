package dev.sluice.capture.verify;

import dev.sluice.capture.snapshot.SourceParams;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.KeyTuple;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The WHERE clause selecting explicit keys: {@code k IN (?, ...)} for one key column, OR-ed equalities
 * for several (MariaDB's range optimizer turns both into index lookups). Keys are bound with
 * {@link SourceParams}, in key_columns order, so they compare the way MariaDB compares its keys.
 */
final class KeyList {

    /** Keys per statement: enough to amortize a round trip, few enough for a small statement. */
    static final int BATCH = 500;

    private KeyList() {
    }

    static String where(List<String> keyColumns, int keys) {
        if (keyColumns.size() == 1) {
            return " WHERE " + SqlIdentifiers.maria(keyColumns.get(0)) + " IN (" + String.join(", ", Collections.nCopies(keys, "?")) + ")";
        }
        List<String> parts = new ArrayList<>();
        for (String k : keyColumns) {
            parts.add(SqlIdentifiers.maria(k) + " = ?");
        }
        String one = "(" + String.join(" AND ", parts) + ")";
        return " WHERE " + String.join(" OR ", Collections.nCopies(keys, one));
    }

    /** Binds the keys from parameter {@code index}; returns the next free index. */
    static int bind(PreparedStatement ps, int index, List<KeyTuple> keys, int keyColumns) throws SQLException {
        for (KeyTuple k : keys) {
            if (k.getValuesCount() != keyColumns) {
                throw new IllegalArgumentException("a key of " + k.getValuesCount() + " values for " + keyColumns + " key columns");
            }
            for (int i = 0; i < keyColumns; i++) {
                SourceParams.bind(ps, index++, k.getValues(i));
            }
        }
        return index;
    }

    /** The keys in statement-sized batches. */
    static List<List<KeyTuple>> batches(List<KeyTuple> keys) {
        List<List<KeyTuple>> out = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            out.add(keys.subList(from, Math.min(keys.size(), from + BATCH)));
        }
        return out;
    }
}
