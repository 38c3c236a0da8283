package dev.sluice.capture.snapshot;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.TableSchema;
import java.util.ArrayList;
import java.util.List;

/** Lookups on a {@link TableSchema} that snapshot reading needs: the key columns' schemas and positions. */
public final class TableColumns {

    private TableColumns() {
    }

    public static List<ColumnSchema> keyColumns(TableSchema t) {
        List<ColumnSchema> out = new ArrayList<>();
        for (String k : t.getKeyColumnsList()) {
            out.add(t.getColumnsList().stream().filter(c -> c.getName().equals(k)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("key column " + k + " of " + t.getDatabase() + "." + t.getName()
                            + " is not among the selected columns")));
        }
        return out;
    }
}
