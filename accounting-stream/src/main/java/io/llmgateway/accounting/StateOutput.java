package io.llmgateway.accounting;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the binary store formats ({@link TenantLedgerFormat}, {@link HeldReservationFormat}): a
 * leading format-version byte, then fields as variable-length integers, so small counts and
 * amounts take a byte or two. {@link StateInput} reads them back. Not thread-safe: one per value.
 */
final class StateOutput {

    private byte[] bytes;
    private int size;

    StateOutput(int version, int expectedSize) {
        bytes = new byte[Math.max(16, expectedSize)];
        writeByte(version);
    }

    void writeByte(int value) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[size++] = (byte) value;
    }

    /** Unsigned LEB128: 7 bits a byte, low bits first. */
    void writeUnsigned(long value) {
        while ((value & ~0x7FL) != 0) {
            writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        writeByte((int) value);
    }

    /** Zigzag, so a small negative value stays short too. */
    void writeLong(long value) {
        writeUnsigned((value << 1) ^ (value >> 63));
    }

    /** Null-safe: the UTF-8 length plus one (0 for null), then the bytes. */
    void writeString(String value) {
        if (value == null) {
            writeUnsigned(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(utf8.length + 1L);
        writeBytes(utf8);
    }

    /** Exact: the scale, then the unscaled value's two's-complement bytes. */
    void writeDecimal(BigDecimal value) {
        writeLong(value.scale());
        byte[] unscaled = value.unscaledValue().toByteArray();
        writeUnsigned(unscaled.length);
        writeBytes(unscaled);
    }

    private void writeBytes(byte[] value) {
        if (size + value.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + value.length));
        }
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
