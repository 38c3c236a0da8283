package dev.sluice.apply.value;

import dev.sluice.v1.TableSchema;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Positions of a table's key columns in its row images (cached: asked for every row). */
public final class KeyIndexes {

    private static final Map<TableSchema, int[]> CACHE = new ConcurrentHashMap<>();

    private KeyIndexes() {
    }

    public static int[] of(TableSchema t) {
        return CACHE.computeIfAbsent(t, KeyIndexes::compute);
    }

    private static int[] compute(TableSchema t) {
        int[] out = new int[t.getKeyColumnsCount()];
        for (int k = 0; k < out.length; k++) {
            String name = t.getKeyColumns(k);
            out[k] = -1;
            for (int i = 0; i < t.getColumnsCount(); i++) {
                if (t.getColumns(i).getName().equals(name)) {
                    out[k] = i;
                }
            }
            if (out[k] < 0) {
                throw new IllegalArgumentException("key column " + name + " of " + t.getDatabase() + "." + t.getName() + " is not selected");
            }
        }
        return out;
    }
}
