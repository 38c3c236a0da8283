package dev.sluice.apply.copy;

/** PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes. */
final class CopyText {

    private static final byte[] NULL = {'\\', 'N'};

    private CopyText() {
    }

    /**
     * Appends a field, UTF-8 encoded and escaped, to {@code out} from {@code at}; returns the new end.
     * The escaped bytes (\\ \t \n \r) never occur inside a multi-byte UTF-8 sequence, so escaping the
     * encoded bytes is exact. The caller makes room for {@link #maxLength} bytes.
     */
    static int appendField(byte[] out, int at, byte[] utf8) {
        if (utf8 == null) {
            out[at] = NULL[0];
            out[at + 1] = NULL[1];
            return at + 2;
        }
        for (byte b : utf8) {
            switch (b) {
                case '\\':
                    out[at++] = '\\';
                    out[at++] = '\\';
                    break;
                case '\t':
                    out[at++] = '\\';
                    out[at++] = 't';
                    break;
                case '\n':
                    out[at++] = '\\';
                    out[at++] = 'n';
                    break;
                case '\r':
                    out[at++] = '\\';
                    out[at++] = 'r';
                    break;
                default:
                    out[at++] = b;
            }
        }
        return at;
    }

    /** The most bytes {@link #appendField(byte[], int, byte[])} writes for a value. */
    static int maxLength(byte[] utf8) {
        return utf8 == null ? 2 : 2 * utf8.length;
    }
}
