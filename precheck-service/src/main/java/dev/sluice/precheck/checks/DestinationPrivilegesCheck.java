package dev.sluice.precheck.checks;

import static dev.sluice.model.SqlIdentifiers.pg;

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
 * The destination account can create what schema synchronization creates: the target schemas that do not
 * exist yet (CREATE on the database), and tables in those that do (USAGE and CREATE on the schema, or owning
 * it). Without schema synchronization it only needs USAGE on the schemas.
 */
final class DestinationPrivilegesCheck extends DestinationCheck {

    private record SchemaAccess(String owner, boolean owns, boolean usage, boolean create) {
    }

    @Override
    public String id() {
        return "destination.privileges";
    }

    @Override
    public String title() {
        return "The destination account may create the target schemas and tables";
    }

    @Override
    CheckResult check(CheckContext ctx, Connection destination) throws SQLException {
        PgAccount me = PgAccount.of(destination);
        boolean createSchemas = ctx.spec().getTypes().getSchema();
        boolean createInDatabase = createInDatabase(destination);
        List<String> schemas = TargetSchemas.of(ctx.spec());
        Map<String, SchemaAccess> existing = existing(destination, schemas);
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        List<String> toCreate = schemas.stream().filter(s -> !existing.containsKey(s)).toList();
        if (createSchemas && !toCreate.isEmpty()) {
            if (createInDatabase) {
                fine.add("may create " + names(toCreate) + " in database " + me.database());
            } else {
                problems.add(names(toCreate) + " " + (toCreate.size() == 1 ? "does" : "do") + " not exist and " + me.user()
                        + " lacks CREATE on database " + me.database() + " to create " + (toCreate.size() == 1 ? "it" : "them"));
                fixes.add("GRANT CREATE ON DATABASE " + pg(me.database()) + " TO " + pg(me.user()) + ";");
            }
        }
        for (String schema : schemas) {
            SchemaAccess a = existing.get(schema);
            if (a == null) {
                continue;
            }
            if (a.owns()) {
                fine.add("owns schema " + schema);
                continue;
            }
            List<String> lacking = new ArrayList<>();
            if (!a.usage()) {
                lacking.add("USAGE");
            }
            if (createSchemas && !a.create()) {
                lacking.add("CREATE");
            }
            if (lacking.isEmpty()) {
                fine.add("may use " + (createSchemas ? "and create tables in " : "") + "schema " + schema);
            } else {
                problems.add(me.user() + " lacks " + String.join(" and ", lacking) + " on schema " + schema + " (owned by " + a.owner() + ")");
                fixes.add("GRANT " + String.join(", ", lacking) + " ON SCHEMA " + pg(schema) + " TO " + pg(me.user())
                        + "; (or ALTER SCHEMA " + pg(schema) + " OWNER TO " + pg(me.user()) + ";)");
            }
        }
        if (problems.isEmpty()) {
            return result().setStatus(CheckStatus.PASSED)
                    .setDetails(me.user() + (me.superuser() ? " is a superuser; " : " ") + String.join("; ", fine)).build();
        }
        return result().setStatus(CheckStatus.FAILED).setDetails(Listing.of(problems))
                .setFix("as the owner or a superuser of the destination, run: " + String.join(" ", fixes))
                .build();
    }

    private static boolean createInDatabase(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT has_database_privilege(current_database(), 'CREATE')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Map<String, SchemaAccess> existing(Connection c, List<String> schemas) throws SQLException {
        Map<String, SchemaAccess> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, pg_get_userbyid(n.nspowner), pg_has_role(n.nspowner, 'USAGE'), "
                + "has_schema_privilege(n.oid, 'USAGE'), has_schema_privilege(n.oid, 'CREATE') FROM pg_namespace n WHERE n.nspname = ANY (?)")) {
            Array names = c.createArrayOf("text", schemas.toArray());
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new SchemaAccess(rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    private static String names(List<String> schemas) {
        return (schemas.size() == 1 ? "schema " : "schemas ") + Listing.of(schemas, ", ");
    }
}
