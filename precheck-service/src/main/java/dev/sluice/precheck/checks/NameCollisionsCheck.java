package dev.sluice.precheck.checks;

import dev.sluice.precheck.objects.SelectedColumn;
import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.precheck.objects.SelectedTable;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PostgreSQL names the mapping produces can all be created: no two source tables become one target
 * table (Sluice does not merge tables), no two columns of a table one column, and no name is one PostgreSQL
 * reserves (system columns such as xmin; schema names starting with pg_).
 */
final class NameCollisionsCheck extends ObjectsCheck {

    /** PostgreSQL refuses user columns of these names: "column name ... conflicts with a system column name". */
    static final Set<String> SYSTEM_COLUMNS = Set.of("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid");

    @Override
    public String id() {
        return "objects.name_collisions";
    }

    @Override
    public String title() {
        return "Mapped names are unique and allowed in PostgreSQL";
    }

    @Override
    CheckResult check(CheckContext ctx, SelectedObjects objects) {
        List<String> problems = new ArrayList<>();
        Map<List<String>, List<SelectedTable>> byTarget = new LinkedHashMap<>();
        for (SelectedTable t : objects.tables()) {
            byTarget.computeIfAbsent(List.of(t.targetSchema(), t.targetName()), k -> new ArrayList<>()).add(t);
        }
        byTarget.values().stream().filter(ts -> ts.size() > 1).forEach(ts -> problems.add("tables "
                + String.join(" and ", ts.stream().map(t -> t.qualified() + " (" + t.path() + ")").toList())
                + " would all become " + ts.get(0).target()));
        for (SelectedTable t : objects.tables()) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            for (SelectedColumn c : t.columns()) {
                columns.computeIfAbsent(c.targetName(), k -> new ArrayList<>()).add(c.name());
                if (SYSTEM_COLUMNS.contains(c.targetName())) {
                    problems.add("column " + t.qualified() + "." + c.name() + " would be named " + c.targetName()
                            + ", a PostgreSQL system column name");
                }
            }
            columns.forEach((target, sources) -> {
                if (sources.size() > 1) {
                    problems.add("columns " + String.join(" and ", sources.stream().map(s -> t.qualified() + "." + s).toList())
                            + " would all become column " + target + " of " + t.target());
                }
            });
        }
        Set<String> reservedSchemas = new TreeSet<>();
        objects.tables().stream().map(SelectedTable::targetSchema).filter(s -> s.startsWith("pg_")).forEach(reservedSchemas::add);
        reservedSchemas.forEach(s -> problems.add("schema " + s + " starts with pg_, which PostgreSQL reserves for system schemas"));
        if (problems.isEmpty()) {
            return result().setStatus(CheckStatus.PASSED)
                    .setDetails("the " + Listing.count(objects.tables().size(), "table maps", "tables map") + " to distinct, allowed names")
                    .build();
        }
        return result().setStatus(CheckStatus.FAILED).setDetails(Listing.of(problems))
                .setFix("give the objects distinct, allowed PostgreSQL names: rename on the database entry (schema), "
                        + "rename on a table entry, renameColumns for columns")
                .build();
    }
}
