package io.llmgateway.router;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.config.RoutingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Plans the order in which a request tries the deployments of its model alias: priority groups
 * in order (lowest first); within a group, the healthy deployments (circuit breaker not open)
 * ordered by the strategy, then the unhealthy ones (still listed: an open breaker rejects at no
 * cost, and one whose wait is over lets a trial call through, which is how it closes again).
 * A deployment whose configured context window is smaller than the request's estimated input is
 * left out.
 *
 * <p>Strategies: {@code weighted} is a weighted random order (Efraimidis-Spirakis keys, so every
 * deployment's chance to come first is its share of the group's weight); {@code least_busy}
 * sorts by this worker's calls in flight, {@code lowest_latency} by its recent time to first
 * token (deployments without one first, to learn it); both break ties by the weighted order.
 */
final class DeploymentPicker {

    private final GatewayConfig config;
    private final RoutingStrategy strategy;
    private final Predicate<Deployment> healthy;
    private final DeploymentStats stats;
    private final RandomGenerator random;

    DeploymentPicker(GatewayConfig config, RoutingStrategy strategy, Predicate<Deployment> healthy,
                     DeploymentStats stats, RandomGenerator random) {
        this.config = config;
        this.strategy = strategy;
        this.healthy = healthy;
        this.stats = stats;
        this.random = random;
    }

    /** Empty when the config has no such alias; an empty list when no deployment's window fits. */
    /**
     * Why the tenant may not have the alias served (a tenant the config does not know, or an alias
     * outside its allowed models); empty when it may.
     */
    Optional<String> refusal(String tenantId, String modelAlias) {
        TenantConfig tenant = config.tenants().get(tenantId);
        if (tenant == null) {
            return Optional.of("the model '" + modelAlias + "' is not served to an unknown tenant");
        }
        return tenant.mayUse(modelAlias) ? Optional.empty()
                : Optional.of("the model '" + modelAlias + "' does not exist or this key may not use it");
    }

    Optional<List<Deployment>> plan(String modelAlias, int estimatedInputTokens) {
        return config.model(modelAlias).map(ModelConfig::deployments).map(all -> plan(all, estimatedInputTokens));
    }

    private List<Deployment> plan(List<Deployment> deployments, int estimatedInputTokens) {
        Map<Integer, List<Deployment>> groups = new LinkedHashMap<>(); // deployments come sorted by priority
        for (Deployment deployment : deployments) {
            if (deployment.contextWindow() == null || deployment.contextWindow() >= estimatedInputTokens) {
                groups.computeIfAbsent(deployment.priority(), p -> new ArrayList<>()).add(deployment);
            }
        }
        List<Deployment> plan = new ArrayList<>();
        for (List<Deployment> group : groups.values()) {
            List<Deployment> ordered = order(group);
            ordered.stream().filter(healthy).forEach(plan::add);
            ordered.stream().filter(healthy.negate()).forEach(plan::add);
        }
        return plan;
    }

    private List<Deployment> order(List<Deployment> group) {
        Map<Deployment, Double> keys = new IdentityHashMap<>();
        for (Deployment deployment : group) {
            // Larger is earlier: u^(1/w) with u uniform in (0, 1].
            keys.put(deployment, Math.pow(1.0 - random.nextDouble(), 1.0 / deployment.weight()));
        }
        Comparator<Deployment> weighted = Comparator.comparing(keys::get, Comparator.reverseOrder());
        Comparator<Deployment> order = switch (strategy) {
            case WEIGHTED -> weighted;
            case LEAST_BUSY -> Comparator.comparingInt(stats::inFlight).thenComparing(weighted);
            case LOWEST_LATENCY -> Comparator.<Deployment>comparingDouble(
                    d -> stats.firstTokenMs(d).orElse(-1)).thenComparing(weighted);
        };
        List<Deployment> ordered = new ArrayList<>(group);
        ordered.sort(order);
        return ordered;
    }
}
