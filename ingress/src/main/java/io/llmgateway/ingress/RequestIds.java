package io.llmgateway.ingress;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Request ids as UUID version 7 (RFC 9562): 48 bits of unix milliseconds, then random bits. Ids
 * sort by creation time, which keeps logs and Kafka keys in a useful order.
 */
public final class RequestIds {

    private final Clock clock;
    private final RandomGenerator random;

    public RequestIds(Clock clock) {
        this(clock, new SecureRandom());
    }

    RequestIds(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public String next() {
        return uuidV7(clock.millis(), random.nextLong(), random.nextLong()).toString();
    }

    /** The v7 layout: unix_ts_ms(48) | ver(4)=7 | rand_a(12) || var(2)=0b10 | rand_b(62). */
    static UUID uuidV7(long unixMillis, long randomHigh, long randomLow) {
        long msb = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16
                | 0x7000L
                | (randomHigh & 0x0FFFL);
        long lsb = (randomLow & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
