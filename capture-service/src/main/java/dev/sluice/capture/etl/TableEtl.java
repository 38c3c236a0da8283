package dev.sluice.capture.etl;

import dev.cel.runtime.CelEvaluationException;
import dev.sluice.model.Values;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A planned table's ETL, compiled once and applied to every row of the full copy and the binlog alike:
 * {@link #matches} decides whether a row is written, {@link #transform} builds the written row. Immutable
 * and thread-safe (chunk readers share it).
 */
public final class TableEtl {

    private final String table;
    private final CelRow row;
    private final CompiledExpression filter;
    /** Per written column: its expression, or null when the source value is copied. */
    private final CompiledExpression[] computed;
    private final TargetType[] types;
    /** Per written column without expression: its position in the source row. */
    private final int[] copiedFrom;
    private final int[] keyPositions;

    private TableEtl(String table, CelRow row, CompiledExpression filter, CompiledExpression[] computed, TargetType[] types,
            int[] copiedFrom, int[] keyPositions) {
        this.table = table;
        this.row = row;
        this.filter = filter;
        this.computed = computed;
        this.types = types;
        this.copiedFrom = copiedFrom;
        this.keyPositions = keyPositions;
    }

    /**
     * @param planned the output of {@link EtlPlanner#plan}
     * @throws EtlException when an expression does not compile (the planner already refused such tasks)
     */
    public static TableEtl compile(TableSchema planned) throws EtlException {
        String table = planned.getDatabase() + "." + planned.getName();
        List<ColumnSchema> source = planned.getSourceColumnsCount() > 0 ? planned.getSourceColumnsList() : planned.getColumnsList();
        CelRow row = new CelRow(source);
        ExpressionCompiler compiler = new ExpressionCompiler(table, row);
        List<String> problems = new ArrayList<>();

        String filterText = planned.getEtl().getFilter();
        CompiledExpression filter = filterText.isBlank() ? null : compiler.filter(filterText, problems).orElse(null);

        int n = planned.getColumnsCount();
        CompiledExpression[] computed = new CompiledExpression[n];
        TargetType[] types = new TargetType[n];
        int[] copiedFrom = new int[n];
        for (int i = 0; i < n; i++) {
            ColumnSchema c = planned.getColumns(i);
            copiedFrom[i] = -1;
            if (!c.getExpression().isEmpty()) {
                TargetType type = TargetType.parse(c.getTargetType()).orElse(null);
                if (type == null) {
                    problems.add(table + ": set " + c.getTargetName() + ": unsupported type " + c.getTargetType());
                    continue;
                }
                types[i] = type;
                computed[i] = compiler.column(c.getTargetName(), c.getExpression(), type, problems).orElse(null);
            } else {
                copiedFrom[i] = row.indexOf(c.getName());
                if (copiedFrom[i] < 0) {
                    problems.add(table + ": column " + c.getName() + " is written but not read from the source");
                }
            }
        }
        int[] keys = planned.getKeyColumnsList().stream().mapToInt(row::indexOf).filter(i -> i >= 0).toArray();
        if (!problems.isEmpty()) {
            throw new EtlException(problems);
        }
        return new TableEtl(table, row, filter, computed, types, copiedFrom, keys);
    }

    public boolean hasFilter() {
        return filter != null;
    }

    /**
     * @param sourceRow positional per the planned table's source columns; NULL and zero dates are CEL null
     * @return whether the filter is true for the row (true without filter; a NULL result does not match)
     */
    public boolean matches(List<Value> sourceRow) throws EtlEvaluationException {
        if (filter == null) {
            return true;
        }
        Object result = evaluate(filter, row.view(checked(sourceRow)), sourceRow);
        if (result instanceof Boolean b) {
            return b;
        }
        if (TargetType.isNull(result)) {
            return false;
        }
        throw failure(filter, sourceRow, "the filter returned " + TargetType.runtimeName(result) + ", not bool", null);
    }

    /** @return the written row, positional per the planned columns: source values copied, computed ones evaluated */
    public List<Value> transform(List<Value> sourceRow) throws EtlEvaluationException {
        RowView view = row.view(checked(sourceRow));
        Value[] out = new Value[computed.length];
        for (int i = 0; i < out.length; i++) {
            CompiledExpression e = computed[i];
            if (e == null) {
                out[i] = sourceRow.get(copiedFrom[i]);
                continue;
            }
            Object result = evaluate(e, view, sourceRow);
            try {
                out[i] = types[i].toValue(result);
            } catch (IllegalArgumentException | ArithmeticException x) {
                throw failure(e, sourceRow, x.getMessage(), x);
            }
        }
        return Arrays.asList(out);
    }

    private Object evaluate(CompiledExpression e, RowView view, List<Value> sourceRow) {
        try {
            return e.eval(view);
        } catch (CelEvaluationException x) {
            throw failure(e, sourceRow, e.runtimeMessage(x) + nullHint(e, sourceRow), x);
        } catch (RuntimeException x) {
            throw failure(e, sourceRow, String.valueOf(x.getMessage()), x);
        }
    }

    private List<Value> checked(List<Value> sourceRow) {
        if (sourceRow.size() != row.columns().size()) {
            throw new IllegalArgumentException(table + ": a row of " + sourceRow.size() + " values for " + row.columns().size()
                    + " source columns");
        }
        return sourceRow;
    }

    private EtlEvaluationException failure(CompiledExpression e, List<Value> sourceRow, String why, Throwable cause) {
        return new EtlEvaluationException(table + " " + key(sourceRow) + ": " + e.describe() + ": " + why, cause);
    }

    /** {@code key id=5} / {@code key (a=1, b='x')}, the way changes are named everywhere else. */
    private String key(List<Value> sourceRow) {
        if (keyPositions.length == 0) {
            return "(no key)";
        }
        StringBuilder sb = new StringBuilder("key ");
        if (keyPositions.length > 1) {
            sb.append('(');
        }
        for (int k = 0; k < keyPositions.length; k++) {
            int i = keyPositions[k];
            sb.append(k > 0 ? ", " : "").append(row.columns().get(i).getName()).append('=').append(Values.describe(sourceRow.get(i)));
        }
        return keyPositions.length > 1 ? sb.append(')').toString() : sb.toString();
    }

    /**
     * Most runtime errors on real data are a function applied to a NULL column: say which, and how to guard
     * it (CEL's checker refuses {@code x == null ? null : f(x)}, whose branches differ in type; dyn(null) fits any).
     */
    private String nullHint(CompiledExpression e, List<Value> sourceRow) {
        List<String> nulls = new ArrayList<>();
        for (int i : e.readColumns()) {
            if (Values.isNullInTarget(sourceRow.get(i))) {
                nulls.add("row." + row.columns().get(i).getName());
            }
        }
        if (nulls.isEmpty()) {
            return "";
        }
        String first = nulls.get(0);
        String text = e.text().length() <= 120 && e.text().indexOf('\n') < 0 ? e.text() : "<expression>";
        String guarded = e == filter ? first + " != null && (" + text + ")" : first + " == null ? dyn(null) : " + text;
        return " (" + String.join(", ", nulls) + (nulls.size() > 1 ? " are" : " is") + " NULL in this row; guard it, e.g. " + guarded + ")";
    }
}
