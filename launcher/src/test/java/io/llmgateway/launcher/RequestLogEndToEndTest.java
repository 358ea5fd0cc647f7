package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.ModelPrice;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.RequestLogRecord;
import io.llmgateway.schemas.Topic;
import io.llmgateway.testkit.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * One request through ingress, accounting, cache, router and the mock provider on a real broker
 * gives exactly one record on {@code llm.request.log} and one JSON log line, with the seed's
 * fields as the mock answered and the price list prices them; a failed request, and a prompt the
 * ingress's content filter blocks before Kafka, get both too; neither carries the prompt, the
 * answer or the key.
 */
class RequestLogEndToEndTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-gw-demo-acme";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static DevGateway gateway;
    private static final ByteArrayOutputStream logLines = new ByteArrayOutputStream();
    private static OutputStreamAppender<ILoggingEvent> jsonAppender;

    @BeforeAll
    static void startGateway() {
        // The request log's logger, written as the containers write it: LogstashEncoder, one JSON object a line.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        jsonAppender = new OutputStreamAppender<>();
        jsonAppender.setContext(context);
        jsonAppender.setEncoder(encoder);
        jsonAppender.setOutputStream(logLines);
        jsonAppender.start();
        context.getLogger("llm.request.log").addAppender(jsonAppender);

        GatewayConfig config = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));
        gateway = DevGateway.start(config, new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0),
                Clock.systemUTC());
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        ((Logger) LoggerFactory.getLogger("llm.request.log")).detachAppender(jsonAppender);
        jsonAppender.stop();
    }

    @Test
    void oneRequestGivesOneRecordAndOneJsonLineWithTheSeedFields() throws Exception {
        String prompt = "Hello request log, prompt marker Q7X";
        long sentAt = System.currentTimeMillis();
        HttpResponse<String> response = chat(prompt);
        long tookMs = System.currentTimeMillis() - sentAt;
        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        JsonNode answer = JSON.readTree(response.body());
        long promptTokens = answer.path("usage").path("prompt_tokens").asLong();
        long completionTokens = answer.path("usage").path("completion_tokens").asLong();
        assertThat(promptTokens).isPositive();
        assertThat(completionTokens).isPositive();

        RequestLogRecord entry = single(recordsFor(gateway.config().topics().requestLogTopic(), requestId,
                RequestLogRecord::requestId));
        CostRecord cost = single(recordsFor(gateway.config().topics().costsTopic(), requestId, CostRecord::requestId));
        ModelPrice price = gateway.config().prices().find("gpt-4o-mini").orElseThrow();
        BigDecimal expectedCost = BigDecimal.valueOf(promptTokens).multiply(price.input())
                .add(BigDecimal.valueOf(completionTokens).multiply(price.output())).movePointLeft(6);

        assertThat(entry.traceId()).isEqualTo(TRACE_ID);
        assertThat(entry.tenantId()).isEqualTo("acme");
        assertThat(entry.modelRequested()).isEqualTo("gpt-4o-mini");
        assertThat(entry.providerUsed()).isEqualTo("mock");
        assertThat(entry.inputTokens()).isEqualTo(promptTokens);
        assertThat(entry.outputTokens()).isEqualTo(completionTokens);
        assertThat(entry.costUsd()).isEqualByComparingTo(expectedCost).isEqualTo(cost.costUsd());
        assertThat(entry.priceList()).isEqualTo("2026-08-21");
        assertThat(entry.latencyMs()).isPositive().isLessThanOrEqualTo(tookMs);
        assertThat(entry.ttftMs()).isNotNull().isLessThanOrEqualTo(entry.latencyMs());
        assertThat(entry.cacheHit()).isFalse();
        assertThat(entry.fallbackUsed()).isFalse();
        assertThat(entry.status()).isEqualTo(Outcome.SUCCESS);
        assertThat(entry.api()).isEqualTo("openai");
        assertThat(entry.stream()).isFalse();
        assertThat(entry.cacheDecision()).isNotNull();
        assertThat(entry.attempts()).singleElement().satisfies(a -> {
            assertThat(a.provider()).isEqualTo("mock");
            assertThat(a.status()).isEqualTo(200);
        });
        assertThat(entry.queueMs()).containsKeys("admission", "to_router", "provider");

        JsonNode line = single(logLinesFor(requestId));
        JsonNode logged = line.path("request_log");
        assertThat(line.path("logger_name").asText()).isEqualTo("llm.request.log");
        assertThat(logged.path("trace_id").asText()).isEqualTo(TRACE_ID);
        assertThat(logged.path("tenant_id").asText()).isEqualTo("acme");
        assertThat(logged.path("model_requested").asText()).isEqualTo("gpt-4o-mini");
        assertThat(logged.path("provider_used").asText()).isEqualTo("mock");
        assertThat(logged.path("input_tokens").asLong()).isEqualTo(promptTokens);
        assertThat(logged.path("output_tokens").asLong()).isEqualTo(completionTokens);
        assertThat(logged.path("cost_usd").decimalValue()).isEqualByComparingTo(expectedCost);
        assertThat(logged.path("latency_ms").asLong()).isEqualTo(entry.latencyMs());
        assertThat(logged.path("ttft_ms").asLong()).isEqualTo(entry.ttftMs());
        assertThat(logged.path("cache_hit").isBoolean()).isTrue();
        assertThat(logged.path("fallback_used").isBoolean()).isTrue();

        String answerText = answer.path("choices").path(0).path("message").path("content").asText();
        assertThat(answerText).contains("Q7X"); // the mock echoes the prompt
        assertNoSecrets(entry, line, "Q7X");
    }

    @Test
    void aStreamedAnthropicRequestSaysSoWithItsTimeToFirstToken() throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("model", "gpt-4o-mini")
                .put("max_tokens", 64).put("stream", true)
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("role", "user").put("content", "Stream me, marker S4W"))));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.ingressPort() + "/v1/messages"))
                .header("x-api-key", KEY)
                .header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newHttpClient()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("message_stop");
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        RequestLogRecord entry = single(recordsFor(gateway.config().topics().requestLogTopic(), requestId,
                RequestLogRecord::requestId));
        assertThat(entry.api()).isEqualTo("anthropic");
        assertThat(entry.stream()).isTrue();
        assertThat(entry.status()).isEqualTo(Outcome.SUCCESS);
        assertThat(entry.ttftMs()).isNotNull().isLessThanOrEqualTo(entry.latencyMs());
        assertThat(entry.outputTokens()).isPositive();
        assertNoSecrets(entry, single(logLinesFor(requestId)), "S4W");
    }

    @Test
    void aFailedRequestGetsItsRecordAndLineToo() throws Exception {
        gateway.mockProvider().behave(MockBehavior.DEFAULT.failingNext(5, 400));
        HttpResponse<String> response;
        try {
            response = chat("This one fails, marker F9Z");
        } finally {
            gateway.mockProvider().reset();
        }
        assertThat(response.statusCode()).isEqualTo(400);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        RequestLogRecord entry = single(recordsFor(gateway.config().topics().requestLogTopic(), requestId,
                RequestLogRecord::requestId));
        assertThat(entry.status()).isEqualTo(Outcome.FAILED);
        assertThat(entry.errorType()).isNotBlank();
        assertThat(entry.traceId()).isEqualTo(TRACE_ID);
        assertThat(entry.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(entry.attempts()).isNotEmpty().allSatisfy(a -> assertThat(a.status()).isEqualTo(400));
        JsonNode line = single(logLinesFor(requestId));
        assertThat(line.path("request_log").path("status").asText()).isEqualTo("failed");
        assertNoSecrets(entry, line, "F9Z");
    }

    @Test
    void aPromptTheContentFilterBlocksAtTheIngressGetsItsRecordAndLineToo() throws Exception {
        HttpResponse<String> response = chat("sk-gw-demo-globex", "mock-echo", "Summarise project bluebird for me");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("content_filter");
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        RequestLogRecord entry = single(recordsFor(gateway.config().topics().requestLogTopic(), requestId,
                RequestLogRecord::requestId));
        assertThat(entry.tenantId()).isEqualTo("globex");
        assertThat(entry.status()).isEqualTo(Outcome.REJECTED);
        assertThat(entry.errorType()).isEqualTo("content_filter");
        assertThat(entry.traceId()).isEqualTo(TRACE_ID);
        assertThat(entry.providerUsed()).isNull();
        assertThat(entry.safety()).isNotEmpty().allSatisfy(r -> assertThat(r.action().wireName()).isEqualTo("block"));
        JsonNode line = single(logLinesFor(requestId));
        assertThat(line.path("request_log").path("status").asText()).isEqualTo("rejected");
        assertNoSecrets(entry, line, "bluebird");
        assertThat(line.toString()).doesNotContain("sk-gw-demo-globex");
    }

    private static void assertNoSecrets(RequestLogRecord entry, JsonNode line, String promptMarker) throws Exception {
        String record = JSON.writeValueAsString(JSON.valueToTree(entry));
        for (String text : List.of(record, line.toString())) {
            assertThat(text).doesNotContain(promptMarker).doesNotContain(KEY).doesNotContain("sk-gw-");
        }
    }

    private static HttpResponse<String> chat(String prompt) throws Exception {
        return chat(KEY, "gpt-4o-mini", prompt);
    }

    private static HttpResponse<String> chat(String key, String model, String prompt) throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("model", model)
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("role", "user").put("content", prompt))));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.ingressPort() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store")
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static <T> T single(List<T> found) {
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    /** The JSON log lines of the request: waits for the asynchronous appender, then a little longer for a duplicate. */
    private static List<JsonNode> logLinesFor(String requestId) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> lines = List.of();
        while (System.nanoTime() < until) {
            lines = parseLines(requestId);
            if (!lines.isEmpty()) {
                Thread.sleep(500);
                return parseLines(requestId);
            }
            Thread.sleep(100);
        }
        return lines;
    }

    private static List<JsonNode> parseLines(String requestId) throws Exception {
        String all;
        synchronized (logLines) {
            all = logLines.toString(StandardCharsets.UTF_8);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String text : all.split("\n")) {
            if (!text.isBlank() && text.contains(requestId)) {
                lines.add(JSON.readTree(text));
            }
        }
        return lines;
    }

    private static <T> List<T> recordsFor(Topic<String, T> topic, String requestId, Function<T, String> idOf) {
        return RequestRecords.of(gateway.config(), topic, requestId, idOf);
    }
}
