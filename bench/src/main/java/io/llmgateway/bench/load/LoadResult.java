package io.llmgateway.bench.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one open-loop run measured. Histograms are in microseconds.
 *
 * @param latency from each request's intended send time to its whole answer: what a caller
 *     arriving on schedule waits, queueing in the generator included (no coordinated omission)
 * @param serviceTime from the actual send to the whole answer; lower than {@code latency} when
 *     the generator itself fell behind its schedule
 * @param firstToken from the intended send time to the first streamed token (empty unless SSE)
 * @param sendLag how late the scheduler sent each request: a generator that cannot keep up
 *     shows here first
 * @param cpu this JVM's and the machine's CPU during the measured part
 * @param achievedPerSecond successful answers per second over the span from the first intended
 *     send to the last answer
 */
public record LoadResult(String name, String target, double offeredPerSecond, long sent, long succeeded,
                         Map<String, Long> failures, double achievedPerSecond, Histogram latency,
                         Histogram serviceTime, Histogram firstToken, Histogram sendLag,
                         CpuMeter.Usage cpu) {

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A percentile of {@link #latency} in milliseconds. */
    public double latencyMs(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }
}
