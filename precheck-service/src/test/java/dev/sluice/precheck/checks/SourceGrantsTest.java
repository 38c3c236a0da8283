package dev.sluice.precheck.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.precheck.checks.SourceGrants.Grant;
import dev.sluice.precheck.checks.SourceGrants.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SHOW GRANTS lines as MariaDB 10.11 prints them, including the awkward ones. */
class SourceGrantsTest {

    @Test
    void parsesEveryLevel() {
        assertThat(SourceGrants.parseLine("GRANT ALL PRIVILEGES ON *.* TO `sluice`@`%` IDENTIFIED BY PASSWORD '*E1A5' WITH GRANT OPTION"))
                .isEqualTo(new Grant(Level.GLOBAL, null, null, Map.of("ALL", Set.of())));
        assertThat(SourceGrants.parseLine("GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `u`@`localhost`").privileges())
                .isEqualTo(Map.of("SELECT", Set.of(), "REPLICATION SLAVE", Set.of(), "BINLOG MONITOR", Set.of()));
        assertThat(SourceGrants.parseLine("GRANT SELECT ON `shop`.* TO `u`@`%`"))
                .isEqualTo(new Grant(Level.DATABASE, "shop", null, Map.of("SELECT", Set.of())));
        assertThat(SourceGrants.parseLine("GRANT SELECT, INSERT ON `shop`.`my ``odd`` table` TO `u`@`%`"))
                .isEqualTo(new Grant(Level.TABLE, "shop", "my `odd` table", Map.of("SELECT", Set.of(), "INSERT", Set.of())));
    }

    @Test
    void columnGrantsKeepTheirColumnsEvenWithCommasAndParentheses() {
        Grant g = SourceGrants.parseLine("GRANT SELECT (`a,b`, `id`, `x (y)`), UPDATE (`id`) ON `db`.`t` TO `u`@`%`");
        assertThat(g.privileges()).isEqualTo(Map.of("SELECT", Set.of("a,b", "id", "x (y)"), "UPDATE", Set.of("id")));
    }

    @Test
    void skipsLinesThatGrantNoTablePrivileges() {
        assertThat(SourceGrants.parseLine("GRANT `pc_role` TO `pc_probe`@`%`")).isNull();
        assertThat(SourceGrants.parseLine("GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION")).isNull();
        assertThat(SourceGrants.parseLine("GRANT EXECUTE ON PROCEDURE `db`.`p` TO `u`@`%`")).isNull();
        assertThat(SourceGrants.parseLine("SET DEFAULT ROLE `pc_role` FOR `pc_probe`@`%`")).isNull();
        // a role whose name reads like the syntax
        assertThat(SourceGrants.parseLine("GRANT `a ON b` TO `u`@`%`")).isNull();
    }

    @Test
    void databasePatternsFollowMariaDbWildcards() {
        SourceGrants g = SourceGrants.parse(List.of("GRANT SELECT ON `shop\\_%`.* TO `u`@`%`", "GRANT SELECT ON `crm_`.* TO `u`@`%`"), true);
        assertThat(g.selectDatabase("shop_eu")).isTrue();
        assertThat(g.selectDatabase("shopXeu")).isFalse(); // the escaped _ is literal
        assertThat(g.selectDatabase("crm1")).isTrue(); // an unescaped _ is any one character
        assertThat(g.selectDatabase("crm12")).isFalse();
        assertThat(g.selectDatabase("Shop_eu")).isFalse();
        assertThat(SourceGrants.parse(List.of("GRANT SELECT ON `shop\\_%`.* TO `u`@`%`"), false).selectDatabase("SHOP_EU")).isTrue();
    }

    @Test
    void selectOnATableComesFromAnyLevel() {
        SourceGrants g = SourceGrants.parse(List.of(
                "GRANT USAGE ON *.* TO `u`@`%`",
                "GRANT SELECT ON `db`.`whole` TO `u`@`%`",
                "GRANT SELECT (`id`, `Name`) ON `db`.`part` TO `u`@`%`",
                "GRANT INSERT ON `db`.`other` TO `u`@`%`"), true);
        assertThat(g.selectTable("db", "whole", List.of())).isTrue();
        assertThat(g.selectTable("db", "part", List.of("id", "name"))).isTrue();
        assertThat(g.selectTable("db", "part", List.of("id", "secret"))).isFalse();
        assertThat(g.selectTable("db", "part", List.of())).as("a column grant is not the whole table").isFalse();
        assertThat(g.selectTable("db", "other", List.of())).isFalse();
        assertThat(g.selectDatabase("db")).isFalse();
        assertThat(g.global("REPLICATION SLAVE")).isFalse();
        assertThat(SourceGrants.parse(List.of("GRANT ALL PRIVILEGES ON `db`.* TO `u`@`%`"), true).selectTable("db", "x", List.of())).isTrue();
        assertThat(SourceGrants.parse(List.of("GRANT REPLICATION REPLICA ON *.* TO `u`@`%`"), true).global("REPLICATION SLAVE")).isTrue();
    }
}
