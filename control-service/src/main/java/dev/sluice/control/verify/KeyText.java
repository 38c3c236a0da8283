package dev.sluice.control.verify;

import dev.sluice.model.Values;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.TableSchema;
import java.util.ArrayList;
import java.util.List;

/** A key as people read it in a report: (id=7) or (order=1, line=2). */
final class KeyText {

    private KeyText() {
    }

    static String of(TableSchema t, KeyTuple key) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < key.getValuesCount() && i < t.getKeyColumnsCount(); i++) {
            parts.add(t.getKeyColumns(i) + "=" + Values.describe(key.getValues(i)));
        }
        return "(" + String.join(", ", parts) + ")";
    }
}
