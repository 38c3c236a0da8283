package dev.sluice.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.LocalDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MariaCharsets} decodes bytes exactly as MariaDB converts them to utf8mb4 (which is what the
 * snapshot reads), compared against the live server byte by byte.
 */
class CharsetConvertTest {

    static final String DATABASE = "sluice_convert_charsets";
    /** MariaDB character sets without a Java equivalent: refused, so precheck can reject their columns. */
    static final Set<String> UNSUPPORTED = Set.of("armscii8", "dec8", "geostd8", "hp8", "keybcs2", "swe7", "binary");
    static final List<String> MULTI_BYTE = List.of("big5", "cp932", "eucjpms", "euckr", "gb2312", "gbk", "sjis", "ujis");

    static Connection c;

    @BeforeAll
    static void connect() throws Exception {
        c = LocalDatabases.get().mariaRoot();
        try (Statement st = c.createStatement()) {
            st.execute("SET NAMES utf8mb4");
        }
    }

    @Test
    void everyMariaDbCharsetIsMappedOrKnownUnsupported() throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CHARACTER_SET_NAME FROM information_schema.CHARACTER_SETS")) {
            while (rs.next()) {
                String name = rs.getString(1);
                assertThat(MariaCharsets.isSupported(name) || UNSUPPORTED.contains(name)).as(name).isTrue();
                assertThat(MariaCharsets.isSupported(name) && UNSUPPORTED.contains(name)).as(name).isFalse();
            }
        }
    }

    @Test
    void singleByteCharsetsDecodeAll256BytesLikeTheServer() throws Exception {
        StringBuilder hex = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            hex.append(String.format("%02x", b));
        }
        List<String> checked = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet names = st.executeQuery("SELECT CHARACTER_SET_NAME FROM information_schema.CHARACTER_SETS WHERE MAXLEN = 1")) {
            while (names.next()) {
                String name = names.getString(1);
                if (!MariaCharsets.isSupported(name)) {
                    continue;
                }
                try (Statement q = c.createStatement();
                        ResultSet rs = q.executeQuery("SELECT CONVERT(_" + name + " x'" + hex + "' USING utf8mb4)")) {
                    rs.next();
                    int[] server = rs.getString(1).codePoints().toArray();
                    assertThat(server).as(name).hasSize(256);
                    for (int b = 0; b < 256; b++) {
                        String ours = MariaCharsets.decode(new byte[] {(byte) b}, name);
                        assertThat(ours.codePointAt(0)).as("%s byte %02x", name, b).isEqualTo(server[b]);
                    }
                    // The whole string at once, through the Charset too (it is what String(byte[], Charset) uses).
                    assertThat(new String(HexFormat.of().parseHex(hex.toString()), MariaCharsets.forName(name)))
                            .as(name).isEqualTo(new String(server, 0, 256));
                }
                checked.add(name);
            }
        }
        assertThat(checked).contains("latin1", "latin2", "cp1250", "cp1251", "greek", "hebrew", "tis620", "ascii");
    }

    @Test
    void latin1EncodesBackToTheSameBytes() {
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        String text = MariaCharsets.decode(all, "latin1");
        assertThat(text.getBytes(MariaCharsets.forName("latin1"))).isEqualTo(all);
        assertThat(text.substring(0x80, 0xA0)).isEqualTo("€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ");
    }

    /**
     * Every two-byte sequence the server maps to a character decodes the same, except the gaps this
     * pins down (Java has no table for them): the user-defined rows F5-FE of ujis/eucjpms, which
     * MariaDB maps to the private use area, and seven Big5 ETEN extensions (F9D6-F9DC).
     */
    @Test
    void multiByteCharsetsDecodeEveryMappedTwoByteSequenceLikeTheServer() throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            st.execute("CREATE OR REPLACE TABLE " + DATABASE + ".seq (id int PRIMARY KEY, b varbinary(2))");
        }
        List<byte[]> sequences = new ArrayList<>();
        for (int lead = 0x81; lead <= 0xFE; lead++) {
            for (int trail = 0x40; trail <= 0xFE; trail++) {
                sequences.add(new byte[] {(byte) lead, (byte) trail});
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + DATABASE + ".seq VALUES (?, ?)")) {
            for (int i = 0; i < sequences.size(); i++) {
                ps.setInt(1, i);
                ps.setBytes(2, sequences.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Map<String, Integer> mappedCounts = new LinkedHashMap<>();
        for (String name : MULTI_BYTE) {
            List<String> mismatches = new ArrayList<>();
            int mapped = 0;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT b, CONVERT(CAST(b AS CHAR CHARACTER SET " + name + ") USING utf8mb4) FROM " + DATABASE + ".seq ORDER BY id")) {
                while (rs.next()) {
                    byte[] b = rs.getBytes(1);
                    String server = rs.getString(2);
                    if (server.indexOf('?') >= 0 || server.indexOf('\uFFFD') >= 0 || server.codePointCount(0, server.length()) != 1) {
                        continue; // not one character the server knows: such bytes cannot be stored in the column
                    }
                    mapped++;
                    String ours = MariaCharsets.decode(b, name);
                    if (!ours.equals(server) && !knownGap(name, b)) {
                        mismatches.add(HexFormat.of().formatHex(b) + " server U+" + Integer.toHexString(server.codePointAt(0))
                                + " ours " + ours.codePoints().mapToObj(Integer::toHexString).toList());
                    }
                }
            }
            mappedCounts.put(name, mapped);
            assertThat(mismatches).as(name).isEmpty();
        }
        assertThat(mappedCounts.values()).allSatisfy(n -> assertThat(n).isGreaterThan(5000));
    }

    private static boolean knownGap(String name, byte[] b) {
        int lead = b[0] & 0xFF;
        int trail = b[1] & 0xFF;
        if (name.equals("ujis") || name.equals("eucjpms")) {
            return lead >= 0xF5 && lead <= 0xFE && trail >= 0xA1 && trail <= 0xFE;
        }
        if (name.equals("big5")) {
            return lead == 0xF9 && trail >= 0xD6 && trail <= 0xDC;
        }
        return false;
    }

    @Test
    void binaryAndUnknownCharsetsAreRefused() {
        for (String name : List.of("binary", "swe7", "")) {
            assertThatThrownBy(() -> MariaCharsets.decode(new byte[] {1}, name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + name + "'");
        }
    }
}
