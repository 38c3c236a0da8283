package dev.sluice.apply.schema;

import static dev.sluice.apply.schema.DdlFixtures.col;
import static dev.sluice.apply.schema.DdlFixtures.done;
import static dev.sluice.apply.schema.DdlFixtures.index;
import static dev.sluice.apply.schema.DdlFixtures.primary;
import static dev.sluice.apply.schema.DdlFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlNamesTest {

    private static TableSchema tableWithIndex(String schema, String name, String indexName) {
        return table("db", name, schema, name)
                .addColumns(done(col("c", "int", "int(11)").setNullable(false)))
                .addIndexes(primary("c"))
                .addIndexes(index(indexName, "BTREE", "c"))
                .build();
    }

    @Test
    void plainNamesAreTablePlusSourceName() {
        ObjectNames names = ObjectNames.forTables(List.of(tableWithIndex("s", "orders", "idx_date")));
        TargetTable t = new TargetTable("s", "orders");
        assertThat(names.index(t, "idx_date")).isEqualTo("orders_idx_date");
        assertThat(names.primaryKey(t)).isEqualTo("orders_pkey");
    }

    @Test
    void sharedNamesInOneSchemaGetDistinctDeterministicHashes() {
        // "a_b" + "c" and "a" + "b_c" both want a_b_c; the index namespace is schema-wide
        List<TableSchema> tables = new ArrayList<>(List.of(tableWithIndex("s", "a_b", "c"), tableWithIndex("s", "a", "b_c")));
        ObjectNames names = ObjectNames.forTables(tables);
        String first = names.index(new TargetTable("s", "a_b"), "c");
        String second = names.index(new TargetTable("s", "a"), "b_c");
        assertThat(first).matches("a_b_c_[0-9a-f]{8}");
        assertThat(second).matches("a_b_c_[0-9a-f]{8}");
        assertThat(first).isNotEqualTo(second);

        Collections.reverse(tables);
        ObjectNames again = ObjectNames.forTables(tables);
        assertThat(again.index(new TargetTable("s", "a_b"), "c")).isEqualTo(first);
        assertThat(again.index(new TargetTable("s", "a"), "b_c")).isEqualTo(second);
    }

    @Test
    void sameNamesInDifferentSchemasStayPlain() {
        ObjectNames names = ObjectNames.forTables(List.of(tableWithIndex("s1", "t", "i"), tableWithIndex("s2", "t", "i")));
        assertThat(names.index(new TargetTable("s1", "t"), "i")).isEqualTo("t_i");
        assertThat(names.index(new TargetTable("s2", "t"), "i")).isEqualTo("t_i");
    }

    @Test
    void aNameEqualToATableOfThePlanIsHashed() {
        ObjectNames names = ObjectNames.forTables(List.of(tableWithIndex("s", "t", "x"), tableWithIndex("s", "t_x", "y")));
        assertThat(names.index(new TargetTable("s", "t"), "x")).matches("t_x_[0-9a-f]{8}");
    }

    @Test
    void longNamesAreCutAt63BytesOnACharacterBoundary() {
        String table = "名".repeat(20); // 60 bytes
        ObjectNames names = ObjectNames.forTables(List.of(tableWithIndex("s", table, "índice_largo")));
        String name = names.index(new TargetTable("s", table), "índice_largo");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(name).matches("名{18}_[0-9a-f]{8}");
    }

    @Test
    void truncateNeverSplitsACharacter() {
        assertThat(ObjectNames.truncate("ab名", 4)).isEqualTo("ab");
        assertThat(ObjectNames.truncate("ab名", 5)).isEqualTo("ab名");
        assertThat(ObjectNames.truncate("a😀b", 4)).isEqualTo("a");
    }

    @Test
    void targetNamesLongerThanPostgresKeepsAreRefused() {
        assertThatThrownBy(() -> ObjectNames.requireFits("target table of db.t", "x".repeat(64)))
                .hasMessageContaining("64 bytes").hasMessageContaining("rename it in the task file");
    }
}
