package dev.sluice.capture.etl;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.StructType;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL variable {@code row} of one table. For the checker it is a struct type whose fields are the
 * source columns with their CEL types, so {@code row.nope} and {@code row.amount > 'x'} are compile errors
 * with a position. At run time it is a {@link RowView}, a map over the row's values: CEL selects a
 * struct-typed field on a map by key, so no message has to be built per row.
 */
final class CelRow {

    static final String VARIABLE = "row";
    private static final String TYPE_NAME = "sluice.etl.Row";

    private final List<ColumnSchema> columns;
    private final Map<String, Integer> indexes = new HashMap<>();
    private final boolean[] asBool;
    private final StructType type;

    CelRow(List<ColumnSchema> sourceColumns) {
        this.columns = List.copyOf(sourceColumns);
        this.asBool = new boolean[columns.size()];
        Map<String, CelType> fields = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnSchema c = columns.get(i);
            indexes.put(c.getName(), i);
            asBool[i] = CelValues.isBoolean(c);
            fields.put(c.getName(), CelValues.staticType(c));
        }
        this.type = StructType.create(TYPE_NAME, ImmutableSet.copyOf(fields.keySet()), name -> Optional.ofNullable(fields.get(name)));
    }

    StructType type() {
        return type;
    }

    /** Lets the checker resolve the struct's fields. */
    CelTypeProvider typeProvider() {
        return new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return ImmutableList.of(type);
            }

            @Override
            public Optional<CelType> findType(String name) {
                return TYPE_NAME.equals(name) ? Optional.of(type) : Optional.empty();
            }
        };
    }

    List<ColumnSchema> columns() {
        return columns;
    }

    /** @return the position of a source column, -1 if there is none of that name */
    int indexOf(String name) {
        Integer i = indexes.get(name);
        return i == null ? -1 : i;
    }

    Object celValue(int index, Value v) {
        return CelValues.toCel(v, asBool[index]);
    }

    RowView view(List<Value> row) {
        return new RowView(this, row);
    }
}
