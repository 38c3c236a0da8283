package dev.sluice.precheck.checks;

import static dev.sluice.precheck.checks.Specs.run;
import static dev.sluice.precheck.checks.Specs.source;
import static dev.sluice.precheck.checks.Specs.spec;
import static dev.sluice.precheck.checks.Specs.table;
import static dev.sluice.precheck.checks.Specs.tables;
import static dev.sluice.precheck.checks.Specs.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** source.privileges: with SELECT alone MariaDB hides foreign keys' rules; the check asks for REFERENCES. */
class SourceForeignKeyRulesTest {

    static final String DB = "sluice_pc_fkrules";
    static final String USER = "sluice_pc_fkrules";
    static final String PASSWORD = "Pc-Fk-Secret-7";

    @BeforeAll
    static void createAccount() throws SQLException {
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            dropAll(st);
            st.execute("CREATE DATABASE " + DB);
            st.execute("CREATE TABLE " + DB + ".parent (id int PRIMARY KEY)");
            st.execute("CREATE TABLE " + DB + ".child (id int PRIMARY KEY, p int, FOREIGN KEY (p) REFERENCES " + DB + ".parent (id) ON DELETE CASCADE)");
            st.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            st.execute("GRANT SELECT ON " + DB + ".* TO '" + USER + "'@'%'");
            st.execute("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + USER + "'@'%'");
        }
    }

    @AfterAll
    static void dropAccount() throws SQLException {
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            dropAll(st);
        }
    }

    static void dropAll(Statement st) throws SQLException {
        st.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
        st.execute("DROP DATABASE IF EXISTS " + DB);
    }

    @Test
    void hiddenForeignKeyRulesFailWithTheGrantThatShowsThem() throws SQLException {
        CheckResult r = run(new SourcePrivilegesCheck(), spec(whole(DB)).setSource(source(USER, PASSWORD)));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("'sluice_pc_fkrules'@'%' lacks REFERENCES on database sluice_pc_fkrules "
                + "(to read the rules of the foreign keys of child)");
        assertThat(r.getFix()).isEqualTo("as an administrator, run: GRANT REFERENCES ON `sluice\\_pc\\_fkrules`.* TO 'sluice_pc_fkrules'@'%';");
        // a selection without the table that has the key does not need it
        assertThat(run(new SourcePrivilegesCheck(), spec(tables(DB, table("parent").build())).setSource(source(USER, PASSWORD))).getStatus())
                .isEqualTo(CheckStatus.PASSED);
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            st.execute(r.getFix().substring("as an administrator, run: ".length()));
        }
        CheckResult after = run(new SourcePrivilegesCheck(), spec(whole(DB)).setSource(source(USER, PASSWORD)));
        assertThat(after.getStatus()).as(after.toString()).isEqualTo(CheckStatus.PASSED);
    }
}
