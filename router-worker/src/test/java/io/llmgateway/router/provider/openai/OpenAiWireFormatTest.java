package io.llmgateway.router.provider.openai;

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
import io.llmgateway.schemas.ToolCall;
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
import org.mockserver.model.StreamingPhysics;
import org.mockserver.model.ToolUse;
import org.mockserver.model.Usage;

/**
 * The OpenAI adapter against MockServer speaking OpenAI's wire format (its LLM expectations,
 * SSE included), and against fixtures from OpenAI's API reference for tool calls, streamed
 * tool-call pieces and error bodies.
 */
class OpenAiWireFormatTest {

    private static final String PATH = "/v1/chat/completions";

    /** OpenAI API reference, chat completions "Functions" example response. */
    private static final String TOOL_CALL_RESPONSE = """
            {"id": "chatcmpl-abc123", "object": "chat.completion", "created": 1699896916, "model": "gpt-4o-mini",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": null, "tool_calls": [
               {"id": "call_abc123", "type": "function", "function": {"name": "get_current_weather",
                "arguments": "{\\n\\"location\\": \\"Boston, MA\\"\\n}"}}]},
               "logprobs": null, "finish_reason": "tool_calls"}],
             "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99,
               "completion_tokens_details": {"reasoning_tokens": 0, "accepted_prediction_tokens": 0,
               "rejected_prediction_tokens": 0}}}
            """;

    /** The chunk shapes of the reference: a call's first piece has id and name, then arguments in pieces; usage last. */
    private static final String TOOL_CALL_STREAM = """
            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"ci"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\\": \\"Paris\\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":70,"completion_tokens":12,"total_tokens":82,"prompt_tokens_details":{"cached_tokens":64}}}

            data: [DONE]

            """;

    /** OpenAI's error object for a conversation over the context window. */
    private static final String CONTEXT_LENGTH_ERROR = """
            {"error": {"message": "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
              "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}
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

    private static OpenAiChatClient client(String key) {
        return new OpenAiChatClient("openai-test", ProviderTestCalls.config(ProviderType.OPENAI,
                "http://127.0.0.1:" + server.getPort() + "/v1", Duration.ofSeconds(10)), key, OpenAiDialect.OPENAI,
                Clock.systemUTC());
    }

    private static JsonNode sentBody() {
        HttpRequest[] sent = server.retrieveRecordedRequests(request().withPath(PATH));
        assertThat(sent).hasSize(1);
        return json(sent[0].getBodyAsString());
    }

    @Test
    void aCompletionIsNormalized() throws Exception {
        LlmMockBuilder.llmMock(PATH).withProvider(Provider.OPENAI).withModel("gpt-4o")
                .respondingWith(Completion.completion().withText("Hi, friend.").withStopReason("stop")
                        .withUsage(Usage.usage().withInputTokens(12).withOutputTokens(4)))
                .applyTo(server);
        try (OpenAiChatClient client = client(KEY)) {
            ChatResult result = client.complete(ProviderTestCalls.hello("gpt-4o"));

            assertThat(result.content()).isEqualTo("Hi, friend.");
            assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(result.usage()).isEqualTo(new TokenUsage(12, 4, 0));
        }
        HttpRequest sent = server.retrieveRecordedRequests(request().withPath(PATH))[0];
        assertThat(sent.getFirstHeader("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = json(sent.getBodyAsString());
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
    }

    @Test
    void aToolCallFromTheReferenceIsReadAndTheToolRoundTripIsSentInOpenAisShape() throws Exception {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "application/json").withBody(TOOL_CALL_RESPONSE));
        try (OpenAiChatClient client = client(null)) {
            ChatResult result = client.complete(ProviderTestCalls.withToolResult("gpt-4o-mini"));

            assertThat(result.content()).isEmpty();
            assertThat(result.toolCalls()).containsExactly(new ToolCall("call_abc123", "get_current_weather",
                    "{\n\"location\": \"Boston, MA\"\n}"));
            assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(result.usage()).isEqualTo(new TokenUsage(82, 17, 0, 0));
        }
        JsonNode body = sentBody();
        JsonNode assistant = body.path("messages").path(2);
        assertThat(assistant.path("content").isNull()).isTrue();
        assertThat(assistant.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(assistant.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(body.at("/messages/3/role").asText()).isEqualTo("tool");
        assertThat(body.at("/messages/3/tool_call_id").asText()).isEqualTo("call_1");
        assertThat(body.at("/tools/0/type").asText()).isEqualTo("function");
        assertThat(body.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("city");
        assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
    }

    @Test
    void aStreamIsPassedOnPieceByPieceAndAsksForUsage() throws Exception {
        LlmMockBuilder.llmMock(PATH).withProvider(Provider.OPENAI).withModel("gpt-4o")
                .respondingWith(Completion.completion().withText("Hello there, friend.").withStopReason("stop")
                        .withStreaming(true).withUsage(Usage.usage().withInputTokens(5).withOutputTokens(4)))
                .applyTo(server);
        ProviderTestCalls.Collected collected = new ProviderTestCalls.Collected();
        try (OpenAiChatClient client = client(null)) {
            ChatResult result = client.stream(ProviderTestCalls.hello("gpt-4o"), collected, Cancellation.none());

            assertThat(collected.deltas).hasSizeGreaterThan(1);
            assertThat(collected.text()).isEqualTo("Hello there, friend.");
            assertThat(result.content()).isEqualTo("Hello there, friend.");
            assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        }
        JsonNode body = sentBody();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void streamedToolCallPiecesAddUpAndTheUsageChunkCounts() throws Exception {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "text/event-stream").withBody(TOOL_CALL_STREAM));
        ProviderTestCalls.Collected collected = new ProviderTestCalls.Collected();
        try (OpenAiChatClient client = client(null)) {
            ChatResult result = client.stream(ProviderTestCalls.askingForWeather("gpt-4o-mini"), collected,
                    Cancellation.none());

            assertThat(collected.deltas).hasSize(3);
            assertThat(collected.deltas.getFirst().toolCalls().getFirst().id()).isEqualTo("call_abc123");
            assertThat(collected.deltas.getFirst().toolCalls().getFirst().name()).isEqualTo("get_weather");
            assertThat(result.toolCalls()).containsExactly(new ToolCall("call_abc123", "get_weather",
                    "{\"city\": \"Paris\"}"));
            assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(result.usage()).isEqualTo(new TokenUsage(70, 12, 64));
            assertThat(result.modelServed()).isEqualTo("gpt-4o-mini");
        }
    }

    @Test
    void aStreamThatEndsWithoutDoneIsABadResponse() {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "text/event-stream")
                .withBody(TOOL_CALL_STREAM.substring(0, TOOL_CALL_STREAM.indexOf("data: {", 10))));
        try (OpenAiChatClient client = client(null)) {
            assertThatThrownBy(() -> client.stream(ProviderTestCalls.askingForWeather("m"),
                    new ProviderTestCalls.Collected(), Cancellation.none()))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
        }
    }

    @Test
    void aContextLengthErrorFromTheReferenceIsClassifiedAndTheKeyNeverShows() {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(400)
                .withHeader("content-type", "application/json").withBody(CONTEXT_LENGTH_ERROR));
        try (OpenAiChatClient client = client(KEY)) {
            assertThatThrownBy(() -> client.complete(ProviderTestCalls.hello("gpt-4o")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONTEXT_LENGTH_EXCEEDED);
                        assertThat(e.providerCode()).isEqualTo("context_length_exceeded");
                        assertThat(e.getMessage()).contains("maximum context length").doesNotContain(KEY);
                    });
        }
    }

    @Test
    void rateLimitsAndOverloadsFromMockServerAreClassifiedWithTheirRetryAfter() {
        for (int status : new int[] {429, 503, 500}) {
            server.reset();
            server.when(request().withPath(PATH)).respond(req -> response().withStatusCode(status)
                    .withHeader("retry-after", "3").withHeader("content-type", "application/json")
                    .withBody("{\"error\":{\"message\":\"slow down " + KEY + "\",\"type\":\"x\",\"code\":null}}"));
            try (OpenAiChatClient client = client(KEY)) {
                assertThatThrownBy(() -> client.stream(ProviderTestCalls.hello("gpt-4o"),
                        new ProviderTestCalls.Collected(), Cancellation.none()))
                        .isInstanceOfSatisfying(ProviderException.class, e -> {
                            assertThat(e.kind()).isEqualTo(switch (status) {
                                case 429 -> ProviderException.Kind.RATE_LIMITED;
                                case 503 -> ProviderException.Kind.OVERLOADED;
                                default -> ProviderException.Kind.SERVER_ERROR;
                            });
                            assertThat(e.retryAfterMs()).isEqualTo(3000L);
                            assertThat(e.getMessage()).doesNotContain(KEY);
                        });
            }
        }
    }

    @Test
    void aCancelStopsARunningStreamAtOnce() throws Exception {
        LlmMockBuilder.llmMock(PATH).withProvider(Provider.OPENAI).withModel("gpt-4o")
                .respondingWith(Completion.completion().withText("one two three four five six seven eight nine ten "
                                + "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty")
                        .withStopReason("stop").withStreaming(true)
                        .withStreamingPhysics(StreamingPhysics.streamingPhysics().withTokensPerSecond(4)))
                .applyTo(server);
        Cancellation cancellation = new Cancellation();
        long started = System.nanoTime();
        try (OpenAiChatClient client = client(null)) {
            assertThatThrownBy(() -> client.stream(ProviderTestCalls.hello("gpt-4o"), delta -> cancellation.cancel(),
                    cancellation))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.CANCELLED));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anAzureStyleBaseUrlKeepsItsApiVersionAndSendsTheKeyAsApiKey() throws Exception {
        String path = "/openai/deployments/gpt4o-prod/chat/completions";
        server.when(request().withPath(path).withQueryStringParameter("api-version", "2024-10-21"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                        .withBody(TOOL_CALL_RESPONSE));
        var config = ProviderTestCalls.config(ProviderType.OPENAI_COMPATIBLE, "http://127.0.0.1:" + server.getPort()
                + "/openai/deployments/gpt4o-prod?api-version=2024-10-21", Duration.ofSeconds(5));
        try (OpenAiChatClient client = new OpenAiChatClient("azure", config, KEY, OpenAiDialect.COMPATIBLE,
                Clock.systemUTC())) {
            assertThat(client.complete(ProviderTestCalls.hello("gpt-4o")).finishReason())
                    .isEqualTo(FinishReason.TOOL_CALLS);
        }
        HttpRequest sent = server.retrieveRecordedRequests(request().withPath(path))[0];
        assertThat(sent.getFirstHeader("api-key")).isEqualTo(KEY);
        assertThat(sent.containsHeader("Authorization")).isFalse();
        assertThat(json(sent.getBodyAsString()).path("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void endpointsJoinThePathAndKeepTheQuery() {
        assertThat(OpenAiChatClient.endpoint(java.net.URI.create("http://h:1/v1")).toString())
                .isEqualTo("http://h:1/v1/chat/completions");
        assertThat(OpenAiChatClient.endpoint(java.net.URI.create("https://r.openai.azure.com/openai/deployments/d/"
                + "?api-version=2024-10-21")).toString())
                .isEqualTo("https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21");
    }
}
