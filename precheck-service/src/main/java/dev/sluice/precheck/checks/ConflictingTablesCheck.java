package dev.sluice.precheck.checks;

import dev.sluice.model.TaskSpecRules;
import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.precheck.objects.SelectedTable;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Target tables that already exist. With schema synchronization, conflictingTables: report makes them a
 * failure (apply-service would refuse to start), ignore a warning (they are kept and written into). Without
 * schema synchronization Sluice only writes, so every target table must exist. Either way, a table Sluice
 * writes into must be a table it may write.
 */
final class ConflictingTablesCheck extends DestinationCheck {

    /** pg_class.relkind values a Sluice target can be: ordinary and partitioned tables. */
    private static final String TABLE_KINDS = "rp";

    private record Existing(char kind, boolean writable) {
    }

    @Override
    public String id() {
        return "destination.conflicting_tables";
    }

    @Override
    public String title() {
        return "Target tables do not already exist (or may be reused)";
    }

    @Override
    CheckResult check(CheckContext ctx, Connection destination) throws SQLException {
        if (ctx.source() == null) {
            return skipped("source");
        }
        SelectedObjects objects;
        try {
            objects = ctx.objects();
        } catch (SQLException e) {
            return result().setStatus(CheckStatus.FAILED).setDetails("could not read the source: " + ctx.safe(e.getMessage()))
                    .setFix("make sure the source is reachable, then run the precheck again").build();
        }
        Map<List<String>, Existing> existing = existing(destination, objects.tables());
        String database = ctx.spec().getDestination().getDatabase();
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (SelectedTable t : objects.tables()) {
            Existing e = existing.get(List.of(t.targetSchema(), t.targetName()));
            String name = t.target() + " (from " + t.qualified() + ")";
            if (e == null) {
                missing.add(name);
                continue;
            }
            found.add(name);
            if (TABLE_KINDS.indexOf(e.kind()) < 0) {
                unusable.add(name + " is not a table (pg_class.relkind '" + e.kind() + "')");
            } else if (!e.writable()) {
                unusable.add(name + ": the account lacks SELECT, INSERT, UPDATE or DELETE on it");
            }
        }
        if (!ctx.spec().getTypes().getSchema()) {
            return withoutSchemaSync(objects, database, missing, unusable);
        }
        if (found.isEmpty()) {
            return result().setStatus(CheckStatus.PASSED).setDetails("none of the " + Listing.count(objects.tables().size(), "target table",
                    "target tables") + " exists yet in database " + database).build();
        }
        if (!TaskSpecRules.CONFLICT_IGNORE.equals(ctx.spec().getConflictingTables())) {
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails(Listing.count(found.size(), "target table already exists", "target tables already exist") + " in database "
                            + database + ": " + Listing.of(found))
                    .setFix("drop or rename them in PostgreSQL, map the source tables to other names (rename), or set "
                            + "conflictingTables: ignore to keep them and write into them")
                    .build();
        }
        if (ctx.spec().getTypes().getFull() && !mayCreateTemporaryTables(destination)) {
            // the copy into kept tables goes through a temporary table, so existing keys keep their rows
            unusable.add("the account lacks TEMPORARY on database " + database + ", which copying into existing tables needs");
        }
        if (!unusable.isEmpty()) {
            return unusable(unusable);
        }
        return result().setStatus(CheckStatus.WARNING)
                .setDetails("conflictingTables: ignore: " + Listing.count(found.size(), "existing table is", "existing tables are")
                        + " kept and written into: " + Listing.of(found) + ". The full copy skips rows whose key already exists, "
                        + "incremental sync overwrites them; if a table's columns differ from the source, synchronization may fail")
                .setFix("make sure these tables have the source's columns and keys, or drop them so Sluice creates them")
                .build();
    }

    private CheckResult withoutSchemaSync(SelectedObjects objects, String database, List<String> missing, List<String> unusable) {
        if (!missing.isEmpty()) {
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails("schema synchronization is off, so Sluice writes into existing tables, but "
                            + Listing.count(missing.size(), "target table does", "target tables do") + " not exist in database " + database
                            + ": " + Listing.of(missing))
                    .setFix("create these tables in PostgreSQL, or turn schema synchronization on (types: {schema: true})")
                    .build();
        }
        if (!unusable.isEmpty()) {
            return unusable(unusable);
        }
        return result().setStatus(CheckStatus.PASSED).setDetails("schema synchronization is off and all "
                + Listing.count(objects.tables().size(), "target table exists", "target tables exist") + " in database " + database).build();
    }

    private CheckResult unusable(List<String> unusable) {
        return result().setStatus(CheckStatus.FAILED)
                .setDetails("Sluice would write into existing relations it cannot use: " + Listing.of(unusable))
                .setFix("grant the destination account what is missing (SELECT, INSERT, UPDATE, DELETE on the tables; TEMPORARY on "
                        + "the database), replace what is not a table, or map the source tables to other names")
                .build();
    }

    private static boolean mayCreateTemporaryTables(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT has_database_privilege(current_database(), 'TEMPORARY')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Map<List<String>, Existing> existing(Connection c, List<SelectedTable> tables) throws SQLException {
        Map<List<String>, Existing> out = new HashMap<>();
        if (tables.isEmpty()) {
            return out;
        }
        // any relation blocks CREATE TABLE: a view or an index of that name conflicts as much as a table
        String sql = "SELECT n.nspname, k.relname, k.relkind, k.relkind IN ('r', 'p') AND has_table_privilege(k.oid, 'SELECT') "
                + "AND has_table_privilege(k.oid, 'INSERT') AND has_table_privilege(k.oid, 'UPDATE') AND has_table_privilege(k.oid, 'DELETE') "
                + "FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace "
                + "JOIN unnest(?::text[], ?::text[]) AS w(s, t) ON w.s = n.nspname AND w.t = k.relname";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array schemas = c.createArrayOf("text", tables.stream().map(SelectedTable::targetSchema).toArray());
            Array names = c.createArrayOf("text", tables.stream().map(SelectedTable::targetName).toArray());
            ps.setArray(1, schemas);
            ps.setArray(2, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(List.of(rs.getString(1), rs.getString(2)), new Existing(rs.getString(3).charAt(0), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }
}
