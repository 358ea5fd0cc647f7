package io.llmgateway.bench.load;

import java.time.Duration;
import java.util.Objects;

/**
 * One open-loop run: a fixed arrival rate for a fixed time, after an unrecorded warm-up at the
 * same rate.
 *
 * @param maxInFlight requests open at once, like a client's connection pool: a request due while
 *     this many are open waits in the generator (its latency still counts from its intended time),
 *     so a stalled target cannot exhaust sockets and file descriptors
 * @param drainTimeout how long to wait for the last answers after the last send; what is still
 *     open then counts as failed ("no answer within drain timeout")
 */
public record LoadPlan(String name, double ratePerSecond, Duration duration, Duration warmup, int maxInFlight,
                       Duration drainTimeout) {

    /** Connections a load run may hold open; two file descriptors each when both ends are in one JVM. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

    public LoadPlan {
        Objects.requireNonNull(name, "name");
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0, was " + ratePerSecond);
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("duration must be > 0 and warmup >= 0");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1");
        }
    }

    public static LoadPlan of(String name, double ratePerSecond, Duration duration, Duration warmup) {
        return new LoadPlan(name, ratePerSecond, duration, warmup, DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(30));
    }

    /** Requests the measured part sends: rate times duration. */
    public long requests() {
        return Math.max(1, Math.round(ratePerSecond * duration.toNanos() / 1e9));
    }

    public long warmupRequests() {
        return Math.round(ratePerSecond * warmup.toNanos() / 1e9);
    }
}
