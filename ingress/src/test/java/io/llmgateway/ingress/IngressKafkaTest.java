package io.llmgateway.ingress;

import static io.llmgateway.ingress.HttpCalls.json;
import static io.llmgateway.ingress.HttpCalls.userMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.Secrets;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.testkit.KafkaBroker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ingress against a real Kafka broker, with the rest of the pipeline played by
 * {@link FakePipeline}: round trip, deadline, duplicate and unreadable replies, what reaches the
 * requests topic, and the bad inputs that must never reach it.
 */
class IngressKafkaTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final int MAX_BODY = 16 * 1024;
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static GatewayConfig config;
    private static IngressServer ingress;
    private static IngressServer impatient;
    private static FakePipeline pipeline;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        config = TestConfigs.config(KAFKA.bootstrapServers(),
                "  request_timeout: 20s\n  max_body_bytes: " + MAX_BODY);
        ingress = new IngressServer(config, Clock.systemUTC(), 0, null, TestConfigs.SECRETS).start();
        impatient = new IngressServer(TestConfigs.config(KAFKA.bootstrapServers(), "  request_timeout: 1s"),
                Clock.systemUTC(), 0, null, TestConfigs.SECRETS).start();
        pipeline = new FakePipeline(config).start();
        http = new HttpCalls(ingress.port());
        await().atMost(Duration.ofSeconds(30)).until(() -> ingress.isReady() && impatient.isReady());
    }

    @AfterAll
    static void stop() throws Exception {
        if (impatient != null) {
            impatient.close();
        }
        if (ingress != null) {
            ingress.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static GatewayRequest published(String requestId) {
        return pipeline.seen().stream().map(pipeline::request)
                .filter(r -> r.requestId().equals(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("request " + requestId + " was not published"));
    }

    private static ConsumerRecord<String, byte[]> publishedRecord(String requestId) {
        return pipeline.seen().stream().filter(r -> pipeline.request(r).requestId().equals(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("request " + requestId + " was not published"));
    }

    @Test
    void aRandomlyNamedInstanceKeepsRepliesAnHourAndDeletesItsReplyTopicWhenItStops() throws Exception {
        IngressServer shortLived = new IngressServer(config, Clock.systemUTC(), 0, null, TestConfigs.SECRETS).start();
        String topic = shortLived.replyTopic();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String retention = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.RETENTION_MS_CONFIG).value();
            assertThat(admin.listTopics().names().get()).contains(topic);

            shortLived.close();

            assertThat(retention).isEqualTo(String.valueOf(Duration.ofHours(1).toMillis()));
            await().atMost(Duration.ofSeconds(10)).until(() -> !admin.listTopics().names().get().contains(topic));
        }
    }

    @Test
    void aChatCompletionMakesTheRoundTripThroughKafka() {
        long before = System.currentTimeMillis();
        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY, userMessage("gpt-4o-mini", "hello"),
                "traceparent", TRACEPARENT, "cache-control", "no-store");

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(UUID.fromString(requestId).version()).isEqualTo(7);
        assertThat(response.headers().firstValue("x-gateway-cache")).hasValue("MISS");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));

        GatewayRequest request = published(requestId);
        JsonNode body = json(response);
        assertThat(body.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("id", "object", "created", "model", "choices", "usage");
        assertThat(body.get("id").asText()).isEqualTo("chatcmpl-" + requestId);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").asLong()).isBetween(before / 1000, System.currentTimeMillis() / 1000);
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.get("choices")).hasSize(1);
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("index", "message", "logprobs", "finish_reason");
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.get("logprobs").isNull()).isTrue();
        JsonNode message = choice.get("message");
        assertThat(message.fieldNames()).toIterable().containsExactlyInAnyOrder("role", "content", "refusal");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("content").asText()).isEqualTo("echo: hello");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(request.estimatedInputTokens()).isPositive();
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(3);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(request.estimatedInputTokens() + 3);

        ConsumerRecord<String, byte[]> record = publishedRecord(requestId);
        assertThat(record.topic()).isEqualTo("llm.requests");
        assertThat(record.key()).as("keyed by tenant").isEqualTo("acme");
        assertThat(request.tenantId()).isEqualTo("acme");
        assertThat(request.projectId()).isEqualTo("research");
        assertThat(request.apiKeyId()).isEqualTo("acme-dev");
        assertThat(request.model()).isEqualTo("gpt-4o-mini");
        assertThat(request.replyTopic()).isEqualTo(ingress.replyTopic()).startsWith("llm.replies.");
        assertThat(request.deadlineMs() - request.createdAtMs()).isEqualTo(20_000);
        assertThat(request.cachePolicy()).isEqualTo(CachePolicy.NO_STORE);
        assertThat(request.traceparent()).isEqualTo(TRACEPARENT);
        // The record's header names the ingress's span, a child of the caller's, in the caller's trace.
        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .startsWith(TRACEPARENT.substring(0, 36)).isNotEqualTo(TRACEPARENT).endsWith("-01");
        assertThat(ingress.pendingRequests()).isZero();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheStoredAnswerAndIsNotPublishedAgain() {
        String key = UUID.randomUUID().toString();
        HttpRequest withKey = HttpRequest.newBuilder(http.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestConfigs.ACME_KEY)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(userMessage("mock-echo", "once " + key)))
                .build();

        HttpResponse<String> first = http.send(withKey);
        HttpResponse<String> retry = http.send(withKey);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        String requestId = first.headers().firstValue("x-request-id").orElseThrow();
        assertThat(retry.headers().firstValue("x-request-id")).hasValue(requestId);
        assertThat(retry.headers().firstValue("idempotent-replayed")).hasValue("true");
        assertThat(json(retry).get("choices")).isEqualTo(json(first).get("choices"));
        assertThat(pipeline.seen().stream().filter(r -> pipeline.request(r).requestId().equals(requestId)))
                .as("published once").hasSize(1);
    }

    @Test
    void everyPublishedRecordIsSignedWithTheIngressKeyAndNothingElse() {
        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "sign me"));
        assertThat(response.statusCode()).isEqualTo(200);

        ConsumerRecord<String, byte[]> record = publishedRecord(response.headers().firstValue("x-request-id")
                .orElseThrow());
        assertThat(RequestSignature.claimedSigner(record.headers())).hasValue(RequestSignature.Signer.INGRESS);
        assertThat(RequestSignature.verify(record.headers(), TestConfigs.INGRESS_SIGNING_KEY, record.value())).isTrue();
        assertThat(RequestSignature.verify(record.headers(), TestConfigs.INGRESS_SIGNING_KEY + "x", record.value()))
                .isFalse();
        for (Header header : record.headers()) {
            assertThat(new String(header.value(), StandardCharsets.UTF_8))
                    .doesNotContain(TestConfigs.INGRESS_SIGNING_KEY);
        }
    }

    @Test
    void anIngressWithoutItsSigningKeyDoesNotStartAndNamesTheField() {
        assertThatThrownBy(() -> new IngressServer(config, Clock.systemUTC(), 0, null, Secrets.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingress.signing_key_env: the environment variable 'GATEWAY_INGRESS_SIGNING_KEY' is not set");
    }

    @Test
    void thePublishedRecordCarriesNoApiKey() {
        HttpResponse<String> bearer = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "one"));
        HttpRequest viaXApiKey = HttpRequest.newBuilder(http.uri("/v1/chat/completions"))
                .header("x-api-key", TestConfigs.GLOBEX_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(userMessage("mock-echo", "two")))
                .build();
        HttpResponse<String> xApiKey = http.send(viaXApiKey);
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(xApiKey.statusCode()).isEqualTo(200);
        assertThat(published(xApiKey.headers().firstValue("x-request-id").orElseThrow()).apiKeyId())
                .isEqualTo("globex-dev");

        for (ConsumerRecord<String, byte[]> record : pipeline.seen()) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            for (String secret : List.of(TestConfigs.ACME_KEY, TestConfigs.GLOBEX_KEY)) {
                assertThat(value).doesNotContain(secret).doesNotContain(TestConfigs.sha256Hex(secret));
                assertThat(record.key()).doesNotContain(secret);
                for (Header header : record.headers()) {
                    assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain(secret);
                }
            }
        }
    }

    @Test
    void noReplyBeforeTheDeadlineIs504AndTheRequestIsForgotten() {
        HttpCalls toImpatient = new HttpCalls(impatient.port());
        long started = System.nanoTime();

        HttpResponse<String> response = toImpatient.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "please ignore"));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.statusCode()).isEqualTo(504);
        JsonNode error = json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo("timeout");
        assertThat(error.get("message").asText()).contains("timed out");
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(published(requestId).deadlineMs() - published(requestId).createdAtMs()).isEqualTo(1000);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertThat(impatient.pendingRequests()).isZero();
    }

    @Test
    void aSecondFinalReplyForTheSameRequestIsDropped() {
        long droppedBefore = ingress.replies().droppedReplies();
        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "please twice"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("choices").get(0).get("message").get("content").asText()).isEqualTo("first");
        await().atMost(Duration.ofSeconds(10)).until(() -> ingress.replies().droppedReplies() == droppedBefore + 1);
        HttpResponse<String> next = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "after twice"));
        assertThat(json(next).get("choices").get(0).get("message").get("content").asText())
                .isEqualTo("echo: after twice");
        assertThat(ingress.pendingRequests()).isZero();
    }

    @Test
    void anUnreadableReplyIsSkippedAndTheNextOneAnswers() {
        long unreadableBefore = ingress.replies().unreadableReplies();
        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "please garbage"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("choices").get(0).get("message").get("content").asText())
                .isEqualTo("after garbage");
        assertThat(ingress.replies().unreadableReplies()).isEqualTo(unreadableBefore + 1);
        assertThat(ingress.isReady()).isTrue();
    }

    @Test
    void anErrorReplyKeepsItsStatusAndRetryAfter() {
        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "please fail"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("2");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode error = json(response).get("error");
        assertThat(error.get("message").asText()).isEqualTo("Slow down.");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("param").isNull()).isTrue();
    }

    /** One bad request and what the caller must get back. */
    private record BadInput(String what, String key, String body, int status, String type, String code,
                            String param) {}

    @Test
    void badInputsAreRefusedInOpenAisShapeAndNothingIsPublished() {
        String wrongKey = "sk-not-a-real-key-1234";
        List<BadInput> cases = List.of(
                new BadInput("malformed JSON", TestConfigs.ACME_KEY, "{\"model\": \"mock-echo\",", 400,
                        "invalid_request_error", null, null),
                new BadInput("wrong type", TestConfigs.ACME_KEY,
                        "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}],"
                                + " \"temperature\": \"hot\"}", 400, "invalid_request_error", null, "temperature"),
                new BadInput("missing model", TestConfigs.ACME_KEY,
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", 400,
                        "invalid_request_error", null, "model"),
                new BadInput("missing messages", TestConfigs.ACME_KEY, "{\"model\": \"mock-echo\"}", 400,
                        "invalid_request_error", null, "messages"),
                new BadInput("empty messages", TestConfigs.ACME_KEY, "{\"model\": \"mock-echo\", \"messages\": []}",
                        400, "invalid_request_error", null, "messages"),
                new BadInput("bad role", TestConfigs.ACME_KEY,
                        "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}", 400,
                        "invalid_request_error", null, "messages[0].role"),
                new BadInput("tool result without its call", TestConfigs.ACME_KEY,
                        "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}, "
                                + "{\"role\": \"tool\", \"tool_call_id\": \"call_9\", \"content\": \"42\"}]}",
                        400, "invalid_request_error", null, null),
                new BadInput("image to a text-only deployment", TestConfigs.ACME_KEY,
                        "{\"model\": \"text-only\", \"messages\": [{\"role\": \"user\", \"content\": "
                                + "[{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://203.0.113.9/a.png\"}}]}]}",
                        400, "invalid_request_error", null, "messages"),
                new BadInput("missing key", null, userMessage("mock-echo", "x"), 401, "invalid_request_error",
                        "invalid_api_key", null),
                new BadInput("wrong key", wrongKey, userMessage("mock-echo", "x"), 401, "invalid_request_error",
                        "invalid_api_key", null),
                new BadInput("unknown model", TestConfigs.ACME_KEY, userMessage("no-such-model", "x"), 404,
                        "invalid_request_error", "model_not_found", "model"),
                new BadInput("model the tenant may not use", TestConfigs.GLOBEX_KEY, userMessage("gpt-4o-mini", "x"),
                        404, "invalid_request_error", "model_not_found", "model"),
                new BadInput("body over max_body_bytes", TestConfigs.ACME_KEY,
                        userMessage("mock-echo", "x".repeat(MAX_BODY)), 413, "invalid_request_error",
                        "request_too_large", null));
        int publishedBefore = pipeline.seen().size();

        for (BadInput bad : cases) {
            HttpResponse<String> response = http.chat(bad.status() == 413, bad.key(), bad.body());

            assertThat(response.statusCode()).as(bad.what()).isEqualTo(bad.status());
            assertThat(response.headers().firstValue("content-type")).as(bad.what())
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode error = json(response).get("error");
            assertThat(error).as(bad.what()).isNotNull();
            assertThat(error.fieldNames()).toIterable().as(bad.what())
                    .containsExactly("message", "type", "param", "code");
            assertThat(error.get("message").asText()).as(bad.what()).isNotBlank();
            assertThat(error.get("type").asText()).as(bad.what()).isEqualTo(bad.type());
            assertThat(error.get("code").isNull() ? null : error.get("code").asText()).as(bad.what())
                    .isEqualTo(bad.code());
            assertThat(error.get("param").isNull() ? null : error.get("param").asText()).as(bad.what())
                    .isEqualTo(bad.param());
            assertThat(response.body()).as(bad.what()).doesNotContain(wrongKey).doesNotContain(TestConfigs.ACME_KEY);
        }

        // Requests of one tenant share a partition and keep their order: once these sentinels are
        // read, anything the bad requests had published would have been read before them.
        List<String> sentinels = new ArrayList<>();
        for (String key : List.of(TestConfigs.ACME_KEY, TestConfigs.GLOBEX_KEY)) {
            HttpResponse<String> ok = http.chat(key, userMessage("mock-echo", "sentinel"));
            assertThat(ok.statusCode()).isEqualTo(200);
            sentinels.add(ok.headers().firstValue("x-request-id").orElseThrow());
        }
        List<String> publishedAfter = pipeline.seen().stream().skip(publishedBefore)
                .map(r -> pipeline.request(r).requestId()).toList();
        assertThat(publishedAfter).containsExactlyInAnyOrderElementsOf(sentinels);
    }

    @Test
    void anAnthropicMessageMakesTheRoundTripThroughKafka() {
        HttpResponse<String> response = http.messages(TestConfigs.ACME_KEY, """
                {"model": "mock-echo", "max_tokens": 32, "system": "Be brief.",
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "hello over kafka"}]}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = json(response);
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.at("/content/0/text").asText()).isEqualTo("echo: hello over kafka");
        String requestId = response.headers().firstValue("request-id").orElseThrow();
        GatewayRequest published = published(requestId);
        assertThat(published.params().maxTokens()).isEqualTo(32);
        assertThat(published.messages().getFirst().text()).isEqualTo("Be brief.");
    }

    @Test
    void badAnthropicInputsAreRefusedInAnthropicsShapeAndNothingIsPublished() {
        record Bad(String what, String key, String body, int status, String type) {}
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]";
        List<Bad> cases = List.of(
                new Bad("malformed JSON", TestConfigs.ACME_KEY, "{\"model\": ", 400, "invalid_request_error"),
                new Bad("wrong type", TestConfigs.ACME_KEY,
                        "{\"model\": \"mock-echo\", \"max_tokens\": \"many\", " + user + "}", 400,
                        "invalid_request_error"),
                new Bad("missing max_tokens", TestConfigs.ACME_KEY, "{\"model\": \"mock-echo\", " + user + "}", 400,
                        "invalid_request_error"),
                new Bad("bad role", TestConfigs.ACME_KEY, "{\"model\": \"mock-echo\", \"max_tokens\": 5, "
                        + "\"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}", 400, "invalid_request_error"),
                new Bad("tool result without its call", TestConfigs.ACME_KEY, "{\"model\": \"mock-echo\", "
                        + "\"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": "
                        + "\"tool_result\", \"tool_use_id\": \"toolu_9\", \"content\": \"42\"}]}]}", 400,
                        "invalid_request_error"),
                new Bad("image to a text-only deployment", TestConfigs.ACME_KEY, "{\"model\": \"text-only\", "
                        + "\"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": "
                        + "\"image\", \"source\": {\"type\": \"url\", \"url\": \"https://203.0.113.9/a.png\"}}]}]}",
                        400, "invalid_request_error"),
                new Bad("missing key", null, "{\"model\": \"mock-echo\", \"max_tokens\": 5, " + user + "}", 401,
                        "authentication_error"),
                new Bad("unknown model", TestConfigs.ACME_KEY,
                        "{\"model\": \"claude-nope\", \"max_tokens\": 5, " + user + "}", 404, "not_found_error"));
        // A body over max_body_bytes is refused while the client still sends it, which can reset the
        // connection under the client: AnthropicHttpTest proves that 413 with a request head alone.
        int publishedBefore = pipeline.seen().size();

        for (Bad bad : cases) {
            HttpResponse<String> response = http.messages(bad.key(), bad.body());

            assertThat(response.statusCode()).as(bad.what()).isEqualTo(bad.status());
            JsonNode error = json(response);
            assertThat(error.get("type").asText()).as(bad.what()).isEqualTo("error");
            assertThat(error.at("/error/type").asText()).as(bad.what()).isEqualTo(bad.type());
            assertThat(response.body()).as(bad.what()).doesNotContain(TestConfigs.ACME_KEY);
        }

        // As above: once the sentinel is read, anything a bad request had published was read before it.
        HttpResponse<String> ok = http.messages(TestConfigs.ACME_KEY,
                "{\"model\": \"mock-echo\", \"max_tokens\": 5, " + user + "}");
        assertThat(ok.statusCode()).isEqualTo(200);
        String sentinel = ok.headers().firstValue("request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.seen().stream().skip(publishedBefore)
                .anyMatch(r -> pipeline.request(r).requestId().equals(sentinel)));
        assertThat(pipeline.seen().stream().skip(publishedBefore).map(r -> pipeline.request(r).requestId()))
                .containsExactly(sentinel);
    }

    @Test
    void aBodyAnnouncedOverTheLimitIsRefusedBeforeItIsSent() throws IOException {
        String raw = http.postHeadOnly(TestConfigs.ACME_KEY, 100L * 1024 * 1024);

        assertThat(raw).startsWith("HTTP/1.1 413");
        assertThat(json(raw.substring(raw.indexOf("\r\n\r\n") + 4)).get("error").get("code").asText())
                .isEqualTo("request_too_large");
    }

    @Test
    void modelsListsOnlyTheAliasesTheTenantMayUse() {
        JsonNode acme = json(http.get("/v1/models", TestConfigs.ACME_KEY));
        JsonNode globex = json(http.get("/v1/models", TestConfigs.GLOBEX_KEY));

        assertThat(acme.get("object").asText()).isEqualTo("list");
        assertThat(ids(acme)).containsExactly("fast", "gpt-4o-mini", "mock-echo", "text-only");
        assertThat(ids(globex)).containsExactly("mock-echo");
        JsonNode model = globex.get("data").get(0);
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.get("owned_by").asText()).isNotBlank();
        assertThat(model.get("created").isIntegralNumber()).isTrue();
        assertThat(http.get("/v1/models", null).statusCode()).isEqualTo(401);
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.get("data").spliterator(), false).map(m -> m.get("id").asText()).toList();
    }

    @Test
    void healthAndReadinessAreUp() {
        assertThat(http.get("/healthz", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = http.get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void closeAnswersWaitingRequestsAndStopsServing() throws Exception {
        IngressServer closing = new IngressServer(config, Clock.systemUTC(), 0, null, TestConfigs.SECRETS).start();
        await().atMost(Duration.ofSeconds(30)).until(closing::isReady);
        int port = closing.port();
        HttpRequest waiting = HttpRequest.newBuilder(new HttpCalls(port).uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + TestConfigs.ACME_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(userMessage("mock-echo", "please ignore")))
                .build();
        CompletableFuture<HttpResponse<String>> response = java.net.http.HttpClient.newHttpClient()
                .sendAsync(waiting, HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> closing.pendingRequests() == 1);

        closing.close();

        assertThat(response.get().statusCode()).isEqualTo(503);
        assertThat(closing.isReady()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(Set.of(closing.instanceId())).doesNotContain(ingress.instanceId());
    }
}
