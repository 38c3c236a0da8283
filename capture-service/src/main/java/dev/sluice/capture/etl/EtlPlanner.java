package dev.sluice.capture.etl;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Etl;
import dev.sluice.v1.EtlColumn;
import dev.sluice.v1.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies a table's ETL to its schema: which columns are written (source columns minus {@code drop}, with
 * {@code set} columns replaced or appended) and which are read (all selected source columns, since any
 * expression may use any of them). Every expression is type-checked here, so a task with a broken one is
 * refused when it is created, with all its problems at once.
 */
public final class EtlPlanner {

    /** A computed column's data_type: it has no MariaDB type. */
    public static final String COMPUTED_DATA_TYPE = "etl";
    private static final String DEFAULT_TYPE = "text";
    private static final int PG_MAX_IDENTIFIER_BYTES = 63;
    private static final String SUPPORTED_TYPES = "text, varchar(n), char(n), uuid, inet, json, jsonb, smallint, integer, bigint, "
            + "numeric(p,s), real, double precision, boolean, bytea, bit(n), timestamp(p), timestamp(p) with time zone, date, interval";

    private EtlPlanner() {
    }

    /**
     * @param table the table as capture read it (source columns, target names from renames)
     * @return the table as written: columns = source columns minus {@code drop}, {@code set} columns replaced in
     *     place (same position and type, expression set, nullable) or appended in name order (ordinal 0, data_type
     *     "etl", the declared type or text, nullable); source_columns = every selected source column; etl = the Etl.
     *     Without ETL, the table unchanged.
     * @throws EtlException listing every problem
     */
    public static TableSchema plan(TableSchema table, Etl etl) throws EtlException {
        if (etl == null || etl.equals(Etl.getDefaultInstance())) {
            return table;
        }
        return new Plan(table, etl).build();
    }

    /** One planning run: collects problems instead of stopping at the first. */
    private static final class Plan {

        private final TableSchema table;
        private final Etl etl;
        private final String where;
        private final List<ColumnSchema> source;
        private final Set<String> keys;
        private final List<String> problems = new ArrayList<>();
        private final Set<String> dropped = new HashSet<>();
        private final List<ColumnSchema> written = new ArrayList<>();
        private final Map<String, Integer> writtenByTarget = new HashMap<>();
        private final List<ColumnSchema> appended = new ArrayList<>();
        private final ExpressionCompiler compiler;

        Plan(TableSchema table, Etl etl) {
            this.table = table;
            this.etl = etl;
            this.where = table.getDatabase() + "." + table.getName();
            // Planning an already planned table starts again from what capture reads.
            this.source = table.getSourceColumnsCount() > 0 ? table.getSourceColumnsList() : table.getColumnsList();
            this.keys = new HashSet<>(table.getKeyColumnsList());
            this.compiler = new ExpressionCompiler(where, new CelRow(source));
        }

        TableSchema build() {
            drops();
            for (ColumnSchema c : source) {
                if (!dropped.contains(c.getName())) {
                    writtenByTarget.put(c.getTargetName(), written.size());
                    written.add(c);
                }
            }
            if (!etl.getFilter().isBlank()) {
                compiler.filter(etl.getFilter(), problems);
            }
            // Name order, because the task's map order does not survive storage (jsonb) and the plan must be stable.
            new TreeMap<>(etl.getSetMap()).forEach(this::set);
            if (written.isEmpty() && appended.isEmpty()) {
                problems.add(where + ": drop: every column is dropped, nothing would be written");
            }
            if (!problems.isEmpty()) {
                throw new EtlException(problems);
            }
            return table.toBuilder()
                    .clearColumns().addAllColumns(written).addAllColumns(appended)
                    .clearSourceColumns().addAllSourceColumns(source)
                    .setEtl(etl)
                    .build();
        }

        private void drops() {
            for (String name : etl.getDropList()) {
                Optional<ColumnSchema> c = sourceColumn(name);
                if (c.isEmpty()) {
                    problems.add(where + ": drop " + name + ": no such column (or it is not selected)");
                } else if (keys.contains(name)) {
                    problems.add(where + ": drop " + name + ": it is part of the row key " + table.getKeyColumnsList()
                            + ", which every written row needs");
                } else {
                    dropped.add(name);
                }
            }
        }

        private void set(String name, EtlColumn column) {
            String label = "set " + name;
            if (!usableName(name, label)) {
                return;
            }
            Integer position = writtenByTarget.get(name);
            if (position != null) {
                replace(position, name, column);
                return;
            }
            Optional<ColumnSchema> droppedSame = source.stream()
                    .filter(c -> dropped.contains(c.getName()) && c.getTargetName().equals(name)).findFirst();
            if (droppedSame.isPresent()) {
                problems.add(where + ": " + label + ": column " + droppedSame.get().getName()
                        + " is dropped and written as " + name + " at once; remove it from drop to replace it");
                return;
            }
            Optional<ColumnSchema> renamed = sourceColumn(name).filter(c -> !c.getTargetName().equals(name));
            if (renamed.isPresent()) {
                problems.add(where + ": " + label + ": column " + name + " is written as " + renamed.get().getTargetName()
                        + " (renameColumns); set " + renamed.get().getTargetName() + " to replace it, or choose another name");
                return;
            }
            String declared = column.getType().isBlank() ? DEFAULT_TYPE : column.getType();
            Optional<TargetType> type = TargetType.parse(declared);
            if (type.isEmpty()) {
                problems.add(where + ": " + label + ": unknown or unsupported type " + declared + " (computed columns can be "
                        + SUPPORTED_TYPES + ")");
                return;
            }
            compiler.column(name, column.getExpr(), type.get(), problems).ifPresent(e -> appended.add(ColumnSchema.newBuilder()
                    .setName(name)
                    .setTargetName(name)
                    .setOrdinal(0)
                    .setDataType(COMPUTED_DATA_TYPE)
                    .setColumnType(type.get().sql())
                    .setTargetType(type.get().sql())
                    .setNullable(true)
                    .setTargetNullable(true)
                    .setExpression(column.getExpr())
                    .build()));
        }

        /** A replaced column keeps its place and type; it may become NULL now (the expression decides). */
        private void replace(int position, String name, EtlColumn column) {
            String label = "set " + name;
            ColumnSchema existing = written.get(position);
            if (keys.contains(existing.getName())) {
                problems.add(where + ": " + label + ": column " + existing.getName() + " is part of the row key "
                        + table.getKeyColumnsList() + ", which cannot be computed (changes are matched on it)");
                return;
            }
            Optional<TargetType> type = TargetType.parse(existing.getTargetType());
            if (type.isEmpty()) {
                problems.add(where + ": " + label + ": column " + name + " is " + existing.getTargetType()
                        + ", which an expression cannot compute (computed columns can be " + SUPPORTED_TYPES + ")");
                return;
            }
            if (!column.getType().isBlank()) {
                Optional<TargetType> declared = TargetType.parse(column.getType());
                if (declared.isEmpty() || !declared.get().sql().equals(type.get().sql())) {
                    problems.add(where + ": " + label + ": replaces column " + name + " of type " + existing.getTargetType()
                            + ", and a replaced column keeps its type; remove type " + column.getType()
                            + " or write a new column under another name");
                    return;
                }
            }
            compiler.column(name, column.getExpr(), type.get(), problems).ifPresent(e -> written.set(position,
                    existing.toBuilder().setExpression(column.getExpr()).setTargetNullable(true).build()));
        }

        private boolean usableName(String name, String label) {
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                problems.add(where + ": " + label + ": not a usable column name");
                return false;
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > PG_MAX_IDENTIFIER_BYTES) {
                problems.add(where + ": " + label + ": the name is longer than PostgreSQL's " + PG_MAX_IDENTIFIER_BYTES + " bytes");
                return false;
            }
            return true;
        }

        private Optional<ColumnSchema> sourceColumn(String name) {
            return source.stream().filter(c -> c.getName().equals(name)).findFirst();
        }
    }
}
