package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
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
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content safety through the whole gateway: the example config (redact secrets and cards, log
 * the rest; globex blocks "project bluebird"), a real Kafka broker, every service, and the mock
 * provider in echo mode, so the answer shows exactly what the provider received.
 */
class ContentSafetyEndToEndTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final String CARD = "4539 1488 0343 6467";
    private static final String CARD_DIGITS = CARD.replace(" ", "");
    private static final String AWS_KEY = "AKIA" + "QX3VZ7T2MB5KJ4WD";
    private static final String PROMPT = "Charge card " + CARD + " and upload with aws_access_key_id=" + AWS_KEY
            + " please";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DevGateway gateway;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startGateway() {
        gateway = DevGateway.start(GatewayConfig.load(Path.of("../config/gateway.example.yaml")),
                new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0), Clock.systemUTC());
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aCardAndAnAwsKeyReachTheEchoingMockRedactedAndNoTopicHoldsEither() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "sk-gw-demo-acme", Map.of(
                "model", "gpt-4o-mini",
                "messages", List.of(Map.of("role", "user", "content", PROMPT))));

        assertThat(response.statusCode()).isEqualTo(200);
        String echoed = JSON.readTree(response.body()).at("/choices/0/message/content").asText();
        assertThat(echoed).isEqualTo("Charge card [redacted:card] and upload with aws_access_key_id=[redacted:secret]"
                + " please");
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(usageOf(requestId).filters()).containsExactlyInAnyOrder(
                new FilterResult(FilterResult.Stage.INPUT, SafetyCategory.CARD, SafetyAction.REDACT, 1),
                new FilterResult(FilterResult.Stage.INPUT, SafetyCategory.SECRET, SafetyAction.REDACT, 1));

        List<String> leaks = new ArrayList<>();
        int records = everyRecordOnEveryTopic(value -> {
            String flat = value.replaceAll("[\\s-]", "");
            if (flat.contains(CARD_DIGITS) || value.contains(AWS_KEY)) {
                leaks.add(value.substring(0, Math.min(80, value.length())));
            }
        });
        assertThat(records).isPositive();
        assertThat(leaks).isEmpty();
    }

    @Test
    void aStreamedAnswerShowsTheRedactionToo() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "sk-gw-demo-acme", Map.of(
                "model", "gpt-4o-mini", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", PROMPT))));

        assertThat(response.statusCode()).isEqualTo(200);
        StringBuilder content = new StringBuilder();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {")) {
                content.append(JSON.readTree(line.substring(6)).at("/choices/0/delta/content").asText(""));
            }
        }
        assertThat(content.toString()).contains("[redacted:card]", "[redacted:secret]").doesNotContain(AWS_KEY);
        assertThat(content.toString().replace(" ", "")).doesNotContain(CARD_DIGITS);
    }

    @Test
    void aBlockedWordIsRefusedInBothApisAndNeverReachesTheProvider() throws Exception {
        long providerCalls = gateway.mockProvider().chatRequests();

        HttpResponse<String> openAi = post("/v1/chat/completions", "sk-gw-demo-globex", Map.of(
                "model", "mock-echo",
                "messages", List.of(Map.of("role", "user", "content", "What is the status of Project Bluebird?"))));
        HttpResponse<String> anthropic = post("/v1/messages", "sk-gw-demo-globex", Map.of(
                "model", "mock-echo", "max_tokens", 64,
                "messages", List.of(Map.of("role", "user", "content", "Summarise project bluebird for me"))));

        assertThat(openAi.statusCode()).isEqualTo(400);
        JsonNode openAiError = JSON.readTree(openAi.body()).get("error");
        assertThat(openAiError.get("code").asText()).isEqualTo("content_filter");
        assertThat(openAiError.get("message").asText()).contains("blocklist").doesNotContainIgnoringCase("bluebird");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        JsonNode anthropicBody = JSON.readTree(anthropic.body());
        assertThat(anthropicBody.get("type").asText()).isEqualTo("error");
        assertThat(anthropicBody.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(anthropicBody.at("/error/message").asText()).contains("content filter");
        assertThat(gateway.mockProvider().chatRequests()).isEqualTo(providerCalls);
    }

    private static HttpResponse<String> post(String path, String key, Map<String, Object> body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.ingressPort() + path))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .header("anthropic-version", "2023-06-01")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static UsageRecord usageOf(String requestId) {
        var topic = gateway.config().topics().usageTopic();
        List<UsageRecord> found = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (found.isEmpty() && System.nanoTime() < until) {
            everyRecordOn(List.of(topic.name()), record -> {
                UsageRecord usage = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                if (usage.requestId().equals(requestId)) {
                    found.add(usage);
                }
            });
        }
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    /** Reads every record of every topic from the start, aborted transactions' records included. */
    private static int everyRecordOnEveryTopic(java.util.function.Consumer<String> values) throws Exception {
        List<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            topics = new ArrayList<>(admin.listTopics().names().get());
        }
        return everyRecordOn(topics, record -> values.accept(new String(record.value(), StandardCharsets.UTF_8)));
    }

    private static int everyRecordOn(List<String> topics,
                                     java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        Properties props = KafkaClients.rawConsumer(gateway.config().kafka(), "safety-e2e-" + System.nanoTime(),
                "safety-e2e");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        int count = 0;
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        each.accept(record);
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
