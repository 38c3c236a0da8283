package dev.sluice.precheck.checks;

import static dev.sluice.model.SqlIdentifiers.pg;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * apply-service sets session_replication_role = replica on every connection, so that triggers and foreign-key
 * checks do not fire on replicated rows. Only superusers may, or (PostgreSQL 15+) roles granted SET on the
 * parameter. The check simply tries, inside a transaction it rolls back.
 */
final class ReplicationRoleCheck extends DestinationCheck {

    static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Override
    public String id() {
        return "destination.session_replication_role";
    }

    @Override
    public String title() {
        return "The destination account may set session_replication_role";
    }

    @Override
    CheckResult check(CheckContext ctx, Connection destination) throws SQLException {
        PgAccount me = PgAccount.of(destination);
        String refusal = trySetting(destination);
        if (refusal == null) {
            return result().setStatus(CheckStatus.PASSED).setDetails(me.user() + (me.superuser()
                    ? " is a superuser" : " holds SET on parameter session_replication_role")).build();
        }
        String fix = me.versionNum() >= 150000
                ? "as a superuser, run: GRANT SET ON PARAMETER session_replication_role TO " + pg(me.user()) + ";"
                : "as a superuser, run: ALTER ROLE " + pg(me.user()) + " SUPERUSER; (PostgreSQL 15 and later can grant just "
                        + "this parameter: GRANT SET ON PARAMETER session_replication_role)";
        return result().setStatus(CheckStatus.FAILED)
                .setDetails(me.user() + " may not set session_replication_role (" + ctx.safe(refusal) + "): Sluice sets it to replica so "
                        + "that triggers and foreign keys do not act on replicated rows")
                .setFix(fix).build();
    }

    /** @return PostgreSQL's refusal, or null when the account may set the parameter */
    private static String trySetting(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL session_replication_role = replica");
            return null;
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                return e.getMessage();
            }
            throw e;
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }
}
