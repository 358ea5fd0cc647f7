package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TenantState;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.testkit.KafkaBroker;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Early refusal from the tenant state accounting publishes: the state is produced to a real
 * {@code llm.tenant.state}, read by {@link TenantStateView}, and applied by the HTTP routes.
 */
class EarlyLimitsHttpTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final List<GatewayRequest> sent = new CopyOnWriteArrayList<>();
    private static TenantStateView view;
    private static WebServer server;
    private static HttpCalls http;
    private static long asOfMs;

    /** {@code tokens} left of 1,000 a minute; the rest leaves the window 40 s after the snapshot. */
    private static TenantState state(String tenant, long tokensUsed) {
        var tokens = new TenantState.Window(1_000, tokensUsed, asOfMs + 40_000,
                List.of(new TenantState.Release(asOfMs + 40_000, tokensUsed)));
        var requests = new TenantState.Window(100, 10, asOfMs + 50_000,
                List.of(new TenantState.Release(asOfMs + 50_000, 10)));
        return new TenantState(tenant, asOfMs, new TenantState.Scope(requests, tokens, null, 0, null, null), Map.of());
    }

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig config = TestConfigs.config(KAFKA.bootstrapServers(), "  request_timeout: 30s");
        PipelineTopics.ensure(config);
        asOfMs = System.currentTimeMillis();
        var topic = config.topics().tenantStateTopic();
        try (var producer = new KafkaProducer<>(KafkaClients.producer(config.kafka(), "it-accounting"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), "acme", state("acme", 990))).get();
            producer.send(new ProducerRecord<>(topic.name(), "globex", state("globex", 0))).get();
        }
        view = new TenantStateView(config.kafka(), topic, "it-tenant-state").start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (view.get("acme").isEmpty() || view.get("globex").isEmpty()) {
            assertThat(System.nanoTime()).as("tenant state read in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        Pipeline pipeline = request -> {
            sent.add(request);
            return Reply.complete(request.requestId(), 0, 1, "m", "p", "ok", FinishReason.STOP,
                    new TokenUsage(1, 1, 0), CacheStatus.MISS, 0);
        };
        EarlyLimits limits = new EarlyLimits(view::get, config.accounting(), Clock.systemUTC());
        server = IngressRoutes.server(config, Clock.systemUTC(), "llm.replies.limits-test", 0, pipeline, () -> true,
                limits).start();
        http = new HttpCalls(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (view != null) {
            view.close();
        }
    }

    @Test
    void aRequestPlainlyOverTheTokenLimitIsRefusedAtOnceWithRetryAfterAndRateLimitHeaders() {
        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY,
                "{\"model\": \"gpt-4o-mini\", \"max_tokens\": 100, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(HttpCalls.json(response).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(HttpCalls.json(response).path("error").path("type").asText()).isEqualTo("tokens");
        var headers = response.headers();
        assertThat(Long.parseLong(headers.firstValue("retry-after").orElseThrow())).isBetween(30L, 40L);
        assertThat(headers.firstValue("x-ratelimit-limit-tokens")).contains("1000");
        assertThat(headers.firstValue("x-ratelimit-remaining-tokens")).contains("10");
        assertThat(headers.firstValue("x-ratelimit-reset-tokens").orElseThrow()).endsWith("s");
        assertThat(headers.firstValue("x-ratelimit-limit-requests")).contains("100");
        assertThat(headers.firstValue("x-ratelimit-remaining-requests")).contains("90");
        assertThat(sent).noneMatch(r -> r.tenantId().equals("acme"));
    }

    @Test
    void aRequestThatFitsGoesOnAndCarriesWhatIsLeftAfterIt() {
        HttpResponse<String> response = http.chat(TestConfigs.GLOBEX_KEY,
                "{\"model\": \"mock-echo\", \"max_tokens\": 100, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var headers = response.headers();
        GatewayRequest request = sent.stream().filter(r -> r.tenantId().equals("globex")).findFirst().orElseThrow();
        long estimate = request.estimatedInputTokens() + 100;
        assertThat(headers.firstValue("x-ratelimit-remaining-tokens")).contains(Long.toString(1_000 - estimate));
        assertThat(headers.firstValue("x-ratelimit-remaining-requests")).contains("89");
        assertThat(headers.firstValue("retry-after")).isEmpty();
    }
}
