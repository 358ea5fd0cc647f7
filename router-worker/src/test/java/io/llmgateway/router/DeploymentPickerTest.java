package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.common.config.ProviderType;
import io.llmgateway.common.config.RoutingStrategy;
import io.llmgateway.common.config.TenantConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class DeploymentPickerTest {

    private static final Deployment A = new Deployment("p", "a", 0, 3, 8_000, false);
    private static final Deployment B = new Deployment("p", "b", 0, 1, 128_000, false);
    private static final Deployment C = new Deployment("p", "c", 1, 1);

    private final DeploymentStats stats = new DeploymentStats();

    private DeploymentPicker picker(RoutingStrategy strategy, Predicate<Deployment> healthy) {
        GatewayConfig config = new GatewayConfig(null, null, null, null, null, null,
                Map.of("p", new ProviderConfig(ProviderType.OPENAI, URI.create("http://p"), null, null, null)),
                Map.of("m", new ModelConfig(List.of(C, B, A)), "n", new ModelConfig(List.of(C))),
                Map.of("acme", new TenantConfig(null, null, null),
                        "globex", new TenantConfig(null, null, List.of("n"))), null);
        return new DeploymentPicker(config, strategy, healthy, stats, new SplittableRandom(42));
    }

    @Test
    void aTenantIsServedOnlyTheAliasesItMayUseAndAnUnknownTenantNone() {
        DeploymentPicker picker = picker(RoutingStrategy.WEIGHTED, d -> true);

        assertThat(picker.refusal("acme", "m")).isEmpty();
        assertThat(picker.refusal("globex", "n")).isEmpty();
        assertThat(picker.refusal("globex", "m")).hasValue(
                "the model 'm' does not exist or this key may not use it");
        assertThat(picker.refusal("stranger", "m")).hasValue(
                "the model 'm' is not served to an unknown tenant");
    }

    @Test
    void priorityGroupsComeInOrder() {
        List<Deployment> plan = picker(RoutingStrategy.WEIGHTED, d -> true).plan("m", 10).orElseThrow();

        assertThat(plan).hasSize(3);
        assertThat(Set.copyOf(plan.subList(0, 2))).containsExactlyInAnyOrder(A, B);
        assertThat(plan.getLast()).isEqualTo(C);
    }

    @Test
    void withinAGroupTheFirstChoiceFollowsTheWeights() {
        DeploymentPicker picker = picker(RoutingStrategy.WEIGHTED, d -> true);
        int aFirst = 0;
        int draws = 4_000;
        for (int i = 0; i < draws; i++) {
            if (picker.plan("m", 10).orElseThrow().getFirst().equals(A)) {
                aFirst++;
            }
        }
        // Weights 3:1 -> 75%.
        assertThat(aFirst / (double) draws).isBetween(0.72, 0.78);
    }

    @Test
    void anUnhealthyDeploymentGoesToTheEndOfItsGroupButStaysInThePlan() {
        List<Deployment> plan = picker(RoutingStrategy.WEIGHTED, d -> !d.equals(A)).plan("m", 10).orElseThrow();

        assertThat(plan).containsExactly(B, A, C);
    }

    @Test
    void aDeploymentWhoseWindowIsTooSmallForTheInputIsLeftOut() {
        assertThat(picker(RoutingStrategy.WEIGHTED, d -> true).plan("m", 20_000).orElseThrow())
                .containsExactly(B, C);
    }

    @Test
    void leastBusyPrefersTheDeploymentWithFewestCallsInFlight() {
        stats.started(A);
        stats.started(A);
        stats.started(B);

        assertThat(picker(RoutingStrategy.LEAST_BUSY, d -> true).plan("m", 10).orElseThrow()).containsExactly(B, A, C);
    }

    @Test
    void lowestLatencyTriesUnmeasuredDeploymentsFirstThenTheFastest() {
        DeploymentPicker picker = picker(RoutingStrategy.LOWEST_LATENCY, d -> true);
        stats.started(B);
        stats.finished(B, 900L);
        assertThat(picker.plan("m", 10).orElseThrow()).startsWith(A, B);

        stats.started(A);
        stats.finished(A, 2_000L);
        assertThat(picker.plan("m", 10).orElseThrow()).containsExactly(B, A, C);
    }

    @Test
    void anUnknownAliasHasNoPlan() {
        assertThat(picker(RoutingStrategy.WEIGHTED, d -> true).plan("nope", 10)).isEmpty();
    }
}
