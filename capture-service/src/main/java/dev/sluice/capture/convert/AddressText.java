package dev.sluice.capture.convert;

/**
 * Text forms of MariaDB's UUID, INET4 and INET6 values, computed from their 16 (or 4) stored bytes by
 * both paths. MariaDB's own INET6 text is not the form PostgreSQL prints (it writes '::2:3:4:5:6:7:8'
 * where RFC 5952 wants '0:2:3:4:5:6:7:8'), so the snapshot reads the bytes and formats them here too.
 */
final class AddressText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AddressText() {
    }

    /** Canonical lower-case 8-4-4-4-12; the bytes are in text order (as MariaDB's UUID stores and logs them). */
    static String uuid(byte[] b) {
        requireLength(b, 16, "UUID");
        char[] out = new char[36];
        int o = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[o++] = '-';
            }
            out[o++] = HEX[(b[i] >> 4) & 0xF];
            out[o++] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }

    static String inet4(byte[] b) {
        requireLength(b, 4, "INET4");
        return ipv4(b, 0, new StringBuilder(15)).toString();
    }

    /**
     * The form PostgreSQL's inet output uses (its inet_net_ntop): RFC 5952 (lower case, the first
     * longest run of two or more zero groups as '::'), with the last 32 bits dotted for IPv4-mapped
     * (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d, first six groups zero, seventh not) addresses.
     */
    static String inet6(byte[] b) {
        requireLength(b, 16, "INET6");
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && words[i] == 0) {
                i++;
            }
            if (i - start > bestLen) {
                bestBase = start;
                bestLen = i - start;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xFFFF))) {
                return ipv4(b, 12, sb).toString();
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    private static StringBuilder ipv4(byte[] b, int from, StringBuilder sb) {
        for (int i = from; i < from + 4; i++) {
            if (i != from) {
                sb.append('.');
            }
            sb.append(b[i] & 0xFF);
        }
        return sb;
    }

    private static void requireLength(byte[] b, int length, String type) {
        if (b.length != length) {
            throw new IllegalArgumentException(type + " value has " + b.length + " bytes, expected " + length);
        }
    }
}
