package io.llmgateway.bench.load;

import java.time.Duration;
import java.util.Objects;

/**
 * One open-loop run: a fixed arrival rate for a fixed time, after an unrecorded warm-up at the
 * same rate.
 *
 * @param maxInFlight requests outstanding at once; a request due while this many are open is
 *     not sent and counts as a failure ("client in-flight limit"), so a stalled target cannot
 *     make the generator grow without bound
 * @param drainTimeout how long to wait for the last answers after the last send; what is still
 *     open then counts as failed ("no answer within drain timeout")
 */
public record LoadPlan(String name, double ratePerSecond, Duration duration, Duration warmup, int maxInFlight,
                       Duration drainTimeout) {

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
        return new LoadPlan(name, ratePerSecond, duration, warmup, 20_000, Duration.ofSeconds(30));
    }

    /** Requests the measured part sends: rate times duration. */
    public long requests() {
        return Math.max(1, Math.round(ratePerSecond * duration.toNanos() / 1e9));
    }

    public long warmupRequests() {
        return Math.round(ratePerSecond * warmup.toNanos() / 1e9);
    }
}
