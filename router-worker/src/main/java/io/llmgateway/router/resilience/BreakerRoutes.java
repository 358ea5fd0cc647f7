package io.llmgateway.router.resilience;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.helidon.webserver.http.HttpRouting;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.management.ManagementRoutes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/breakers} on a management port: the circuit breaker of every configured
 * deployment of this worker, as
 * {@code {"breakers": [{"deployment": "openai/gpt-4o-mini", "aliases": ["gpt-4o-mini"], "state": "CLOSED",
 * "failure_rate": -1.0, "slow_call_rate": -1.0, "buffered_calls": 0, "failed_calls": 0, "not_permitted_calls": 0}]}}}
 * (rates are -1 until the breaker has seen its minimum number of calls). A deployment no request
 * reached yet shows its breaker as it would start: closed.
 */
public final class BreakerRoutes implements ManagementRoutes {

    public static final String PATH = "/admin/breakers";

    private final ResilienceRegistry resilience;
    private final Map<String, ModelConfig> models;

    public BreakerRoutes(ResilienceRegistry resilience, Map<String, ModelConfig> models) {
        this.resilience = resilience;
        this.models = Map.copyOf(models);
    }

    @Override
    public void addTo(HttpRouting.Builder routing) {
        ManagementRoutes.json(PATH, this::states).addTo(routing);
    }

    /** The breakers' states now, one entry per deployment (several aliases may share one). */
    ObjectNode states() {
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        Map<String, ArrayNode> aliases = new LinkedHashMap<>();
        models.keySet().stream().sorted().forEach(alias -> models.get(alias).deployments().forEach(deployment -> {
            deployments.putIfAbsent(deployment.id(), deployment);
            aliases.computeIfAbsent(deployment.id(), id -> JsonNodeFactory.instance.arrayNode()).add(alias);
        }));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("breakers");
        deployments.forEach((id, deployment) -> {
            CircuitBreaker breaker = resilience.circuitBreaker(deployment);
            CircuitBreaker.Metrics metrics = breaker.getMetrics();
            ObjectNode entry = list.addObject();
            entry.put("deployment", id);
            entry.set("aliases", aliases.get(id));
            entry.put("state", breaker.getState().name());
            entry.put("failure_rate", metrics.getFailureRate());
            entry.put("slow_call_rate", metrics.getSlowCallRate());
            entry.put("buffered_calls", metrics.getNumberOfBufferedCalls());
            entry.put("failed_calls", metrics.getNumberOfFailedCalls());
            entry.put("not_permitted_calls", metrics.getNumberOfNotPermittedCalls());
        });
        return root;
    }
}
