package dev.sluice.capture.convert;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * MariaDB character set names to Java, for decoding binlog bytes the way the server converts them to
 * utf8mb4 for the snapshot. Every mapping here was compared with MariaDB 10.11's own conversion (all
 * 256 bytes of each single-byte set, all two-byte sequences of each multi-byte set; see
 * CharsetConvertTest). Character sets Java has no equivalent for are refused rather than guessed.
 */
public final class MariaCharsets {

    /** Not here: armscii8, dec8, geostd8, hp8, keybcs2, swe7 (no Java charset; precheck must refuse their columns). */
    private static final Map<String, Entry> BY_NAME = new HashMap<>();

    static {
        Charset utf8 = StandardCharsets.UTF_8;
        put("utf8mb4", utf8);
        put("utf8mb3", utf8);
        put("utf8", utf8);
        put("ucs2", StandardCharsets.UTF_16BE);
        put("utf16", StandardCharsets.UTF_16BE);
        put("utf16le", StandardCharsets.UTF_16LE);
        put("utf32", Charset.forName("UTF-32BE"));
        // MariaDB's latin1 is cp1252 plus C1 controls for the five bytes cp1252 leaves undefined.
        single("latin1", "windows-1252", 0x81, 0x81, 0x8D, 0x8D, 0x8F, 0x8F, 0x90, 0x90, 0x9D, 0x9D);
        single("latin2", "ISO-8859-2");
        single("latin5", "ISO-8859-9");
        single("latin7", "ISO-8859-13");
        // greek: MariaDB has the 1987 table (modifier letters at A1/A2, no euro/drachma signs).
        single("greek", "ISO-8859-7", 0xA1, 0x02BD, 0xA2, 0x02BC, 0xA4, '?', 0xA5, '?', 0xAA, '?');
        single("hebrew", "ISO-8859-8", 0xAF, 0x203E);
        single("cp1250", "windows-1250");
        single("cp1251", "windows-1251");
        single("cp1256", "windows-1256", 0x8A, '?', 0x8F, '?', 0x98, '?', 0x9A, '?', 0x9F, '?', 0xAA, '?', 0xC0, '?', 0xFF, '?');
        single("cp1257", "windows-1257");
        single("cp850", "IBM850");
        single("cp852", "IBM852");
        single("cp866", "IBM866", 0xFC, 0x207F, 0xFD, 0x00B2);
        single("koi8r", "KOI8-R");
        single("koi8u", "KOI8-U", 0x95, 0x2022);
        single("macce", "x-MacCentralEurope");
        single("macroman", "x-MacRoman");
        // tis620: MariaDB's table has C1 controls at 80-9F and U+FFFD (not '?') for its undefined bytes, A0 included.
        put("tis620", SingleByteCharset.of("tis620", Charset.forName("TIS-620"), '\uFFFD', c1Controls(0x80, 0x9F, 0xA0, 0xFFFD)));
        single("ascii", "US-ASCII");
        put("cp932", Charset.forName("windows-31j"));
        put("gb2312", Charset.forName("GB2312"));
        put("gbk", Charset.forName("x-mswin-936"));
        put("euckr", Charset.forName("x-windows-949")); // MariaDB's euckr includes the UHC (cp949) extension
        put("big5", Charset.forName("Big5"));
        // sjis: Java's Shift_JIS differs from MariaDB in two cells (815C, 815F).
        BY_NAME.put("sjis", new Entry(Charset.forName("Shift_JIS"), "\u2014\uFF3C", "\u2015\\"));
        // ujis and eucjpms: as MariaDB except the user-defined rows (F5-FE, Unicode private use area).
        BY_NAME.put("ujis", new Entry(Charset.forName("EUC-JP"), "\u2014\uFF3C", "\u2015\\"));
        BY_NAME.put("eucjpms", new Entry(Charset.forName("x-eucJP-Open"),
                "\u2014\u301C\u2016\u2212\u00A2\u00A3\u00AC", "\u2015\uFF5E\u2225\uFF0D\uFFE0\uFFE1\uFFE2"));
    }

    private MariaCharsets() {
    }

    /**
     * The Java charset for a MariaDB character set name (information_schema CHARACTER_SET_NAME).
     * For sjis, ujis and eucjpms it is the closest Java charset: decode with {@link #decode} instead.
     *
     * @throws IllegalArgumentException for "binary", an empty name, or a set Java cannot decode
     */
    public static Charset forName(String mariaName) {
        return entry(mariaName).charset;
    }

    /** True when {@link #decode} can decode this MariaDB character set. */
    public static boolean isSupported(String mariaName) {
        return BY_NAME.containsKey(mariaName);
    }

    /** Bytes stored in a column of the given MariaDB character set, as the server converts them to Unicode. */
    public static String decode(byte[] bytes, String mariaName) {
        Entry e = entry(mariaName);
        String s = new String(bytes, e.charset);
        if (e.javaChars == null) {
            return s;
        }
        for (int i = 0; i < e.javaChars.length(); i++) {
            s = s.replace(e.javaChars.charAt(i), e.mariaChars.charAt(i));
        }
        return s;
    }

    private static Entry entry(String mariaName) {
        Entry e = BY_NAME.get(mariaName);
        if (e == null) {
            throw new IllegalArgumentException("cannot decode MariaDB character set '" + mariaName + "'"
                    + ("binary".equals(mariaName) ? " (binary data is not text)" : ""));
        }
        return e;
    }

    private static void put(String name, Charset cs) {
        BY_NAME.put(name, new Entry(cs, null, null));
    }

    private static void single(String name, String javaBase, int... overrides) {
        put(name, SingleByteCharset.of(name, Charset.forName(javaBase), SingleByteCharset.UNMAPPED, overrides));
    }

    /** Overrides mapping bytes from..to to the C1 controls U+0080.., plus the given extra pairs. */
    private static int[] c1Controls(int from, int to, int... extra) {
        int[] out = new int[(to - from + 1) * 2 + extra.length];
        int n = 0;
        for (int b = from; b <= to; b++) {
            out[n++] = b;
            out[n++] = b;
        }
        System.arraycopy(extra, 0, out, n, extra.length);
        return out;
    }

    /** A Java charset plus single characters where Java's table differs from MariaDB's. */
    private static final class Entry {
        final Charset charset;
        final String javaChars;
        final String mariaChars;

        Entry(Charset charset, String javaChars, String mariaChars) {
            this.charset = charset;
            this.javaChars = javaChars;
            this.mariaChars = mariaChars;
        }
    }
}
