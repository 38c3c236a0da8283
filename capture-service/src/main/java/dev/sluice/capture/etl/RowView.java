package dev.sluice.capture.etl;

import dev.sluice.v1.Value;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One source row as CEL's {@code row}: a read-only map from column name to CEL value. Values are converted
 * when an expression reads them, so columns no expression uses cost nothing.
 */
final class RowView extends AbstractMap<String, Object> {

    private final CelRow shape;
    private final List<Value> values;

    RowView(CelRow shape, List<Value> values) {
        this.shape = shape;
        this.values = values;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String s && shape.indexOf(s) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = key instanceof String s ? shape.indexOf(s) : -1;
        return i < 0 ? null : shape.celValue(i, values.get(i));
    }

    @Override
    public int size() {
        return values.size();
    }

    /** Only for printing and equality; evaluation uses containsKey and get. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.size();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        int i = next++;
                        return Map.entry(shape.columns().get(i).getName(), shape.celValue(i, values.get(i)));
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }
}
