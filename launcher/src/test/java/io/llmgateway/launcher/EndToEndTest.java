package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat completion from the official OpenAI Java SDK through ingress, Kafka, accounting,
 * cache, router, the mock provider and back: every part real but the provider.
 */
class EndToEndTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static DevGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void startGateway() {
        GatewayConfig config = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));
        gateway = DevGateway.start(config,
                new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0), Clock.systemUTC());
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.ingressPort() + "/v1")
                .apiKey("sk-gw-demo-acme")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stopGateway() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theOpenAiSdkGetsACompletionThatWentThroughEveryStage() {
        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addSystemMessage("Be brief.")
                        .addUserMessage("Hello through Kafka")
                        .build());
        ChatCompletion completion = response.parse();

        String requestId = response.headers().values("x-request-id").getFirst();
        assertThat(completion.id()).contains(requestId);
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello through Kafka");
        assertThat(completion.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isPositive();
            assertThat(u.completionTokens()).isPositive();
        });
        assertThat(gateway.mockProvider().chatRequests()).isPositive();

        List<UsageRecord> usage = usageRecordsFor(requestId);
        assertThat(usage).singleElement().satisfies(u -> {
            assertThat(u.tenantId()).isEqualTo("acme");
            assertThat(u.apiKeyId()).isEqualTo("acme-dev");
            assertThat(u.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(u.modelRequested()).isEqualTo("gpt-4o-mini");
            assertThat(u.provider()).isEqualTo("mock");
        });
    }

    @Test
    void manyConcurrentCallersEachGetTheirOwnAnswer() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 40; i++) {
            String prompt = "question number " + i;
            threads.add(Thread.ofVirtual().start(() -> {
                ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini").addUserMessage(prompt).build());
                String answer = c.choices().getFirst().message().content().orElse("");
                if (!answer.equals(prompt)) {
                    failures.add(prompt + " -> " + answer);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60));
        }
        assertThat(failures).isEmpty();
    }

    private static List<UsageRecord> usageRecordsFor(String requestId) {
        var config = gateway.config();
        var topic = config.topics().usageTopic();
        var props = KafkaClients.rawConsumer(config.kafka(), "e2e-usage-reader-" + requestId, "e2e");
        List<UsageRecord> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            consumer.subscribe(List.of(topic.name()));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // Keep reading a little after the first match, so a duplicate would be seen too.
            long stopAfterMatch = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(until, stopAfterMatch)) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    UsageRecord usage = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                    if (usage.requestId().equals(requestId)) {
                        found.add(usage);
                        stopAfterMatch = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    }
                }
            }
        }
        return found;
    }
}
