package dev.sluice.capture.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.LocalDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An account with SELECT only sees a foreign key's columns but not its rules (MariaDB hides
 * REFERENTIAL_CONSTRAINTS): reading the schema fails with the GRANT instead of dropping the key and its cascade.
 */
class ForeignKeyReaderPrivilegesTest {

    static final String DB = "fk_priv_test";
    static final String USER = "fk_priv_select";
    static final String PASSWORD = "Fk-Priv-Pw-2x9!";
    static LocalDatabases db;

    @BeforeAll
    static void create() throws SQLException {
        db = LocalDatabases.get();
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB);
            st.execute("CREATE TABLE " + DB + ".parent (id INT PRIMARY KEY)");
            st.execute("CREATE TABLE " + DB + ".child (id INT PRIMARY KEY, p INT, CONSTRAINT child_p FOREIGN KEY (p) REFERENCES " + DB
                    + ".parent (id) ON DELETE CASCADE)");
            st.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
            st.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            st.execute("GRANT SELECT ON " + DB + ".* TO '" + USER + "'@'%'");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
            st.execute("DROP DATABASE IF EXISTS " + DB);
        }
    }

    static Connection as() throws SQLException {
        return DriverManager.getConnection(db.mariaUrl(), USER, PASSWORD);
    }

    @Test
    void hiddenRulesFailWithTheGrantAndReferencesShowsThem() throws SQLException {
        try (Connection c = as()) {
            assertThatThrownBy(() -> ForeignKeyReader.read(c, DB)).isInstanceOf(SQLException.class)
                    .hasMessage("cannot read the rules of foreign key child_p of fk_priv_test.child: MariaDB shows "
                            + "information_schema.REFERENTIAL_CONSTRAINTS only to accounts with a privilege beyond SELECT; as an administrator, "
                            + "run: GRANT REFERENCES ON `fk_priv_test`.* TO the source account");
        }
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            st.execute("GRANT REFERENCES ON " + DB + ".* TO '" + USER + "'@'%'");
        }
        try (Connection c = as()) {
            assertThat(ForeignKeyReader.read(c, DB).get("child")).singleElement()
                    .satisfies(fk -> assertThat(fk.getOnDelete()).isEqualTo("CASCADE"));
        }
    }
}
