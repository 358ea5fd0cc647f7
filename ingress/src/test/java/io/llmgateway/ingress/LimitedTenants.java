package io.llmgateway.ingress;

import io.helidon.webserver.WebServer;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TenantState;
import io.llmgateway.schemas.TokenUsage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Two tenants with limits and budgets, and an ingress whose tenant state is what a test gives it. */
final class LimitedTenants {

    private LimitedTenants() {}

    static GatewayConfig config() {
        String yaml = """
                kafka:
                  bootstrap_servers: 127.0.0.1:9
                ingress:
                  host: 127.0.0.1
                  request_timeout: 30s
                providers:
                  mock: {type: openai, base_url: "http://127.0.0.1:1/v1"}
                models:
                  mock-echo:
                    deployments: [{provider: mock, model: mock-echo}]
                tenants:
                  acme:
                    projects: [default, research]
                    limits: {requests_per_minute: 600, tokens_per_minute: 400000, max_concurrent_requests: 64}
                    budget: {daily_usd: 20}
                    project_quotas:
                      research:
                        limits: {requests_per_minute: 60}
                    api_keys:
                      - {id: acme-dev, project: research, sha256: %s}
                  globex:
                    limits: {requests_per_minute: 30, tokens_per_minute: 100000}
                    budget: {monthly_usd: 50}
                    api_keys:
                      - {id: globex-dev, sha256: %s}
                """.formatted(TestConfigs.sha256Hex(TestConfigs.ACME_KEY), TestConfigs.sha256Hex(TestConfigs.GLOBEX_KEY));
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    /** An ingress on a free port that answers every request it forwards with "ok". */
    static WebServer ingress(GatewayConfig config, Map<String, TenantState> live, ServiceMetrics metrics) {
        Pipeline pipeline = request -> Reply.complete(request.requestId(), 0, 1, "m", "p", "ok", FinishReason.STOP,
                new TokenUsage(1, 1, 0), CacheStatus.MISS, 0);
        EarlyLimits limits = new EarlyLimits(tenant -> Optional.ofNullable(live.get(tenant)), config.accounting(),
                Clock.systemUTC()).withConfiguredLimits(config.tenants());
        return IngressRoutes.server(config, Clock.systemUTC(), "llm.replies.usage-test", 0, pipeline, () -> true, limits,
                metrics).start();
    }
}
