package dev.sluice.capture.schema;

import dev.sluice.v1.CheckSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** information_schema.CHECK_CONSTRAINTS: every CHECK of one database, grouped by table, as MariaDB prints them. */
final class CheckReader {

    private static final String CHECKS = "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE "
            + "FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";

    private CheckReader() {
    }

    /** All checks, json_valid() markers included: {@link JsonMarkers} tells them apart once the column types are known. */
    static Map<String, List<CheckSchema>> read(Connection c, String database) throws SQLException {
        Map<String, List<CheckSchema>> out = new HashMap<>();
        InformationSchema.forEachRow(c, CHECKS, database, rs -> out.computeIfAbsent(rs.getString("TABLE_NAME"), t -> new ArrayList<>())
                .add(CheckSchema.newBuilder().setName(rs.getString("CONSTRAINT_NAME")).setClause(rs.getString("CHECK_CLAUSE")).build()));
        return out;
    }
}
