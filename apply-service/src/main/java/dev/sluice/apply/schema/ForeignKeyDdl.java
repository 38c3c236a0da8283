package dev.sluice.apply.schema;

import static dev.sluice.model.SqlIdentifiers.pg;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.ForeignKeySchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Foreign keys, with their ON DELETE / ON UPDATE actions: PostgreSQL must cascade by itself, because
 * MariaDB's binlog does not carry the rows its cascades change. Only between selected tables.
 */
final class ForeignKeyDdl {

    private static final Set<String> ACTIONS = Set.of("CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION");

    private ForeignKeyDdl() {
    }

    /** @param keysByTable for each table of the plan, the column sets of its primary and unique keys (target names) */
    static List<DdlStatement> statements(TableContext ctx, Map<TargetTable, List<Set<String>>> keysByTable) {
        List<DdlStatement> out = new ArrayList<>();
        for (ForeignKeySchema fk : ctx.table.getForeignKeysList()) {
            String what = "foreign key " + fk.getName();
            if (fk.getReferencedTargetSchema().isEmpty() || fk.getReferencedTargetTable().isEmpty()) {
                ctx.warn(what + " skipped: the referenced table " + fk.getReferencedDatabase() + "."
                        + fk.getReferencedTable() + " is not selected");
                continue;
            }
            var columns = ctx.targetColumns(fk.getColumnsList());
            if (columns.isEmpty()) {
                ctx.warn(what + " skipped: column " + ctx.firstMissing(fk.getColumnsList()) + " is not selected");
                continue;
            }
            List<String> referenced = fk.getReferencedTargetColumnsList();
            if (referenced.size() != columns.get().size()) {
                ctx.warn(what + " skipped: the referenced columns " + fk.getReferencedColumnsList() + " are not all selected");
                continue;
            }
            TargetTable parent = new TargetTable(fk.getReferencedTargetSchema(), fk.getReferencedTargetTable());
            List<Set<String>> parentKeys = keysByTable.get(parent);
            if (parentKeys != null && !parentKeys.contains(new HashSet<>(referenced))) {
                // InnoDB accepts any indexed parent columns; PostgreSQL needs a primary key or unique constraint.
                ctx.warn(what + " skipped: " + fk.getReferencedDatabase() + "." + fk.getReferencedTable()
                        + " has no primary or unique key on " + fk.getReferencedColumnsList() + ", which PostgreSQL requires");
                continue;
            }
            String name = ctx.names.foreignKey(ctx.target, fk.getName());
            out.add(DdlStatement.foreignKey(ctx.target, name, "ALTER TABLE " + ctx.target.sql()
                    + " ADD CONSTRAINT " + pg(name) + " FOREIGN KEY (" + list(columns.get()) + ") REFERENCES "
                    + parent.sql() + " (" + list(referenced) + ") ON DELETE " + action(ctx, fk, fk.getOnDelete())
                    + " ON UPDATE " + action(ctx, fk, fk.getOnUpdate())
                    // The full copy is fuzzy (chunks are read at different moments): existing rows are not
                    // validated, new rows and the cascades are enforced.
                    + " NOT VALID"));
        }
        return out;
    }

    private static String action(TableContext ctx, ForeignKeySchema fk, String action) {
        String a = action.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (a.isEmpty()) {
            return "NO ACTION";
        }
        if (!ACTIONS.contains(a)) {
            ctx.warn("foreign key " + fk.getName() + ": unknown action '" + action + "' replaced by NO ACTION");
            return "NO ACTION";
        }
        return a;
    }

    private static String list(List<String> columns) {
        return columns.stream().map(SqlIdentifiers::pg).collect(Collectors.joining(", "));
    }
}
