package dev.sluice.capture.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckClausesTest {

    @Test
    void recognizesTheJsonMarker() {
        assertThat(CheckClauses.jsonValidColumn("json_valid(`doc`)")).hasValue("doc");
        assertThat(CheckClauses.jsonValidColumn("json_valid(`back``tick`)")).hasValue("back`tick");
        assertThat(CheckClauses.jsonValidColumn("json_valid(`naïve_名前`)")).hasValue("naïve_名前");
        assertThat(CheckClauses.jsonValidColumn("json_valid(`a`) and `a` <> '{}'")).isEmpty();
        assertThat(CheckClauses.jsonValidColumn("json_valid(`a`) or json_valid(`b`)")).isEmpty();
        assertThat(CheckClauses.jsonValidColumn("`qty` > 0")).isEmpty();
    }

    @Test
    void findsTheColumnsOutsideStringLiterals() {
        // MariaDB prints a quote inside a literal as \' : the backticks in it are text, not columns.
        assertThat(CheckClauses.identifiers("`back``tick` <> 'it\\'s `x`' and `col\"quote` > 0 and \"`y`\" = ''''"))
                .containsExactly("back`tick", "col\"quote");
        assertThat(CheckClauses.identifiers("octet_length(`doc`) < 10000")).containsExactly("doc");
    }
}
