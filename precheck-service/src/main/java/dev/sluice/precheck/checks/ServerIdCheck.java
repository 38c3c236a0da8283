package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Sluice connects as a replica with a random server id from {@link #FIRST_ID} up (capture-service's choice).
 * A source whose own server_id is 0 refuses replicas; the replicas already connected are listed so that a
 * clash with another tool using the same range can be recognised.
 */
final class ServerIdCheck extends SourceCheck {

    static final long FIRST_ID = 0x40000000L;
    static final long LAST_ID = FIRST_ID + 0x3FFFFFFFL - 1;
    static final String RANGE = String.format("%,d..%,d", FIRST_ID, LAST_ID);

    @Override
    public String id() {
        return "source.server_id";
    }

    @Override
    public String title() {
        return "A server id is free for Sluice's replica connection";
    }

    @Override
    CheckResult check(CheckContext ctx, Connection source) throws SQLException {
        String own = ctx.sourceVariables().get("server_id");
        return evaluate(own, own == null || own.trim().equals("0") ? "" : replicas(source));
    }

    /**
     * @param own      the source's server_id (MariaDB 10.2.2+ never reports 0: it raises 0 to 1)
     * @param replicas what is known about the replicas already connected
     */
    CheckResult evaluate(String own, String replicas) {
        if (own == null || own.trim().equals("0")) {
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails("the source's server_id is " + (own == null ? "not reported" : "0") + ": MariaDB refuses replica connections "
                            + "(and so Sluice's binlog reader) until it has a non-zero server_id")
                    .setFix("run SET GLOBAL server_id = 1 (any id no other server of the replication topology uses) on the source and "
                            + "set server_id under [mariadbd] in its configuration")
                    .build();
        }
        return result().setStatus(CheckStatus.PASSED)
                .setDetails("the source's server_id is " + own.trim() + "; " + replicas + "; Sluice picks a random id in " + RANGE
                        + " for its replica connection")
                .build();
    }

    private static String replicas(Connection source) throws SQLException {
        List<String> ids = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE HOSTS")) {
            while (rs.next()) {
                long id = rs.getLong("Server_id");
                ids.add(Long.toString(id));
                if (id >= FIRST_ID && id <= LAST_ID) {
                    ours.add(Long.toString(id));
                }
            }
        } catch (SQLException e) {
            // SHOW SLAVE HOSTS needs REPLICATION MASTER ADMIN (10.5+): count the binlog readers we can see instead
            return binlogReaders(source);
        }
        if (ids.isEmpty()) {
            return "no replica is registered";
        }
        String out = Listing.count(ids.size(), "replica is", "replicas are") + " registered (server ids " + Listing.of(ids, ", ") + ")";
        if (!ours.isEmpty()) {
            out += "; " + Listing.of(ours, ", ") + " in " + RANGE + ": other Sluice tasks, or tools choosing ids the same way";
        }
        return out;
    }

    private static String binlogReaders(Connection source) throws SQLException {
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID')")) {
            rs.next();
            return Listing.count(rs.getLong(1), "binlog reader is", "binlog readers are")
                    + " connected that this account can see (their server ids need REPLICATION MASTER ADMIN to list)";
        }
    }
}
