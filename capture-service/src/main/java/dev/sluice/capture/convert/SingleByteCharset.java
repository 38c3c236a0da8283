package dev.sluice.capture.convert;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * A MariaDB single-byte character set as a table of 256 characters. Java's nearest charset is the
 * starting point; MariaDB's own table differs in places (latin1's C1 controls, bytes it leaves
 * unmapped), and the binlog path must decode exactly as the server converts for the snapshot.
 */
final class SingleByteCharset extends Charset {

    /** What MariaDB's conversion to utf8mb4 produces for a byte with no mapping. */
    static final char UNMAPPED = '?';

    private final char[] toChar;
    private final byte[] toByte; // indexed by char, 0 with toChar[0] != c meaning "not encodable"
    private final int maxChar;

    private SingleByteCharset(String name, char[] toChar) {
        super(name, new String[0]);
        this.toChar = toChar;
        int max = 0;
        for (char ch : toChar) {
            max = Math.max(max, ch);
        }
        this.maxChar = max;
        this.toByte = new byte[max + 1];
        for (int b = 255; b >= 0; b--) { // lowest byte wins when two bytes map to one char ('?')
            toByte[toChar[b]] = (byte) b;
        }
    }

    /**
     * @param base Java's closest charset
     * @param unmapped what bytes {@code base} cannot decode become: MariaDB converts them to '?' ({@link #UNMAPPED}),
     *     except where its table itself says U+FFFD (tis620)
     * @param overrides pairs of (byte, char) where MariaDB's table differs from {@code base}
     */
    static SingleByteCharset of(String mariaName, Charset base, char unmapped, int... overrides) {
        char[] table = new char[256];
        CharsetDecoder decoder = base.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith("\uFFFD");
        for (int b = 0; b < 256; b++) {
            try {
                CharBuffer out = decoder.decode(ByteBuffer.wrap(new byte[] {(byte) b}));
                table[b] = out.length() == 1 && out.get(0) != '\uFFFD' ? out.get(0) : unmapped;
            } catch (CharacterCodingException e) {
                table[b] = unmapped;
            }
        }
        for (int i = 0; i < overrides.length; i += 2) {
            table[overrides[i]] = (char) overrides[i + 1];
        }
        return new SingleByteCharset("x-mariadb-" + mariaName, table);
    }

    @Override
    public boolean contains(Charset cs) {
        return cs == this;
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new CharsetDecoder(this, 1f, 1f) {
            @Override
            protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                while (in.hasRemaining()) {
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    out.put(toChar[in.get() & 0xFF]);
                }
                return CoderResult.UNDERFLOW;
            }
        };
    }

    @Override
    public CharsetEncoder newEncoder() {
        return new CharsetEncoder(this, 1f, 1f, new byte[] {(byte) UNMAPPED}) {
            @Override
            protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
                while (in.hasRemaining()) {
                    char c = in.get(in.position());
                    if (c > maxChar || toChar[toByte[c] & 0xFF] != c) {
                        return CoderResult.unmappableForLength(1);
                    }
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    in.get();
                    out.put(toByte[c]);
                }
                return CoderResult.UNDERFLOW;
            }
        };
    }
}
