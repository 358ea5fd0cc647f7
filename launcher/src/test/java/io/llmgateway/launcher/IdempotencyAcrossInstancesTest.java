package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.ingress.IngressServer;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Topic;
import io.llmgateway.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Idempotency-Key} through the whole gateway with two ingress instances: a retry that
 * reaches the other instance, after the first answer or while the first still runs, gets the
 * first answer, the provider is called once and the cost stream bills the request once; the same
 * key with another body is refused in each API's format.
 */
class IdempotencyAcrossInstancesTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static DevGateway gateway;
    private static IngressServer second;

    @BeforeAll
    static void startGatewayAndASecondIngress() throws Exception {
        GatewayConfig config = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));
        gateway = DevGateway.start(config, new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0),
                Clock.systemUTC());
        second = new IngressServer(gateway.config(), Clock.systemUTC(), 0, null, gateway.secrets()).start();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!second.isReady() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void resetMock() {
        gateway.mockProvider().reset();
    }

    @Test
    void aRetryOnAnotherInstanceGetsTheFirstAnswerAndIsBilledOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = chatBody("idempotent " + key, false);
        try (CostReader costs = new CostReader(gateway.config())) {
            long calls = gateway.mockProvider().chatRequests();
            long startedMs = System.currentTimeMillis();

            HttpResponse<String> first = post(gateway.ingressPort(), "/v1/chat/completions", body, key);
            HttpResponse<String> retry = post(second.port(), "/v1/chat/completions", body, key);

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            String requestId = first.headers().firstValue("x-request-id").orElseThrow();
            assertThat(retry.headers().firstValue("x-request-id")).hasValue(requestId);
            assertThat(retry.headers().firstValue("idempotent-replayed")).hasValue("true");
            assertThat(first.headers().firstValue("idempotent-replayed")).isEmpty();
            assertThat(content(retry)).isEqualTo(content(first)).isEqualTo("idempotent " + key);
            assertThat(gateway.mockProvider().chatRequests() - calls).isEqualTo(1);
            assertThat(costs.startedSince(startedMs, Duration.ofSeconds(3))).extracting(CostRecord::requestId)
                    .containsExactly(requestId);
        }
    }

    @Test
    void aRetryWhileTheFirstStillRunsOnAnotherInstanceWaitsForItsAnswerAndIsBilledOnce() throws Exception {
        gateway.mockProvider().behave(MockBehavior.DEFAULT.withLatency(Duration.ofSeconds(2)));
        String key = UUID.randomUUID().toString();
        String body = chatBody("slow " + key, false);
        try (CostReader costs = new CostReader(gateway.config())) {
            long calls = gateway.mockProvider().chatRequests();
            long startedMs = System.currentTimeMillis();

            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                    () -> postUnchecked(gateway.ingressPort(), "/v1/chat/completions", body, key));
            Thread.sleep(700);
            HttpResponse<String> retry = post(second.port(), "/v1/chat/completions", body, key);

            assertThat(first.get().statusCode()).as(first.get().body()).isEqualTo(200);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            assertThat(content(retry)).isEqualTo(content(first.get())).isEqualTo("slow " + key);
            assertThat(gateway.mockProvider().chatRequests() - calls).isEqualTo(1);
            assertThat(costs.startedSince(startedMs, Duration.ofSeconds(3))).extracting(CostRecord::requestId)
                    .containsExactly(first.get().headers().firstValue("x-request-id").orElseThrow());
        }
    }

    @Test
    void aStreamedRetryGetsTheWholeFirstAnswerAsAStream() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = chatBody("streamed " + key, true);

        HttpResponse<String> first = post(gateway.ingressPort(), "/v1/chat/completions", body, key);
        // The first instance stores its answer on llm.idempotency when it arrives and the second
        // reads it a moment later; a retry in between is sent again under the same id (admission
        // serves an id once) and gets the answer without the replay header. Retry until replayed.
        HttpResponse<String> retry = post(second.port(), "/v1/chat/completions", body, key);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (retry.headers().firstValue("idempotent-replayed").isEmpty() && System.nanoTime() < until) {
            Thread.sleep(200);
            retry = post(second.port(), "/v1/chat/completions", body, key);
        }

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(retry.headers().firstValue("idempotent-replayed")).hasValue("true");
        assertThat(retry.body()).contains("\"content\":\"streamed " + key + "\"").contains("data: [DONE]");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused422InEachApisFormat() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(post(gateway.ingressPort(), "/v1/chat/completions", chatBody("one", false), key).statusCode())
                .isEqualTo(200);

        HttpResponse<String> openAi = post(second.port(), "/v1/chat/completions", chatBody("two", false), key);
        String anthropicKey = UUID.randomUUID().toString();
        assertThat(post(second.port(), "/v1/messages", messagesBody("one"), anthropicKey).statusCode()).isEqualTo(200);
        HttpResponse<String> anthropic = post(gateway.ingressPort(), "/v1/messages", messagesBody("two"),
                anthropicKey);

        assertThat(openAi.statusCode()).isEqualTo(422);
        JsonNode error = JSON.readTree(openAi.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(error.path("param").asText()).isEqualTo("Idempotency-Key");
        assertThat(anthropic.statusCode()).isEqualTo(422);
        JsonNode anthropicError = JSON.readTree(anthropic.body());
        assertThat(anthropicError.path("type").asText()).isEqualTo("error");
        assertThat(anthropicError.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(anthropicError.path("error").path("message").asText()).contains("Idempotency-Key");
    }

    private static String chatBody(String prompt, boolean stream) {
        return "{\"model\": \"gpt-4o-mini\", \"stream\": " + stream + ", \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"" + prompt + "\"}]}";
    }

    private static String messagesBody(String prompt) {
        return "{\"model\": \"gpt-4o-mini\", \"max_tokens\": 64, \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"" + prompt + "\"}]}";
    }

    private static String content(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText();
    }

    private static HttpResponse<String> postUnchecked(int port, String path, String body, String key) {
        try {
            return post(port, path, body, key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(int port, String path, String body, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer sk-gw-demo-acme")
                        .header("Content-Type", "application/json")
                        .header("anthropic-version", "2023-06-01")
                        // The cache would answer a repeat for free: the provider is what a double bill pays for.
                        .header("Cache-Control", "no-store")
                        .header("Idempotency-Key", key)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The committed cost records written from its creation on. */
    private static final class CostReader implements AutoCloseable {

        private final Topic<String, CostRecord> topic;
        private final KafkaConsumer<String, CostRecord> consumer;

        CostReader(GatewayConfig config) {
            topic = config.topics().costsTopic();
            Properties props = KafkaClients.rawConsumer(config.kafka(), "it-" + UUID.randomUUID(), "it-costs");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /**
         * The cost records of requests started from {@code sinceMs} on, read for {@code time} (long
         * enough for a second bill to show); an earlier test's late costs are not this test's.
         */
        List<CostRecord> startedSince(long sinceMs, Duration time) {
            List<CostRecord> read = new ArrayList<>();
            long until = System.nanoTime() + time.toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
            }
            return read.stream().filter(cost -> cost.startedAtMs() >= sinceMs).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
