package io.llmgateway.router.provider.gemini;

import static io.llmgateway.router.provider.ProviderTestCalls.KEY;
import static io.llmgateway.router.provider.ProviderTestCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.ProviderType;
import io.llmgateway.router.provider.Cancellation;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.ProviderTestCalls;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockserver.client.LlmMockBuilder;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.Completion;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.Provider;
import org.mockserver.model.ToolUse;
import org.mockserver.model.Usage;

/**
 * The Gemini adapter against MockServer speaking {@code generateContent} and
 * {@code streamGenerateContent?alt=sse}, and against fixtures shaped as in the Gemini API
 * reference: a function call answer, a prompt blocked by safety, and Google's error bodies.
 */
class GeminiWireFormatTest {

    private static final String MODEL = "gemini-2.5-flash";
    private static final String PATH = "/v1beta/models/" + MODEL + ":generateContent";
    private static final String STREAM_PATH = "/v1beta/models/" + MODEL + ":streamGenerateContent";

    /** The function calling guide's answer: a functionCall part, finishReason STOP. */
    private static final String FUNCTION_CALL_RESPONSE = """
            {"candidates": [{"content": {"parts": [{"functionCall": {"name": "schedule_meeting",
               "args": {"attendees": ["Bob", "Alice"], "date": "2025-03-27", "time": "10:00", "topic": "Q3 planning"}}}],
               "role": "model"}, "finishReason": "STOP", "index": 0}],
             "usageMetadata": {"promptTokenCount": 111, "candidatesTokenCount": 32, "totalTokenCount": 193,
               "thoughtsTokenCount": 50, "cachedContentTokenCount": 64},
             "modelVersion": "gemini-2.5-flash", "responseId": "abc"}
            """;

    private static final String BLOCKED_PROMPT = """
            {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [
              {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
             "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8}, "modelVersion": "gemini-2.5-flash"}
            """;

    private static ClientAndServer server;

    @BeforeAll
    static void start() {
        server = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @AfterEach
    void reset() {
        server.reset();
    }

    private static GeminiClient client() {
        return new GeminiClient("gemini-test", ProviderTestCalls.config(ProviderType.GEMINI,
                "http://127.0.0.1:" + server.getPort() + "/v1beta", Duration.ofSeconds(10)), KEY, Clock.systemUTC());
    }

    private static HttpRequest sent(String path) {
        HttpRequest[] sent = server.retrieveRecordedRequests(request().withPath(path));
        assertThat(sent).hasSize(1);
        return sent[0];
    }

    @Test
    void anAnswerIsNormalizedAndTheKeyGoesInItsHeader() throws Exception {
        LlmMockBuilder.llmMock(PATH).withProvider(Provider.GEMINI).withModel(MODEL)
                .respondingWith(Completion.completion().withText("Hello there.").withStopReason("STOP")
                        .withUsage(Usage.usage().withInputTokens(7).withOutputTokens(3)))
                .applyTo(server);
        try (GeminiClient client = client()) {
            ChatResult result = client.complete(ProviderTestCalls.hello(MODEL));
            assertThat(result.content()).isEqualTo("Hello there.");
            assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(result.usage()).isEqualTo(new TokenUsage(7, 3, 0));
        }
        HttpRequest sent = sent(PATH);
        assertThat(sent.getFirstHeader("x-goog-api-key")).isEqualTo(KEY);
        JsonNode body = json(sent.getBodyAsString());
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(64);
    }

    @Test
    void aFunctionCallFromTheReferenceIsAToolCallAndTheRoundTripIsSentAsFunctionParts() throws Exception {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "application/json").withBody(FUNCTION_CALL_RESPONSE));
        try (GeminiClient client = client()) {
            ChatResult result = client.complete(ProviderTestCalls.withToolResult(MODEL));
            assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(result.toolCalls()).singleElement().satisfies(call -> {
                assertThat(call.name()).isEqualTo("schedule_meeting");
                assertThat(call.id()).startsWith("call_");
                assertThat(json(call.arguments()).path("attendees").path(1).asText()).isEqualTo("Alice");
            });
            assertThat(result.usage()).isEqualTo(new TokenUsage(111, 82, 64, 50));
        }
        JsonNode body = json(sent(PATH).getBodyAsString());
        assertThat(body.at("/contents/1/role").asText()).isEqualTo("model");
        assertThat(body.at("/contents/1/parts/0/functionCall/name").asText()).isEqualTo("get_weather");
        assertThat(body.at("/contents/1/parts/0/functionCall/args/city").asText()).isEqualTo("Paris");
        assertThat(body.at("/contents/2/role").asText()).isEqualTo("user");
        assertThat(body.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
        assertThat(body.at("/contents/2/parts/0/functionResponse/response/temp_c").asInt()).isEqualTo(21);
        assertThat(body.at("/tools/0/functionDeclarations/0/parametersJsonSchema/required/0").asText())
                .isEqualTo("city");
        assertThat(body.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("AUTO");
    }

    @Test
    void aStreamWithAFunctionCallIsReadFromSseUntilTheBodyEnds() throws Exception {
        LlmMockBuilder.llmMock(STREAM_PATH).withProvider(Provider.GEMINI).withModel(MODEL)
                .respondingWith(Completion.completion().withText("Let me check.").withStreaming(true)
                        .withToolCall(ToolUse.toolUse("get_weather").withArguments("{\"city\":\"Paris\"}"))
                        .withUsage(Usage.usage().withInputTokens(12).withOutputTokens(8)))
                .applyTo(server);
        ProviderTestCalls.Collected collected = new ProviderTestCalls.Collected();
        try (GeminiClient client = client()) {
            ChatResult result = client.stream(ProviderTestCalls.askingForWeather(MODEL), collected,
                    Cancellation.none());
            assertThat(collected.text()).isEqualTo("Let me check.");
            assertThat(collected.deltas.getLast().toolCalls()).singleElement()
                    .satisfies(piece -> assertThat(piece.name()).isEqualTo("get_weather"));
            assertThat(result.toolCalls()).singleElement()
                    .satisfies(call -> assertThat(json(call.arguments()).path("city").asText()).isEqualTo("Paris"));
            assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(result.usage()).isEqualTo(new TokenUsage(12, 8, 0));
        }
        assertThat(sent(STREAM_PATH).getFirstQueryStringParameter("alt")).isEqualTo("sse");
    }

    @Test
    void aBlockedPromptIsContentFiltered() {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "application/json").withBody(BLOCKED_PROMPT));
        try (GeminiClient client = client()) {
            assertThatThrownBy(() -> client.complete(ProviderTestCalls.hello(MODEL)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONTENT_FILTERED);
                        assertThat(e.providerCode()).isEqualTo("SAFETY");
                    });
        }
    }

    @Test
    void googleErrorBodiesAreClassifiedWithTheRetryDelayTheyCarry() {
        record Case(int status, String name, String message, String details, ProviderException.Kind kind,
                    Long retryMs) {}
        for (Case c : new Case[] {
                new Case(400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of "
                        + "tokens allowed (1048576).", "", ProviderException.Kind.CONTEXT_LENGTH_EXCEEDED, null),
                new Case(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key. AIzaSyA-"
                        + "abcdefghijklmnopqrstuvwxyz12345", "", ProviderException.Kind.BAD_REQUEST, null),
                new Case(403, "PERMISSION_DENIED", "Permission denied.", "", ProviderException.Kind.AUTHENTICATION,
                        null),
                new Case(404, "NOT_FOUND", "models/gemini-x is not found.", "", ProviderException.Kind.NOT_FOUND,
                        null),
                new Case(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
                        ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"31s\"}]",
                        ProviderException.Kind.RATE_LIMITED, 31_000L),
                new Case(500, "INTERNAL", "An internal error has occurred.", "", ProviderException.Kind.SERVER_ERROR,
                        null),
                new Case(503, "UNAVAILABLE", "The model is overloaded.", "", ProviderException.Kind.OVERLOADED, null),
                new Case(504, "DEADLINE_EXCEEDED", "Deadline exceeded.", "", ProviderException.Kind.TIMEOUT, null)}) {
            server.reset();
            server.when(request().withPath(PATH)).respond(response().withStatusCode(c.status())
                    .withHeader("content-type", "application/json")
                    .withBody("{\"error\":{\"code\":" + c.status() + ",\"message\":\"" + c.message()
                            + "\",\"status\":\"" + c.name() + "\"" + c.details() + "}}"));
            try (GeminiClient client = client()) {
                assertThatThrownBy(() -> client.complete(ProviderTestCalls.hello(MODEL)))
                        .as(c.name())
                        .isInstanceOfSatisfying(ProviderException.class, e -> {
                            assertThat(e.kind()).isEqualTo(c.kind());
                            assertThat(e.retryAfterMs()).isEqualTo(c.retryMs());
                            assertThat(e.getMessage()).doesNotContain("AIzaSyA-abcdefghijklmnopqrstuvwxyz12345");
                        });
            }
        }
    }
}
