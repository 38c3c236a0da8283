package dev.sluice.capture.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The label syntax as MariaDB 10.11 prints it in COLUMN_TYPE (SchemaReaderTest checks it against the server). */
class EnumLabelsTest {

    @Test
    void quotesCommasAndEmptyLabels() {
        assertThat(EnumLabels.parse("enum('a''b','x,y','','(p)',' lead')")).containsExactly("a'b", "x,y", "", "(p)", " lead");
    }

    @Test
    void backslashEscapes() {
        // As printed: a backslash, NUL, LF and CR are escaped; a tab and \Z (0x1A) arrive raw.
        assertThat(EnumLabels.parse("enum('bs\\\\x','nul\\0x','nl\\nx','cr\\rx','tab\tx','z\u001ax','q\\'x')"))
                .containsExactly("bs\\x", "nul\0x", "nl\nx", "cr\rx", "tab\tx", "z\u001ax", "q'x");
    }

    @Test
    void setAndUnicode() {
        assertThat(EnumLabels.parse("set('read','naïve_名前','\"dq\"')")).containsExactly("read", "naïve_名前", "\"dq\"");
    }

    @Test
    void malformedTextIsRefused() {
        assertThatThrownBy(() -> EnumLabels.parse("enum('a'")).hasMessageContaining("enum('a'");
        assertThatThrownBy(() -> EnumLabels.parse("enum")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnumLabels.parse("enum('a' 'b')")).isInstanceOf(IllegalArgumentException.class);
    }
}
