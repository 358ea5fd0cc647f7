package io.llmgateway.router.provider.anthropic;

import static io.llmgateway.router.provider.ProviderTestCalls.KEY;
import static io.llmgateway.router.provider.ProviderTestCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.ProviderType;
import io.llmgateway.router.provider.Cancellation;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.ProviderTestCalls;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.ResponseFormat;
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
import org.mockserver.model.ToolUse;
import org.mockserver.model.Usage;

/**
 * The Anthropic adapter against MockServer speaking the Messages API (JSON and SSE), and against
 * fixtures shaped as in Anthropic's API reference: a tool_use answer, a streamed tool_use with
 * input_json_delta pieces, ping and error events, and error bodies.
 */
class AnthropicWireFormatTest {

    private static final String PATH = "/v1/messages";

    /** The Messages reference's tool use answer. */
    private static final String TOOL_USE_RESPONSE = """
            {"id": "msg_01Aq9w938a90dw8q", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [
               {"type": "text", "text": "I'll check the current weather in San Francisco for you."},
               {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                "input": {"location": "San Francisco, CA", "unit": "celsius"}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 472, "output_tokens": 89, "cache_creation_input_tokens": 0,
                       "cache_read_input_tokens": 100}}
            """;

    /** The streaming reference's event flow for a tool_use block, a ping, and usage in message_delta. */
    private static final String TOOL_USE_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let's check"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private static final String OVERLOADED_MID_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","usage":{"input_tokens":10,"output_tokens":1},"content":[],"stop_reason":null}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

            event: error
            data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}

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

    private static AnthropicMessagesClient client() {
        return new AnthropicMessagesClient("anthropic-test", ProviderTestCalls.config(ProviderType.ANTHROPIC,
                "http://127.0.0.1:" + server.getPort() + "/v1", Duration.ofSeconds(10)), KEY, Clock.systemUTC());
    }

    private static HttpRequest sent() {
        HttpRequest[] sent = server.retrieveRecordedRequests(request().withPath(PATH));
        assertThat(sent).hasSize(1);
        return sent[0];
    }

    @Test
    void aMessageIsNormalizedAndTheKeyAndVersionHeadersAreSent() throws Exception {
        LlmMockBuilder.llmMock(PATH).withProvider(Provider.ANTHROPIC).withModel("claude-sonnet-4-5")
                .respondingWith(Completion.completion().withText("Hello!").withStopReason("end_turn")
                        .withUsage(Usage.usage().withInputTokens(12).withOutputTokens(3)))
                .applyTo(server);
        try (AnthropicMessagesClient client = client()) {
            ChatResult result = client.complete(ProviderTestCalls.hello("claude-sonnet-4-5"));
            assertThat(result.content()).isEqualTo("Hello!");
            assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(result.usage()).isEqualTo(new TokenUsage(12, 3, 0));
        }
        HttpRequest sent = sent();
        assertThat(sent.getFirstHeader("x-api-key")).isEqualTo(KEY);
        assertThat(sent.getFirstHeader("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = json(sent.getBodyAsString());
        assertThat(body.at("/system/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void aToolUseAnswerFromTheReferenceIsReadAndTheRoundTripIsSentAsToolUseAndToolResultBlocks() throws Exception {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "application/json").withBody(TOOL_USE_RESPONSE));
        try (AnthropicMessagesClient client = client()) {
            ChatResult result = client.complete(ProviderTestCalls.withToolResult("claude-sonnet-4-5"));
            assertThat(result.content()).isEqualTo("I'll check the current weather in San Francisco for you.");
            assertThat(result.toolCalls()).containsExactly(new ToolCall("toolu_01A09q90qw90lq917835lq9",
                    "get_weather", "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
            assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            // Anthropic's input_tokens leaves the cache reads out; the unified count has them in.
            assertThat(result.usage()).isEqualTo(new TokenUsage(572, 89, 100));
        }
        JsonNode body = json(sent().getBodyAsString());
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/messages/1/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(body.at("/messages/1/content/0/input/city").asText()).isEqualTo("Paris");
        assertThat(body.at("/messages/2/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/2/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(body.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo("call_1");
        assertThat(body.at("/tools/0/input_schema/properties/city/type").asText()).isEqualTo("string");
        assertThat(body.at("/tool_choice/type").asText()).isEqualTo("auto");
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void aStreamFromMockServerWithAToolCallIsPassedOnAndAddsUp() throws Exception {
        LlmMockBuilder.llmMock(PATH).withProvider(Provider.ANTHROPIC).withModel("claude-sonnet-4-5")
                .respondingWith(Completion.completion().withText("Let me check.").withStreaming(true)
                        .withToolCall(ToolUse.toolUse("get_weather").withId("toolu_1")
                                .withArguments("{\"city\":\"Paris\"}"))
                        .withUsage(Usage.usage().withInputTokens(20).withOutputTokens(9)))
                .applyTo(server);
        ProviderTestCalls.Collected collected = new ProviderTestCalls.Collected();
        try (AnthropicMessagesClient client = client()) {
            ChatResult result = client.stream(ProviderTestCalls.askingForWeather("claude-sonnet-4-5"), collected,
                    Cancellation.none());
            assertThat(collected.text()).isEqualTo("Let me check.");
            assertThat(result.toolCalls()).singleElement().satisfies(call -> {
                assertThat(call.name()).isEqualTo("get_weather");
                assertThat(json(call.arguments()).path("city").asText()).isEqualTo("Paris");
            });
            assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(result.usage()).isEqualTo(new TokenUsage(20, 9, 0));
        }
        assertThat(json(sent().getBodyAsString()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void aStreamedToolUseFromTheReferenceArrivesAsPiecesAndPingsAreSkipped() throws Exception {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "text/event-stream").withBody(TOOL_USE_STREAM));
        ProviderTestCalls.Collected collected = new ProviderTestCalls.Collected();
        try (AnthropicMessagesClient client = client()) {
            ChatResult result = client.stream(ProviderTestCalls.askingForWeather("claude-sonnet-4-5"), collected,
                    Cancellation.none());
            assertThat(collected.deltas).extracting(d -> d.toolCalls().isEmpty() ? "text" : "tool")
                    .containsExactly("text", "tool", "tool", "tool");
            assertThat(collected.deltas.get(1).toolCalls().getFirst().id()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
            assertThat(result.toolCalls()).containsExactly(new ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                    "get_weather", "{\"location\": \"San Francisco, CA\"}"));
            assertThat(result.usage()).isEqualTo(new TokenUsage(472, 89, 0));
            assertThat(result.modelServed()).isEqualTo("claude-sonnet-4-5");
        }
    }

    @Test
    void anErrorEventMidStreamIsClassifiedAfterTheTextBeforeIt() {
        server.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "text/event-stream").withBody(OVERLOADED_MID_STREAM));
        ProviderTestCalls.Collected collected = new ProviderTestCalls.Collected();
        try (AnthropicMessagesClient client = client()) {
            assertThatThrownBy(() -> client.stream(ProviderTestCalls.hello("claude-sonnet-4-5"), collected,
                    Cancellation.none()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.OVERLOADED);
                        assertThat(e.providerCode()).isEqualTo("overloaded_error");
                    });
        }
        assertThat(collected.text()).isEqualTo("Hel");
    }

    @Test
    void errorBodiesOfTheReferenceAreClassified() {
        record Case(int status, String type, String message, ProviderException.Kind kind) {}
        for (Case c : new Case[] {
                new Case(400, "invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum",
                        ProviderException.Kind.CONTEXT_LENGTH_EXCEEDED),
                new Case(400, "invalid_request_error", "messages: roles must alternate",
                        ProviderException.Kind.BAD_REQUEST),
                new Case(401, "authentication_error", "invalid x-api-key", ProviderException.Kind.AUTHENTICATION),
                new Case(404, "not_found_error", "model: claude-x", ProviderException.Kind.NOT_FOUND),
                new Case(429, "rate_limit_error", "Number of requests has exceeded your rate limit",
                        ProviderException.Kind.RATE_LIMITED),
                new Case(500, "api_error", "Internal server error", ProviderException.Kind.SERVER_ERROR),
                new Case(529, "overloaded_error", "Overloaded", ProviderException.Kind.OVERLOADED)}) {
            server.reset();
            server.when(request().withPath(PATH)).respond(response().withStatusCode(c.status())
                    .withHeader("content-type", "application/json").withHeader("retry-after", "2")
                    .withBody("{\"type\":\"error\",\"error\":{\"type\":\"" + c.type() + "\",\"message\":\""
                            + c.message() + "\"}}"));
            try (AnthropicMessagesClient client = client()) {
                assertThatThrownBy(() -> client.complete(ProviderTestCalls.hello("claude-sonnet-4-5")))
                        .as(c.type())
                        .isInstanceOfSatisfying(ProviderException.class, e -> {
                            assertThat(e.kind()).isEqualTo(c.kind());
                            assertThat(e.status()).isEqualTo(c.status());
                            assertThat(e.retryAfterMs()).isEqualTo(2000L);
                        });
            }
        }
    }

    @Test
    void aJsonSchemaResponseFormatIsRefusedWithoutCallingAnthropic() {
        ChatCall call = ProviderTestCalls.hello("claude-sonnet-4-5");
        ChatCall withFormat = new ChatCall(call.model(), call.messages(), call.params(), call.deadline(), null, null,
                ResponseFormat.JSON_OBJECT, null);
        try (AnthropicMessagesClient client = client()) {
            assertThatThrownBy(() -> client.complete(withFormat)).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST));
        }
        assertThat(server.retrieveRecordedRequests(request().withPath(PATH))).isEmpty();
    }
}
