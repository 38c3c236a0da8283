package dev.sluice.apply.schema;

import static dev.sluice.model.SqlIdentifiers.pg;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.CheckSchema;
import dev.sluice.v1.IndexSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The after-copy part of a table: secondary indexes and CHECK constraints, built once over the copied
 * rows instead of maintained row by row during the copy. Every statement is guarded (see
 * {@link DdlStatement}), so running them again after a crash is harmless.
 */
final class AfterCopyDdl {

    private AfterCopyDdl() {
    }

    static List<DdlStatement> statements(TableContext ctx) {
        List<DdlStatement> out = new ArrayList<>();
        for (IndexSchema i : ctx.table.getIndexesList()) {
            if (TableContext.isTextSearchOrSpatial(i)) {
                ctx.warn("index " + i.getName() + " skipped: " + i.getKind().toUpperCase(Locale.ROOT)
                        + " indexes have no PostgreSQL equivalent");
            } else if (!i.getPrimary() && !i.getUnique()) {
                index(ctx, i, out);
            }
        }
        for (CheckSchema c : ctx.table.getChecksList()) {
            CheckTranslator.Result r = CheckTranslator.translate(c.getClause(), ctx.columns());
            if (r.sql() != null) {
                String name = ctx.names.check(ctx.target, c.getName());
                out.add(DdlStatement.check(ctx.target, name,
                        "ALTER TABLE " + ctx.target.sql() + " ADD CONSTRAINT " + pg(name) + " CHECK " + parenthesized(r.sql())));
            } else if (r.refused() != null) {
                ctx.warn("CHECK " + c.getName() + " (" + c.getClause() + ") skipped: " + r.refused());
            }
        }
        return out;
    }

    private static void index(TableContext ctx, IndexSchema i, List<DdlStatement> out) {
        var columns = ctx.targetColumns(i.getColumnsList());
        if (columns.isEmpty()) {
            ctx.warn("index " + i.getName() + " skipped: column " + ctx.firstMissing(i.getColumnsList()) + " is not selected");
            return;
        }
        // A prefix index (name(10)) becomes an index over the whole column; HASH becomes btree (PostgreSQL's
        // hash indexes hold one column only).
        String name = ctx.names.index(ctx.target, i.getName());
        String list = columns.get().stream().map(SqlIdentifiers::pg).collect(Collectors.joining(", "));
        out.add(DdlStatement.index(ctx.target, name,
                "CREATE INDEX IF NOT EXISTS " + pg(name) + " ON " + ctx.target.sql() + " (" + list + ")"));
    }

    private static String parenthesized(String sql) {
        return sql.startsWith("(") && sql.endsWith(")") ? sql : "(" + sql + ")";
    }
}
