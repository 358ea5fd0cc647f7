package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
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
    void metricsAreServedToPrometheusWithoutSecrets() throws Exception {
        client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("count me").build());

        URI metrics = URI.create(gateway.management().url() + "/metrics");
        HttpResponse<String> onThePublicPort = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.ingressPort() + "/metrics"))
                .header("Authorization", "Bearer " + gateway.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                        .header("Authorization", "Bearer " + gateway.adminToken()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(onThePublicPort.statusCode()).isEqualTo(404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain"));
        assertThat(scrape.body())
                .containsPattern("gateway_http_server_requests_seconds_count\\{[^}]*route=\"/v1/chat/completions\""
                        + "[^}]*status=\"200\"[^}]*} [1-9]")
                .contains("gateway_ingress_pending{")
                .contains("resilience4j_circuitbreaker_state{")
                .contains("kafka_stream_thread_")
                .contains("jvm_memory_used_bytes{")
                .doesNotContain("sk-gw-demo");
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

    @Test
    void aClientThatHangsUpMidStreamStopsTheProviderCallAndItsUsageIsStillRecorded() throws Exception {
        MockProviderServer mock = gateway.mockProvider();
        // 200 words at 5 tokens/s: the stream would last about 40 s if nobody stopped it.
        mock.behave(MockBehavior.DEFAULT.withTokensPerSecond(5).withResponse("word ".repeat(200).trim()));
        String requestId;
        try (Socket socket = new Socket("127.0.0.1", gateway.ingressPort())) {
            socket.setSoTimeout(20_000);
            String body = "{\"model\": \"gpt-4o-mini\", \"stream\": true, "
                    + "\"messages\": [{\"role\": \"user\", \"content\": \"talk for a while\"}]}";
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer sk-gw-demo-acme\r\nContent-Type: application/json\r\n"
                    + "Cache-Control: no-store\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            requestId = readUntilSomeContent(in);
            assertThat(mock.chatsAnswering()).isEqualTo(1);
        } // the client hangs up here, with most of the answer still to come
        try {
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (mock.chatsAnswering() > 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(mock.chatsAnswering()).as("provider calls still streaming after the client left").isZero();
        } finally {
            mock.reset();
        }
        List<UsageRecord> usage = usageRecordsFor(requestId);
        assertThat(usage).singleElement().satisfies(u -> {
            assertThat(u.outcome()).isEqualTo(Outcome.CANCELLED);
            assertThat(u.usage().outputTokens()).as("the tokens streamed before the hang-up").isPositive();
            assertThat(u.usage().outputTokens()).as("not the whole answer").isLessThan(200);
        });
    }

    /** Reads the response head and SSE events until a content delta came; returns the request id. */
    private static String readUntilSomeContent(BufferedReader in) throws java.io.IOException {
        String requestId = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-request-id:")) {
                requestId = line.substring(line.indexOf(':') + 1).trim();
            }
            if (line.startsWith("data: ") && line.contains("\"content\":\"word")) {
                assertThat(requestId).isNotNull();
                return requestId;
            }
        }
        throw new AssertionError("the stream ended before any content");
    }

    private static List<UsageRecord> usageRecordsFor(String requestId) {
        return RequestRecords.of(gateway.config(), gateway.config().topics().usageTopic(), requestId,
                UsageRecord::requestId);
    }
}
