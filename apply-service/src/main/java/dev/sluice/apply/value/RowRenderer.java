package dev.sluice.apply.value;

import dev.sluice.model.PgText;
import dev.sluice.model.UnstorableValueException;
import dev.sluice.model.Values;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a row image's values in PostgreSQL text form for their mapped column types, and names the
 * table, key and column when a value cannot be stored. COPY and DML both write through here.
 */
public final class RowRenderer {

    private RowRenderer() {
    }

    public static String render(TableSchema t, List<Value> row, int column) {
        ColumnSchema c = t.getColumns(column);
        try {
            return PgText.format(row.get(column), c.getTargetType());
        } catch (UnstorableValueException e) {
            throw new UnstorableValueException("cannot store table " + t.getDatabase() + "." + t.getName() + " key " + describeKey(t, row)
                    + " column " + c.getName() + " in " + t.getTargetSchema() + "." + t.getTargetName() + ": " + e.getMessage());
        }
    }

    public static String describeKey(TableSchema t, List<Value> row) {
        List<String> parts = new ArrayList<>();
        for (int i : KeyIndexes.of(t)) {
            parts.add(t.getColumns(i).getName() + "=" + Values.describe(row.get(i)));
        }
        return parts.isEmpty() ? "(no key)" : "(" + String.join(", ", parts) + ")";
    }
}
