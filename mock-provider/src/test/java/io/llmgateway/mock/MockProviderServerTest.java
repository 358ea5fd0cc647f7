package io.llmgateway.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.security.AdminAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mock's wire format and each failure mode, seen by a plain HTTP client on loopback. */
class MockProviderServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELLO = """
            {"model":"gpt-test","messages":[{"role":"system","content":"be brief"},
             {"role":"user","content":"Hello through the mock"}]}""";

    private static MockProviderServer mock;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        mock = MockProviderServer.onFreePort(MockBehavior.DEFAULT).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() {
        http.close();
        mock.close();
    }

    @AfterEach
    void resetBehaviour() {
        mock.reset();
    }

    private static HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> chat(String body) throws IOException, InterruptedException {
        return http.send(post("/chat/completions", body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String streaming(String body, boolean includeUsage) {
        return body.substring(0, body.lastIndexOf('}')) + ",\"stream\":true"
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }

    /** The data payloads of an SSE body, checking OpenAI's framing on the way. */
    private static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        List<String> payloads = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            payloads.add(event.substring("data: ".length()));
        }
        return payloads;
    }

    @Test
    void aNonStreamingAnswerEchoesTheLastUserMessageAsAChatCompletion() throws Exception {
        HttpResponse<String> response = chat(HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("model").asText()).isEqualTo("gpt-test");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello through the mock");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        // Words are the mock's tokens: 2 + 4 in, 4 out.
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(6);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void aFixedResponseLongerThanMaxTokensStopsWithFinishReasonLength() throws Exception {
        mock.behave(MockBehavior.DEFAULT.withResponse("one two three four five"));

        JsonNode body = JSON.readTree(chat("""
                {"model":"m","max_tokens":3,"messages":[{"role":"user","content":"count"}]}""").body());

        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("one two three ");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void aStreamSendsARoleChunkThenOneChunkPerTokenThenTheFinishChunkThenDone() throws Exception {
        HttpResponse<String> response = chat(streaming(HELLO, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));
        List<String> events = events(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events.subList(0, events.size() - 1)) {
            chunks.add(JSON.readTree(event));
        }
        assertThat(chunks).hasSize(1 + 4 + 1);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo(chunks.getFirst().path("id").asText());
            assertThat(chunk.path("model").asText()).isEqualTo("gpt-test");
            assertThat(chunk.has("usage")).isFalse();
        });
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").asText())
                .isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks.subList(1, 5)) {
            JsonNode choice = chunk.path("choices").get(0);
            assertThat(choice.path("finish_reason").isNull()).isTrue();
            text.append(choice.path("delta").path("content").asText());
        }
        assertThat(text).hasToString("Hello through the mock");
        JsonNode finish = chunks.getLast().path("choices").get(0);
        assertThat(finish.path("delta").isEmpty()).isTrue();
        assertThat(finish.path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void includeUsageAddsAUsageChunkWithEmptyChoicesBeforeDone() throws Exception {
        List<String> events = events(chat(streaming(HELLO, true)).body());

        assertThat(events.getLast()).isEqualTo("[DONE]");
        JsonNode usageChunk = JSON.readTree(events.get(events.size() - 2));
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(6);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
        assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(10);
        for (String event : events.subList(0, events.size() - 2)) {
            JsonNode chunk = JSON.readTree(event);
            assertThat(chunk.has("usage")).isTrue();
            assertThat(chunk.path("usage").isNull()).isTrue();
        }
    }

    @Test
    void modelsAreListedAsOpenAiModelObjects() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/models"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").get(0).path("id").asText()).isEqualTo("mock-echo");
        assertThat(body.path("data").get(0).path("object").asText()).isEqualTo("model");
        assertThat(body.path("data").get(0).has("owned_by")).isTrue();
    }

    @Test
    void aBodyTheRealApiWouldRefuseGetsA400WithAnOpenAiErrorObject() throws Exception {
        HttpResponse<String> response = chat("{\"model\":\"m\",\"messages\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("messages");
    }

    @Test
    void aStatusFaultHitsOnlyTheNextNRequests() throws Exception {
        mock.behave(MockBehavior.DEFAULT.failingNext(2, 500));

        HttpResponse<String> first = chat(HELLO);
        HttpResponse<String> second = chat(HELLO);
        HttpResponse<String> third = chat(HELLO);

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(third.statusCode()).isEqualTo(200);
        JsonNode error = JSON.readTree(first.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
    }

    @Test
    void aRateLimitFaultSaysWhenToRetry() throws Exception {
        mock.behave(MockBehavior.DEFAULT.failingNext(1, 429).withRetryAfter(Duration.ofSeconds(7)));

        HttpResponse<String> response = chat(HELLO);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void aFractionFaultHitsAboutThatShareOfRequests() throws Exception {
        mock.behave(MockBehavior.DEFAULT.failingFraction(0.5, 503));

        int failed = 0;
        for (int i = 0; i < 100; i++) {
            if (chat(HELLO).statusCode() == 503) {
                failed++;
            }
        }

        // Binomial(100, 0.5): outside 20..80 has a probability below 1e-9.
        assertThat(failed).isBetween(20, 80);
    }

    @Test
    void aHangingRequestIsEndedOnlyByTheCallersTimeout() {
        mock.behave(MockBehavior.DEFAULT.hangingNext(1));
        long started = System.nanoTime();

        assertThatThrownBy(() -> http.send(post("/chat/completions", HELLO).timeout(Duration.ofMillis(300)).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aCutStreamDeliversSomeTokensThenDropsTheConnectionWithoutDone() throws Exception {
        // Paced, so the cut comes well after the tokens before it (a client may drop bytes that arrive with the reset).
        mock.behave(MockBehavior.DEFAULT.cuttingNext(1, 2).withTokensPerSecond(20));
        List<String> received = new ArrayList<>();

        HttpResponse<Stream<String>> response = http.send(post("/chat/completions", streaming(HELLO, false)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> response.body().forEach(received::add))
                .hasRootCauseInstanceOf(IOException.class);

        List<String> data = received.stream().filter(line -> line.startsWith("data: ")).toList();
        assertThat(data).hasSize(1 + 2);
        assertThat(data).noneMatch(line -> line.contains("[DONE]") || line.contains("\"finish_reason\":\"stop\""));
        mock.behave(MockBehavior.DEFAULT);
        assertThat(chat(streaming(HELLO, false)).body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void aStatusFaultCanCarryTheProvidersErrorCodeAndRetryAfterMs() throws Exception {
        mock.behave(MockBehavior.DEFAULT.withErrorCode("context_length_exceeded").failingNext(1, 400));
        HttpResponse<String> tooLong = chat(HELLO);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).path("error").path("code").asText())
                .isEqualTo("context_length_exceeded");

        mock.behave(MockBehavior.DEFAULT.withRetryAfterMs(250).failingNext(1, 429));
        assertThat(chat(HELLO).headers().firstValue("retry-after-ms")).hasValue("250");
    }

    @Test
    void aStalledStreamDeliversSomeTokensThenGoesSilentWithTheConnectionOpen() throws Exception {
        mock.behave(MockBehavior.DEFAULT.stallingNext(1, 2).withTokensPerSecond(50));
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();

        HttpResponse<Stream<String>> response = http.send(post("/chat/completions", streaming(HELLO, false))
                .build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(received::add));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> received.stream().filter(line -> line.startsWith("data: ")).count() == 1 + 2);
        Thread.sleep(300); // silence: nothing more comes while the connection stays open
        assertThat(received.stream().filter(line -> line.startsWith("data: "))).hasSize(1 + 2);
        assertThat(reader.isAlive()).isTrue();
        reader.interrupt();
        response.body().close();
    }

    @Test
    void aMalformedStreamSendsAnEventThatIsNotJson() throws Exception {
        mock.behave(MockBehavior.DEFAULT.malformedNext(1, 1));
        List<String> received = new ArrayList<>();

        HttpResponse<Stream<String>> response = http.send(post("/chat/completions", streaming(HELLO, false)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThatThrownBy(() -> response.body().forEach(received::add)).hasRootCauseInstanceOf(IOException.class);

        List<String> data = received.stream().filter(line -> line.startsWith("data: ")).toList();
        assertThat(data).hasSize(1 + 1 + 1);
        assertThatThrownBy(() -> JSON.readTree(data.getLast().substring("data: ".length())))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aCutNonStreamingAnswerEndsInAnIoError() {
        mock.behave(MockBehavior.DEFAULT.cuttingNext(1, 0));

        assertThatThrownBy(() -> chat(HELLO)).isInstanceOf(IOException.class);
    }

    @Test
    void latencyDelaysTheWholeAnswerAndTokensPerSecondPaceTheGeneration() throws Exception {
        mock.behave(MockBehavior.DEFAULT.withLatency(Duration.ofMillis(200)).withTokensPerSecond(20));

        long started = System.nanoTime();
        assertThat(chat(HELLO).statusCode()).isEqualTo(200);
        // 200 ms to the first token, then 3 more tokens at 50 ms each.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }

    @Test
    void itCountsTheMostCallsAnsweredAtOnce() throws Exception {
        mock.reset();
        mock.behave(MockBehavior.DEFAULT.withLatency(Duration.ofMillis(300)));
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    chat(HELLO);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join();
        }
        // At least our three (a call of an earlier test may still hang on this shared server).
        assertThat(mock.peakConcurrentChats()).isGreaterThanOrEqualTo(3);

        mock.reset();
        assertThat(mock.peakConcurrentChats()).isLessThan(3);
    }

    @Test
    void latencyIsTheTimeToFirstTokenOfAStream() throws Exception {
        mock.behave(MockBehavior.DEFAULT.withLatency(Duration.ofMillis(250)).withTokensPerSecond(10));
        long started = System.nanoTime();
        List<Long> arrivals = new ArrayList<>();

        HttpResponse<Stream<String>> response = http.send(post("/chat/completions", streaming(HELLO, false)).build(),
                HttpResponse.BodyHandlers.ofLines());
        response.body().filter(line -> line.contains("\"content\":\"") && !line.contains("\"content\":\"\""))
                .forEach(line -> arrivals.add((System.nanoTime() - started) / 1_000_000));

        assertThat(arrivals).hasSize(4);
        assertThat(arrivals.getFirst()).isGreaterThanOrEqualTo(250);
        // 10 tokens per second: the fourth token is sent 300 ms after the first. A late first
        // arrival on a loaded machine shortens the gap the client sees, so allow two intervals'
        // worth; an unpaced stream would show a gap of a few milliseconds.
        assertThat(arrivals.getLast() - arrivals.getFirst()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void theAdminEndpointChangesTheBehaviourAtRunTime() throws Exception {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + mock.port() + "/mock/behavior"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"response\":\"fixed answer\",\"latency_ms\":5}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(mock.behavior().response()).isEqualTo("fixed answer");

        JsonNode body = JSON.readTree(chat(HELLO).body());
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("fixed answer");

        HttpResponse<String> typo = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + mock.port() + "/mock/behavior"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"respnse\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("respnse");

        HttpResponse<String> faulty = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + mock.port() + "/mock/behavior"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"fault\":\"status\",\"status\":503,\"fault_next\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(faulty.statusCode()).isEqualTo(200);
        assertThat(chat(HELLO).statusCode()).isEqualTo(503);

        HttpResponse<String> reset = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + mock.port() + "/mock/behavior")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(mock.behavior()).isEqualTo(MockBehavior.DEFAULT);
    }

    @Test
    void faultInjectionNeedsTheOperatorTokenWhenOneIsConfiguredAndChatDoesNot() throws Exception {
        String token = "operator-token-0123456789abcdefghijklmnop";
        try (MockProviderServer guarded = new MockProviderServer("127.0.0.1", 0, MockBehavior.DEFAULT,
                List.of("mock-echo"), Clock.systemUTC(), AdminAccess.token(token)).start()) {
            URI behavior = URI.create("http://127.0.0.1:" + guarded.port() + "/mock/behavior");
            String fault = "{\"fault\":\"status\",\"status\":503}";

            HttpResponse<String> none = http.send(HttpRequest.newBuilder(behavior)
                    .PUT(HttpRequest.BodyPublishers.ofString(fault)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(behavior)
                    .header("Authorization", "Bearer " + token.toUpperCase(java.util.Locale.ROOT))
                    .PUT(HttpRequest.BodyPublishers.ofString(fault)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("admin_token_required");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(guarded.behavior()).isEqualTo(MockBehavior.DEFAULT);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guarded.port()
                    + "/mock/stats")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            HttpResponse<String> right = http.send(HttpRequest.newBuilder(behavior)
                    .header("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"response\":\"operator set\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(guarded.behavior().response()).isEqualTo("operator set");
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(guarded.baseUrl()
                    + "/chat/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void statsCountTheChatRequestsReceived() throws Exception {
        long before = mock.chatRequests();
        chat(HELLO);

        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + mock.port() + "/mock/stats")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(JSON.readTree(stats.body()).path("chat_requests").asLong()).isGreaterThanOrEqualTo(before + 1);
        assertThat(mock.chatRequests()).isGreaterThanOrEqualTo(before + 1);
    }
}
