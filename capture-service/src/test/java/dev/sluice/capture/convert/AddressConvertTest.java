package dev.sluice.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** INET6 text is what PostgreSQL's inet prints, for the 16 bytes MariaDB stores. */
class AddressConvertTest {

    @Test
    void inet6TextIsPostgresqlsForTheBytesMariaDbStores() throws Exception {
        List<String> inputs = new ArrayList<>(List.of("::", "::1", "1::", "::ffff:1.2.3.4", "::ffff:0.0.0.0", "::1.2.3.4", "::0.0.1.0",
                "::1:0", "::fffe:1.2.3.4", "2001:db8::1", "0:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:0", "1:0:0:2::3", "1:0:0:2:0:0:0:3",
                "2001:db8:0:0:1:0:0:1", "2001:db8::ffff:1.2.3.4", "fe80::", "ABCD:EF01::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "0:0:0:0:0:1:0:0", "::ffff:ffff:ffff", "0:0:0:0:0:ffff:102:304"));
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            for (int g = 0; g < 8; g++) {
                int kind = random.nextInt(3);
                sb.append(g == 0 ? "" : ":").append(Integer.toHexString(kind == 0 ? 0 : kind == 1 ? random.nextInt(16) : random.nextInt(0x10000)));
            }
            inputs.add(sb.toString());
        }
        LocalDatabases db = LocalDatabases.get();
        try (Connection maria = db.mariaRoot(); Connection pg = db.pg("target");
                PreparedStatement bytes = maria.prepareStatement("SELECT CAST(CAST(? AS INET6) AS BINARY(16))");
                PreparedStatement host = pg.prepareStatement("SELECT host(?::inet)")) {
            for (String input : inputs) {
                bytes.setString(1, input);
                byte[] stored;
                try (ResultSet rs = bytes.executeQuery()) {
                    rs.next();
                    stored = rs.getBytes(1);
                }
                host.setString(1, input);
                String pgText;
                try (ResultSet rs = host.executeQuery()) {
                    rs.next();
                    pgText = rs.getString(1);
                }
                assertThat(AddressText.inet6(stored)).as("%s (%s)", input, HexFormat.of().formatHex(stored)).isEqualTo(pgText);
            }
        }
    }

    @Test
    void uuidAndInet4Text() {
        assertThat(AddressText.uuid(HexFormat.of().parseHex("a0eebc999c0b4ef8bb6d6bb9bd380a11"))).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(AddressText.inet4(new byte[] {(byte) 192, (byte) 168, 0, 1})).isEqualTo("192.168.0.1");
    }
}
