package io.llmgateway.launcher.status;

import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code ./gateway status} shows: a running gateway's state at one moment.
 *
 * @param gateway where it runs (ingress, management port, Kafka), one line
 * @param services each service and its state
 * @param lags each consumer group's lag
 * @param breakers each deployment's circuit breaker
 * @param cacheEntries entries in the cache's shards; null when unknown
 * @param tenants each tenant's use of its limits
 */
public record GatewayState(String gateway, List<Service> services, List<GroupLag> lags, List<Breaker> breakers,
                           Long cacheEntries, int cacheShards, List<TenantLoad> tenants) {

    public record Service(String name, String state) {}

    /** @param lag records not yet consumed, over all its partitions */
    public record GroupLag(String group, long lag, int partitions) {}

    /** @param failureRate percent, -1 until the breaker has seen enough calls */
    public record Breaker(String deployment, String state, double failureRate, int bufferedCalls) {}

    /** A tenant's use of each of its limits. */
    public record TenantLoad(String tenant, Use requests, Use tokens, Use daily, Use monthly) {

        /** The largest share of any of its limits, in percent; -1 when it has none. */
        public double highestPercent() {
            return Stream.of(requests, tokens, daily, monthly).mapToDouble(Use::percent).max().orElse(-1);
        }
    }

    /**
     * @param used as shown ({@code 12} or {@code $1.25})
     * @param limit likewise
     * @param percent of the limit used; -1 when there is no limit
     */
    public record Use(String used, String limit, double percent) {

        public static final Use NONE = new Use("-", "-", -1);
    }
}
