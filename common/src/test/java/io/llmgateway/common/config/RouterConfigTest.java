package io.llmgateway.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The router's routing and resilience settings and the deployments' fallback fields. */
class RouterConfigTest {

    private static GatewayConfig parse(String yaml) {
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theExampleConfiguresResilienceAndContextWindows() {
        GatewayConfig config = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));

        RouterSettings router = config.router();
        assertThat(router.strategy()).isEqualTo(RoutingStrategy.WEIGHTED);
        assertThat(router.resilience().circuitBreaker().slowFirstToken()).isEqualTo(Duration.ofSeconds(10));
        assertThat(router.resilience().retry().maxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(router.resilience().timeLimits().chunkGap()).isEqualTo(Duration.ofSeconds(20));
        assertThat(router.resilience().limitsOf("mock").maxConcurrent()).isEqualTo(512);
        assertThat(config.model("gpt-4o-mini").orElseThrow().deployments().getFirst().contextWindow())
                .isEqualTo(128_000);
    }

    @Test
    void theComposeConfigLoads() {
        assertThat(GatewayConfig.load(Path.of("../config/gateway.compose.yaml")).router().resilience().timeLimits()
                .firstToken()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everythingHasADefault() {
        RouterSettings router = parse("router:\n  max_in_flight: 8\n").router();

        assertThat(router.batchMaxInFlight()).isEqualTo(6);
        assertThat(router.strategy()).isEqualTo(RoutingStrategy.WEIGHTED);
        assertThat(router.resilience().retry().maxAttempts()).isEqualTo(2);
        assertThat(router.resilience().circuitBreaker().failureRateThreshold()).isEqualTo(50f);
        assertThat(router.resilience().limitsOf("anyone").rateLimited()).isFalse();
    }

    @Test
    void providerLimitsFallBackToTheDefaultEntry() {
        GatewayConfig config = parse("""
                providers:
                  a: {type: openai, base_url: "http://a"}
                  b: {type: openai, base_url: "http://b"}
                router:
                  strategy: least_busy
                  resilience:
                    provider_limits:
                      default: {max_concurrent: 4}
                      a: {max_concurrent: 2, requests_per_second: 10}
                """);

        ResilienceSettings resilience = config.router().resilience();
        assertThat(config.router().strategy()).isEqualTo(RoutingStrategy.LEAST_BUSY);
        assertThat(resilience.limitsOf("a").maxConcurrent()).isEqualTo(2);
        assertThat(resilience.limitsOf("a").requestsPerSecond()).isEqualTo(10);
        assertThat(resilience.limitsOf("b").maxConcurrent()).isEqualTo(4);
    }

    @Test
    void limitsOfAnUnknownProviderAreReportedWithTheirPath() {
        assertThatThrownBy(() -> parse("""
                providers:
                  a: {type: openai, base_url: "http://a"}
                router:
                  resilience:
                    provider_limits:
                      nope: {max_concurrent: 2}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("router.resilience.provider_limits.nope: unknown provider 'nope'");
    }

    @Test
    void aBadResilienceValueIsReportedWithItsPath() {
        assertThatThrownBy(() -> parse("router:\n  resilience:\n    retry:\n      jitter: 1.5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("router.resilience.retry")
                .hasMessageContaining("jitter must be in [0, 1)");
        assertThatThrownBy(() -> parse("router:\n  resilience:\n    time_limits:\n      first_token: 0ms\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("first_token must be positive");
    }

    @Test
    void deploymentsReadTheirContextWindowAndContentFilterFallback() {
        GatewayConfig config = parse("""
                providers:
                  a: {type: openai, base_url: "http://a"}
                models:
                  m:
                    deployments:
                      - {provider: a, model: small, context_window: 8192}
                      - {provider: a, model: large, priority: 1, context_window: 128000, fallback_on_content_filter: true}
                      - {provider: a, model: unknown, priority: 2}
                """);

        var deployments = config.model("m").orElseThrow().deployments();
        Deployment small = deployments.get(0);
        Deployment large = deployments.get(1);
        Deployment unknown = deployments.get(2);
        assertThat(large.fallbackOnContentFilter()).isTrue();
        assertThat(small.fallbackOnContentFilter()).isFalse();
        assertThat(large.hasLargerContextWindowThan(small)).isTrue();
        assertThat(small.hasLargerContextWindowThan(large)).isFalse();
        assertThat(unknown.hasLargerContextWindowThan(small)).isFalse();
        assertThat(small.hasLargerContextWindowThan(unknown)).isTrue();
        assertThat(small.id()).isEqualTo("a/small");
    }

    @Test
    void aBatchShareAboveTheWholeIsRefused() {
        assertThatThrownBy(() -> parse("router:\n  max_in_flight: 4\n  batch_max_in_flight: 5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("batch_max_in_flight must be between 1 and max_in_flight");
    }
}
