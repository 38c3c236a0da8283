package dev.sluice.precheck.checks;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.TableSelection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The task account's privileges, from SHOW GRANTS (which includes the active role's grants): SELECT on what
 * is selected, and for incremental sync REPLICATION SLAVE (to read the binlog) and BINLOG MONITOR (to read the
 * current position; called REPLICATION CLIENT before MariaDB 10.5, still accepted as its alias).
 */
final class SourcePrivilegesCheck extends SourceCheck {

    /** Beyond this many tables of one database, the fix grants on the database rather than table by table. */
    static final int TABLE_GRANTS_IN_FIX = 5;

    @Override
    public String id() {
        return "source.privileges";
    }

    @Override
    public String title() {
        return "The source account has the privileges the task needs";
    }

    @Override
    CheckResult check(CheckContext ctx, Connection source) throws SQLException {
        Map<String, String> v = ctx.sourceVariables();
        SourceGrants grants = SourceGrants.parse(grantLines(source), "0".equals(v.getOrDefault("lower_case_table_names", "0").trim()));
        String grantee = grantee(source);
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (DatabaseSelection d : ctx.spec().getObjectsList()) {
            select(grants, d, grantee, missing, fixes);
            foreignKeyRules(source, d, grantee, missing, fixes);
        }
        if (ctx.spec().getTypes().getIncremental()) {
            replication(grants, ServerVersion.parse(v.get("version"), v.get("version_comment")), grantee, missing, fixes);
        }
        if (missing.isEmpty()) {
            return result().setStatus(CheckStatus.PASSED).setDetails(grantee + " may read the selected objects"
                    + (ctx.spec().getTypes().getIncremental() ? " and the binary log" : "")).build();
        }
        return result().setStatus(CheckStatus.FAILED)
                .setDetails(grantee + " lacks " + Listing.of(missing))
                .setFix("as an administrator, run: " + String.join(" ", fixes))
                .build();
    }

    private static void select(SourceGrants grants, DatabaseSelection d, String grantee, List<String> missing, List<String> fixes) {
        String db = d.getDatabase();
        if (d.getTablesCount() == 0) {
            if (!grants.selectDatabase(db)) {
                missing.add("SELECT on database " + db + " (the whole database is selected: a database-level grant is needed)");
                fixes.add(grantSelectOnDatabase(db, grantee));
            }
            return;
        }
        List<String> tables = new ArrayList<>();
        for (TableSelection t : d.getTablesList()) {
            if (!grants.selectTable(db, t.getName(), t.getColumnsList())) {
                tables.add(t.getName());
                missing.add("SELECT on table " + db + "." + t.getName() + (t.getColumnsCount() > 0 ? " (or on its selected columns)" : ""));
            }
        }
        if (tables.size() > TABLE_GRANTS_IN_FIX) {
            fixes.add(grantSelectOnDatabase(db, grantee));
        } else {
            tables.forEach(t -> fixes.add("GRANT SELECT ON " + SqlIdentifiers.maria(db, t) + " TO " + grantee + ";"));
        }
    }

    private static final String HIDDEN_RULES = "SELECT DISTINCT k.TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE k "
            + "WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
            + "information_schema.REFERENTIAL_CONSTRAINTS r WHERE r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME "
            + "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME)";

    /**
     * MariaDB shows a foreign key's columns (KEY_COLUMN_USAGE) to SELECT, but its rules (REFERENTIAL_CONSTRAINTS:
     * ON DELETE/UPDATE CASCADE) only with a privilege beyond SELECT: capture-service cannot create such keys
     * and their cascades. REFERENCES is the harmless one to grant (MariaDB uses it for nothing else).
     */
    private static void foreignKeyRules(Connection source, DatabaseSelection d, String grantee, List<String> missing, List<String> fixes)
            throws SQLException {
        java.util.Set<String> selected = new java.util.HashSet<>();
        d.getTablesList().forEach(t -> selected.add(t.getName()));
        List<String> hidden = new ArrayList<>();
        try (java.sql.PreparedStatement ps = source.prepareStatement(HIDDEN_RULES)) {
            ps.setString(1, d.getDatabase());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (selected.isEmpty() || selected.contains(rs.getString(1))) {
                        hidden.add(rs.getString(1));
                    }
                }
            }
        }
        if (!hidden.isEmpty()) {
            java.util.Collections.sort(hidden);
            missing.add("REFERENCES on database " + d.getDatabase() + " (to read the rules of the foreign keys of " + Listing.of(hidden) + ")");
            fixes.add("GRANT REFERENCES ON " + SqlIdentifiers.maria(d.getDatabase().replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%"))
                    + ".* TO " + grantee + ";");
        }
    }

    private static void replication(SourceGrants grants, ServerVersion version, String grantee, List<String> missing, List<String> fixes) {
        List<String> wanted = new ArrayList<>();
        if (!grants.global("REPLICATION SLAVE")) {
            missing.add("REPLICATION SLAVE (to read the binary log)");
            wanted.add("REPLICATION SLAVE");
        }
        // 10.5 split BINLOG MONITOR out of REPLICATION CLIENT, which became its alias; before, SUPER also allowed SHOW MASTER STATUS
        boolean renamed = version == null || version.atLeast(10, 5);
        boolean monitor = renamed ? grants.global("BINLOG MONITOR", "REPLICATION CLIENT") : grants.global("REPLICATION CLIENT", "SUPER");
        if (!monitor) {
            String name = renamed ? "BINLOG MONITOR" : "REPLICATION CLIENT";
            missing.add(name + (renamed ? " (or its alias REPLICATION CLIENT)" : "") + " (to read the binary log position)");
            wanted.add(name);
        }
        if (!wanted.isEmpty()) {
            fixes.add("GRANT " + String.join(", ", wanted) + " ON *.* TO " + grantee + ";");
        }
    }

    /** Database-level grants treat _ and % as wildcards: escaped, the grant covers exactly this database. */
    private static String grantSelectOnDatabase(String db, String grantee) {
        return "GRANT SELECT ON " + SqlIdentifiers.maria(db.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")) + ".* TO "
                + grantee + ";";
    }

    private static List<String> grantLines(Connection source) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    /** CURRENT_USER() is user@host as the server matched the login: the account GRANT statements must name. */
    private static String grantee(Connection source) throws SQLException {
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            String account = rs.getString(1);
            int at = account.lastIndexOf('@');
            return at < 0 ? quote(account) : quote(account.substring(0, at)) + "@" + quote(account.substring(at + 1));
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
