package dev.sluice.apply.schema;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL DDL for a set of selected tables, from the schema capture read (target names and types
 * already set). Pure: no connection (the names the destination already uses are given);
 * {@link SchemaApplier} runs the result.
 */
public final class DdlPlanner {

    private DdlPlanner() {
    }

    /**
     * @param tables every table of the task (foreign keys are checked against the others' keys)
     * @throws IllegalArgumentException for names PostgreSQL cannot take as they are: empty, longer
     *         than 63 bytes, or two tables / two columns of a table with the same target name
     */
    public static DdlPlan plan(List<TableSchema> tables) {
        return plan(tables, Map.of());
    }

    /**
     * @param taken by schema, the names of relations in the destination that are not the plan's
     *        ({@link SchemaApplier#takenNames}): no key or index planned takes one of them
     */
    public static DdlPlan plan(List<TableSchema> tables, Map<String, Set<String>> taken) {
        validate(tables);
        ObjectNames names = ObjectNames.forTables(tables, taken);
        List<String> warnings = new ArrayList<>();
        List<TableContext> contexts = tables.stream().map(t -> new TableContext(t, names, warnings)).toList();

        Map<TargetTable, List<Set<String>>> keysByTable = new HashMap<>();
        for (TableContext ctx : contexts) {
            List<Set<String>> keys = new ArrayList<>();
            ctx.keys().forEach(k -> keys.add(new HashSet<>(ctx.targetColumns(k.getColumnsList()).orElseThrow())));
            keysByTable.put(ctx.target, keys);
        }

        Set<String> schemas = new LinkedHashSet<>();
        List<TableDdl> out = new ArrayList<>();
        for (TableContext ctx : contexts) {
            schemas.add(ctx.target.schema());
            out.add(new TableDdl(ctx.target, CreateTableDdl.statements(ctx), AfterCopyDdl.statements(ctx),
                    ForeignKeyDdl.statements(ctx, keysByTable)));
        }
        List<DdlStatement> schemaStatements = schemas.stream()
                .map(s -> DdlStatement.schema(s, "CREATE SCHEMA IF NOT EXISTS " + SqlIdentifiers.pg(s))).toList();
        return new DdlPlan(schemaStatements, out, warnings);
    }

    private static void validate(List<TableSchema> tables) {
        Set<TargetTable> seen = new HashSet<>();
        for (TableSchema t : tables) {
            String source = t.getDatabase() + "." + t.getName();
            ObjectNames.requireFits("target schema of " + source, nonEmpty(t.getTargetSchema(), "target schema of " + source));
            ObjectNames.requireFits("target table of " + source, nonEmpty(t.getTargetName(), "target table of " + source));
            if (!seen.add(TargetTable.of(t))) {
                throw new IllegalArgumentException("two selected tables map to " + TargetTable.of(t) + " (rename one in the task file)");
            }
            if (t.getColumnsCount() == 0) {
                throw new IllegalArgumentException(source + ": no columns selected");
            }
            Set<String> columns = new HashSet<>();
            for (ColumnSchema c : t.getColumnsList()) {
                String what = "target column of " + source + "." + c.getName();
                ObjectNames.requireFits(what, nonEmpty(c.getTargetName(), what));
                nonEmpty(c.getTargetType(), "target type of " + source + "." + c.getName());
                if (!columns.add(c.getTargetName())) {
                    throw new IllegalArgumentException(source + ": two columns map to " + c.getTargetName() + " (rename one in the task file)");
                }
            }
        }
    }

    private static String nonEmpty(String value, String what) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return value;
    }
}
