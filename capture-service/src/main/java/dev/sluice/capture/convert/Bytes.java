package dev.sluice.capture.convert;

import com.google.protobuf.UnsafeByteOperations;
import dev.sluice.v1.Value;
import java.util.Arrays;

/** Byte-array adjustments that make the binlog's bytes equal to the snapshot's. */
final class Bytes {

    private Bytes() {
    }

    /** A bytes_value wrapping {@code owned} without a copy (BLOBs can be large): nobody may modify it afterwards. */
    static Value value(byte[] owned) {
        return Value.newBuilder().setBytesValue(UnsafeByteOperations.unsafeWrap(owned)).build();
    }

    /**
     * Right-pads with 0x00 to {@code length}: MariaDB's binlog drops a BINARY(n) value's trailing 0x00
     * bytes (UUID and INET6 are BINARY(16) inside, INET4 BINARY(4)); the snapshot returns all n.
     */
    static byte[] padRight(byte[] b, int length) {
        return b.length >= length ? b : Arrays.copyOf(b, length);
    }

    /** MariaDB's geometry value is a 4-byte little-endian SRID followed by the WKB. */
    static byte[] withoutSrid(byte[] b) {
        if (b.length < 4) {
            throw new IllegalArgumentException("geometry value of " + b.length + " bytes has no SRID prefix");
        }
        return Arrays.copyOfRange(b, 4, b.length);
    }
}
