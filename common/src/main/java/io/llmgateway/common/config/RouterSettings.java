package io.llmgateway.common.config;

import java.time.Duration;

/**
 * The router workers.
 *
 * @param maxInFlight requests one instance works on at once; its partitions pause beyond that
 * @param batchMaxInFlight at most this many of them may be batch-priority requests, so that
 *     interactive requests always find a free slot; default three quarters of {@code maxInFlight}
 * @param strategy how to choose within a priority group of deployments
 * @param resilience circuit breakers, retries, time limits and per-provider limits
 * @param sessionTimeout how soon the group notices a crashed worker and hands its partitions (and
 *     its unfinished requests) to the others; null: Kafka's default (45 s)
 * @param metricsPort where a router run on its own serves {@code GET /metrics}; 0 any free port
 *     (logged), -1 none; default {@value #DEFAULT_METRICS_PORT}
 */
public record RouterSettings(String groupId, int maxInFlight, Integer batchMaxInFlight, RoutingStrategy strategy,
                             ResilienceSettings resilience, Duration sessionTimeout, Integer metricsPort) {

    public static final int DEFAULT_METRICS_PORT = 8092;

    public static final RouterSettings DEFAULTS = new RouterSettings(null, 0);

    public RouterSettings {
        groupId = groupId == null || groupId.isBlank() ? "llm-router" : groupId;
        maxInFlight = maxInFlight <= 0 ? 512 : maxInFlight;
        if (batchMaxInFlight == null) {
            batchMaxInFlight = Math.max(1, maxInFlight - maxInFlight / 4);
        } else if (batchMaxInFlight < 1 || batchMaxInFlight > maxInFlight) {
            throw new IllegalArgumentException("batch_max_in_flight must be between 1 and max_in_flight ("
                    + maxInFlight + "), was " + batchMaxInFlight);
        }
        strategy = strategy == null ? RoutingStrategy.WEIGHTED : strategy;
        resilience = resilience == null ? ResilienceSettings.DEFAULTS : resilience;
        if (sessionTimeout != null) {
            Durations.positive(sessionTimeout, "session_timeout");
        }
        metricsPort = metricsPort == null ? DEFAULT_METRICS_PORT : metricsPort;
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("metrics_port must be -1 (none), 0 (any) or a port, was " + metricsPort);
        }
    }

    /** Default metrics port. */
    public RouterSettings(String groupId, int maxInFlight, Integer batchMaxInFlight, RoutingStrategy strategy,
                          ResilienceSettings resilience, Duration sessionTimeout) {
        this(groupId, maxInFlight, batchMaxInFlight, strategy, resilience, sessionTimeout, null);
    }

    /** Default batch share, strategy and resilience. */
    public RouterSettings(String groupId, int maxInFlight) {
        this(groupId, maxInFlight, null, null, null, null, null);
    }

    public RouterSettings withResilience(ResilienceSettings newResilience) {
        return new RouterSettings(groupId, maxInFlight, batchMaxInFlight, strategy, newResilience, sessionTimeout, metricsPort);
    }

    public RouterSettings withStrategy(RoutingStrategy newStrategy) {
        return new RouterSettings(groupId, maxInFlight, batchMaxInFlight, newStrategy, resilience, sessionTimeout, metricsPort);
    }
}
