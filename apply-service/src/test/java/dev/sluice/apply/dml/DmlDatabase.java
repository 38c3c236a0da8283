package dev.sluice.apply.dml;

import dev.sluice.testkit.LocalDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** A fresh destination database for the dml tests, connected as apply-service connects. */
final class DmlDatabase {

    private DmlDatabase() {
    }

    /** Recreates the database, runs the setup statements, and returns a connection that binds values as text of unknown type. */
    static Connection fresh(String database, String... setup) throws Exception {
        LocalDatabases db = LocalDatabases.get();
        db.recreatePgDatabase(database);
        Connection pg = DriverManager.getConnection(db.pgUrl(database) + "?stringtype=unspecified", db.pgUser(), db.pgPassword());
        try (Statement st = pg.createStatement()) {
            for (String sql : setup) {
                st.execute(sql);
            }
        }
        return pg;
    }
}
