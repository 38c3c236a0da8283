package dev.sluice.apply.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The PostgreSQL DDL for a set of tables, from {@link DdlPlanner}.
 *
 * @param schemas CREATE SCHEMA IF NOT EXISTS, one per target schema, first-use order
 * @param tables per table, in the order of the planner's input
 * @param warnings what could not be carried over (defaults, indexes, checks, foreign keys), each naming
 *        the source table, column or object and what was dropped
 */
public record DdlPlan(List<DdlStatement> schemas, List<TableDdl> tables, List<String> warnings) {

    public DdlPlan {
        schemas = List.copyOf(schemas);
        tables = List.copyOf(tables);
        warnings = List.copyOf(warnings);
    }

    /** Schemas, then tables with their columns, defaults, primary and unique keys, ENUM checks and comments. */
    public List<DdlStatement> beforeCopy() {
        List<DdlStatement> out = new ArrayList<>(schemas);
        tables.forEach(t -> out.addAll(t.beforeCopy()));
        return out;
    }

    /** Secondary indexes and CHECK constraints of every table, then the foreign keys of every table. */
    public List<DdlStatement> afterCopy() {
        List<DdlStatement> out = new ArrayList<>();
        tables.forEach(t -> out.addAll(t.afterCopy()));
        tables.forEach(t -> out.addAll(t.foreignKeys()));
        return out;
    }

    public List<TargetTable> targetTables() {
        return tables.stream().map(TableDdl::table).toList();
    }

    /** The same plan restricted to some of its tables (conflictingTables=ignore: the ones actually created). */
    public DdlPlan only(Collection<TargetTable> keep) {
        Set<TargetTable> set = new HashSet<>(keep);
        return new DdlPlan(schemas, tables.stream().filter(t -> set.contains(t.table())).toList(), warnings);
    }
}
