package io.llmgateway.router.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.config.ResilienceSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreakerRoutesTest {

    private static final Deployment OPENAI = new Deployment("openai", "gpt-4o-mini", 0, 1);
    private static final Deployment AZURE = new Deployment("azure", "gpt-4o-mini", 1, 1);

    @Test
    void listsEveryConfiguredDeploymentOnceWithItsAliasesAndItsBreakersStateNow() {
        ResilienceRegistry registry = new ResilienceRegistry(ResilienceSettings.DEFAULTS, new SimpleMeterRegistry(),
                Clock.systemUTC());
        BreakerRoutes routes = new BreakerRoutes(registry, Map.of(
                "gpt-4o-mini", new ModelConfig(List.of(OPENAI, AZURE)),
                "cheap", new ModelConfig(List.of(OPENAI))));
        registry.circuitBreaker(AZURE).transitionToOpenState();

        JsonNode breakers = routes.states().path("breakers");

        assertThat(breakers).hasSize(2);
        JsonNode openai = breakers.get(0);
        assertThat(openai.path("deployment").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(openai.path("aliases").toString()).isEqualTo("[\"cheap\",\"gpt-4o-mini\"]");
        assertThat(openai.path("state").asText()).isEqualTo("CLOSED");
        assertThat(openai.path("failure_rate").asDouble()).isEqualTo(-1.0);
        JsonNode azure = breakers.get(1);
        assertThat(azure.path("deployment").asText()).isEqualTo("azure/gpt-4o-mini");
        assertThat(azure.path("state").asText()).isEqualTo("OPEN");
    }
}
