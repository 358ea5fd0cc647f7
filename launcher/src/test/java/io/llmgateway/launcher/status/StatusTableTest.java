package io.llmgateway.launcher.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    private static GatewayState state(List<GatewayState.TenantLoad> tenants) {
        return new GatewayState("gateway http://127.0.0.1:8080 (pid 42)",
                List.of(new GatewayState.Service("ingress", "READY"),
                        new GatewayState.Service("accounting-stream", "REBALANCING")),
                List.of(new GatewayState.GroupLag("llm-router", 17, 6)),
                List.of(new GatewayState.Breaker("openai/gpt-4o-mini", "OPEN", 62.5, 20),
                        new GatewayState.Breaker("mock/mock-echo", "CLOSED", -1, 0)),
                1234L, 3, tenants);
    }

    @Test
    void printsEachSectionAsAlignedColumns() {
        String table = StatusTable.format(state(List.of(new GatewayState.TenantLoad("acme",
                new GatewayState.Use("12", "600", 2), GatewayState.Use.NONE,
                new GatewayState.Use("$1.25", "$20", 6.25), GatewayState.Use.NONE))));

        assertThat(table).startsWith("gateway http://127.0.0.1:8080 (pid 42)\n");
        assertThat(table).contains("""
                SERVICE            STATE
                ingress            READY
                accounting-stream  REBALANCING
                """);
        assertThat(table).contains("""
                CONSUMER GROUP  LAG  PARTITIONS
                llm-router      17   6
                """);
        assertThat(table).contains("""
                BREAKER (deployment)  STATE   FAILURE RATE  CALLS
                openai/gpt-4o-mini    OPEN    63%           20
                mock/mock-echo        CLOSED  -             0
                """);
        assertThat(table).contains("CACHE: 1234 entries in 3 shard(s)");
        assertThat(table).contains("acme    12 / 600 (2%)  -           $1.25 / $20 (6%)  -");
        assertThat(table).endsWith("NEAR A LIMIT (>= 80%): none\n");
    }

    @Test
    void listsTenantsAtOrAboveEightyPercentOfAnyLimitWithTheirHighestShare() {
        String table = StatusTable.format(state(List.of(
                new GatewayState.TenantLoad("acme", new GatewayState.Use("590", "600", 98.3), GatewayState.Use.NONE,
                        GatewayState.Use.NONE, GatewayState.Use.NONE),
                new GatewayState.TenantLoad("globex", GatewayState.Use.NONE, GatewayState.Use.NONE,
                        GatewayState.Use.NONE, new GatewayState.Use("$40", "$50", 80)),
                new GatewayState.TenantLoad("initech", GatewayState.Use.NONE, GatewayState.Use.NONE,
                        GatewayState.Use.NONE, new GatewayState.Use("$39", "$50", 78)))));

        assertThat(table).endsWith("NEAR A LIMIT (>= 80%): acme (98%), globex (80%)\n");
    }

    @Test
    void anEmptySectionSaysSo() {
        String table = StatusTable.format(new GatewayState("gateway", List.of(), List.of(), List.of(), null, 0,
                List.of()));

        assertThat(table).contains("CONSUMER GROUP  LAG  PARTITIONS\n(none)\n").contains("CACHE: unknown");
    }
}
