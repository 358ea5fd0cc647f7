package io.llmgateway.accounting;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads what {@link StateOutput} wrote. Anything that does not fit the format (another version,
 * truncated, trailing bytes) is a {@link SerializationException} naming the value, never a
 * silently wrong ledger.
 */
final class StateInput {

    private final byte[] bytes;
    private final String what;
    private int position;

    /** Checks the leading version byte: {@code what} is named in the errors. */
    StateInput(byte[] bytes, int version, String what) {
        this.bytes = bytes;
        this.what = what;
        int found = bytes.length == 0 ? -1 : bytes[0] & 0xFF;
        if (found != version) {
            throw new SerializationException("cannot read a " + what + ": format version " + found
                    + ", this build reads version " + version);
        }
        position = 1;
    }

    int readByte() {
        if (position >= bytes.length) {
            throw new SerializationException("cannot read a " + what + ": truncated at byte " + position);
        }
        return bytes[position++] & 0xFF;
    }

    long readUnsigned() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new SerializationException("cannot read a " + what + ": integer longer than 64 bits at byte " + position);
    }

    long readLong() {
        long zigzag = readUnsigned();
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    int readInt() {
        long value = readLong();
        if (value != (int) value) {
            throw new SerializationException("cannot read a " + what + ": " + value + " is not an int");
        }
        return (int) value;
    }

    /** A count of entries, checked against what is left so a bad one cannot allocate wildly. */
    int readCount() {
        long count = readUnsigned();
        if (count > bytes.length - position) {
            throw new SerializationException("cannot read a " + what + ": count " + count + " at byte " + position
                    + " exceeds the bytes left");
        }
        return (int) count;
    }

    String readString() {
        long lengthPlusOne = readUnsigned();
        if (lengthPlusOne == 0) {
            return null;
        }
        int length = (int) (lengthPlusOne - 1);
        return new String(bytes, take(lengthPlusOne - 1), length, StandardCharsets.UTF_8);
    }

    BigDecimal readDecimal() {
        int scale = readInt();
        long length = readUnsigned();
        if (length == 0) {
            throw new SerializationException("cannot read a " + what + ": empty decimal at byte " + position);
        }
        int start = take(length);
        return new BigDecimal(new BigInteger(bytes, start, (int) length), scale);
    }

    /** Checks that the value was read to its end. */
    void end() {
        if (position != bytes.length) {
            throw new SerializationException("cannot read a " + what + ": " + (bytes.length - position)
                    + " bytes left after it");
        }
    }

    /** Skips {@code length} bytes and returns where they start. */
    private int take(long length) {
        if (length < 0 || length > bytes.length - position) {
            throw new SerializationException("cannot read a " + what + ": " + length + " bytes at byte " + position
                    + " run past its end");
        }
        int start = position;
        position += (int) length;
        return start;
    }
}
