package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.Etl;
import dev.sluice.v1.TaskSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskFileEtlTest {

    static final String BASE = """
            name: etl
            source: {host: h, port: 3306, user: u, password: p}
            destination: {host: h, port: 5432, database: d, user: u, password: p}
            objects:
              - database: shop
                etl: {filter: "row.deleted == 0"}
                tables:
                  - name: customers
                    etl:
                      filter: "row.status != 'deleted' && double(row.amount) > 0.0"
                      set:
                        email: "row.email.lowerAscii()"
                        doubled: {expr: "row.qty * 2", type: bigint}
                      drop: [internal_notes]
            """;

    @Test
    void etlSectionParsesWithTheShortFormOfSet() {
        TaskSpec s = TaskFile.parse(BASE, Map.<String, String>of()::get);
        Etl etl = s.getObjects(0).getTables(0).getEtl();
        assertThat(etl.getFilter()).startsWith("row.status");
        assertThat(etl.getSetMap().get("email").getExpr()).isEqualTo("row.email.lowerAscii()");
        assertThat(etl.getSetMap().get("doubled").getType()).isEqualTo("bigint");
        assertThat(etl.getDropList()).containsExactly("internal_notes");
        assertThat(s.getObjects(0).getEtl().getFilter()).isEqualTo("row.deleted == 0");
    }

    @Test
    void unknownEtlKeysAreNamed() {
        assertThatThrownBy(() -> TaskFile.parse(BASE.replace("drop:", "dorp:"), Map.<String, String>of()::get))
                .hasMessageContaining("objects[0].tables[0].etl.dorp: unknown key");
        assertThatThrownBy(() -> TaskFile.parse(BASE.replace("type: bigint", "typ: bigint"), Map.<String, String>of()::get))
                .hasMessageContaining("objects[0].tables[0].etl.set.doubled.typ: unknown key");
    }
}
