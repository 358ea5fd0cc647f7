package io.llmgateway.ingress;

import static io.llmgateway.ingress.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolCallDelta;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anthropic's {@code POST /v1/messages} over real loopback HTTP, with the pipeline played by the
 * test: the Message answer, its event stream, and every error in Anthropic's shape.
 */
class AnthropicHttpTest {

    private static final int MAX_BODY = 4096;
    private static final String HELLO = """
            {"model": "mock-echo", "max_tokens": 64, "system": "Be brief.",
             "messages": [{"role": "user", "content": "hi"}]}""";
    private static final String HELLO_STREAM = HELLO.replace("\"max_tokens\"", "\"stream\": true, \"max_tokens\"");

    private static final Function<GatewayRequest, Reply> ANSWER_OK = request -> Reply.complete(request.requestId(),
            0, 1, "m", "p", "ok", FinishReason.STOP, new TokenUsage(7, 1, 0), CacheStatus.MISS, 0);

    /** A streamed answer: text in two chunks, a tool call in two pieces, then the final reply. */
    private static final Function<GatewayRequest, List<Reply>> STREAM_OK = request -> {
        String id = request.requestId();
        return List.of(
                Reply.chunk(id, 0, 0, "m", "p", "Hel", 0),
                Reply.chunk(id, 0, 1, "m", "p", "lo", 0),
                Reply.chunk(id, 0, 2, "m", "p", "", List.of(new ToolCallDelta(0, "call_1", "f", "{\"a\":")), 0),
                Reply.chunk(id, 0, 3, "m", "p", "", List.of(new ToolCallDelta(0, null, null, "1}")), 0),
                Reply.complete(id, 0, 4, "m", "p", "Hello", List.of(new ToolCall("call_1", "f", "{\"a\":1}")),
                        FinishReason.TOOL_CALLS, new TokenUsage(7, 4, 0), CacheStatus.MISS, 0));
    };

    private static final AtomicBoolean ready = new AtomicBoolean(true);
    private static final List<GatewayRequest> sent = new CopyOnWriteArrayList<>();
    private static volatile Function<GatewayRequest, Reply> answer = ANSWER_OK;
    private static volatile Function<GatewayRequest, List<Reply>> streamed = STREAM_OK;
    private static WebServer server;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        GatewayConfig config = TestConfigs.config("127.0.0.1:9", "  request_timeout: 30s\n  max_body_bytes: " + MAX_BODY);
        Pipeline pipeline = new Pipeline() {
            @Override
            public Reply send(GatewayRequest request) {
                sent.add(request);
                return answer.apply(request);
            }

            @Override
            public ReplyStream stream(GatewayRequest request) {
                sent.add(request);
                ReplyStream replies = new ReplyStream();
                streamed.apply(request).forEach(replies::offer);
                return replies;
            }
        };
        server = IngressRoutes.server(config, Clock.systemUTC(), "llm.replies.anthropic-test", 0, pipeline,
                ready::get).start();
        http = new HttpCalls(server.port());
    }

    @BeforeEach
    void reset() {
        ready.set(true);
        sent.clear();
        answer = ANSWER_OK;
        streamed = STREAM_OK;
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Anthropic's error shape, with the type and HTTP status expected. */
    private static void assertAnthropicError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.fieldNames()).toIterable().containsExactly("type", "error");
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo(type);
        assertThat(body.at("/error/message").asText()).isNotBlank();
    }

    @Test
    void aMessageRequestIsAnsweredWithAMessageAndItsRequestId() {
        HttpResponse<String> response = http.messages(TestConfigs.ACME_KEY, HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = json(response);
        String requestId = sent.getFirst().requestId();
        assertThat(message.get("id").asText()).isEqualTo("msg_" + requestId);
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.at("/content/0/text").asText()).isEqualTo("ok");
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(7);
        assertThat(response.headers().firstValue("request-id")).hasValue(requestId);
        assertThat(response.headers().firstValue("x-request-id")).hasValue(requestId);
        assertThat(response.headers().firstValue("x-gateway-cache")).hasValue("MISS");
        assertThat(sent.getFirst().messages().getFirst().text()).isEqualTo("Be brief.");
    }

    @Test
    void theKeyMayAlsoComeAsABearerTokenAsTheSdksSendAnAuthToken() {
        HttpRequest request = HttpRequest.newBuilder(http.uri("/v1/messages"))
                .header("authorization", "Bearer " + TestConfigs.ACME_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO))
                .build();

        assertThat(http.send(request).statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamIsAnthropicsNamedEventsInOrder() {
        HttpResponse<String> response = http.messages(TestConfigs.ACME_KEY, HELLO_STREAM);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("request-id")).hasValue(sent.getFirst().requestId());
        List<String> names = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder input = new StringBuilder();
        for (String event : response.body().split("\n\n")) {
            String[] lines = event.split("\n");
            String name = lines[0].substring("event: ".length());
            JsonNode data = json(lines[1].substring("data: ".length()));
            assertThat(data.get("type").asText()).isEqualTo(name);
            names.add(name);
            text.append(data.at("/delta/text").asText(""));
            input.append(data.at("/delta/partial_json").asText(""));
            if (name.equals("message_delta")) {
                assertThat(data.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
                assertThat(data.at("/usage/output_tokens").asInt()).isEqualTo(4);
            }
        }
        assertThat(names).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(text).hasToString("Hello");
        assertThat(input).hasToString("{\"a\":1}");
    }

    @Test
    void aStreamRefusedBeforeItBeganIsAPlainHttpErrorInAnthropicsShape() {
        streamed = request -> List.of(Reply.failure(request.requestId(), 0, 0,
                new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", "Slow down.", 2500L), 0));

        HttpResponse<String> response = http.messages(TestConfigs.ACME_KEY, HELLO_STREAM);

        assertAnthropicError(response, 429, "rate_limit_error");
        assertThat(response.headers().firstValue("retry-after")).hasValue("3");
        assertThat(response.headers().firstValue("retry-after-ms")).hasValue("2500");
    }

    @Test
    void aFailureAfterTheStreamBeganIsAnErrorEvent() {
        streamed = request -> List.of(
                Reply.chunk(request.requestId(), 0, 0, "m", "p", "Hel", 0),
                Reply.failure(request.requestId(), 0, 1,
                        GatewayError.of(502, "provider_error", "bad_response", "The provider broke off."), 0));

        HttpResponse<String> response = http.messages(TestConfigs.ACME_KEY, HELLO_STREAM);

        assertThat(response.statusCode()).isEqualTo(200);
        String last = response.body().strip().substring(response.body().strip().lastIndexOf("event: "));
        assertThat(last).startsWith("event: error\n");
        JsonNode error = json(last.substring(last.indexOf("data: ") + 6));
        assertThat(error.at("/error/type").asText()).isEqualTo("api_error");
        assertThat(error.at("/error/message").asText()).isEqualTo("The provider broke off.");
    }

    @Test
    void pipelineErrorsKeepTheirStatusWithAnthropicsType() {
        answer = request -> Reply.failure(request.requestId(), 0, 0,
                GatewayError.of(504, "timeout", "deadline_exceeded", "No answer in time."), 0);
        assertAnthropicError(http.messages(TestConfigs.ACME_KEY, HELLO), 504, "timeout_error");

        answer = request -> Reply.failure(request.requestId(), 0, 0,
                GatewayError.of(400, "invalid_request_error", "context_length_exceeded", "Too long."), 0);
        assertAnthropicError(http.messages(TestConfigs.ACME_KEY, HELLO), 400, "invalid_request_error");

        ready.set(false);
        assertAnthropicError(http.messages(TestConfigs.ACME_KEY, HELLO), 503, "overloaded_error");
    }

    @Test
    void badRequestsAreRefusedInAnthropicsShapeAndNothingIsSent() {
        assertAnthropicError(http.messages(null, HELLO), 401, "authentication_error");
        assertAnthropicError(http.messages("sk-wrong", HELLO), 401, "authentication_error");
        assertAnthropicError(http.messages(TestConfigs.ACME_KEY, HELLO.replace("mock-echo", "claude-nope")), 404,
                "not_found_error");
        assertAnthropicError(http.messages(TestConfigs.ACME_KEY, "{\"model\": "), 400, "invalid_request_error");
        assertAnthropicError(http.messages(TestConfigs.ACME_KEY, HELLO.replace("\"max_tokens\": 64, ", "")), 400,
                "invalid_request_error");
        assertAnthropicError(http.messages(TestConfigs.ACME_KEY, HELLO.replace("\"user\"", "\"robot\"")), 400,
                "invalid_request_error");
        assertThat(sent).isEmpty();
    }

    @Test
    void otherMethodsAndPathsUnderMessagesAreRefusedInAnthropicsShape() {
        HttpResponse<String> get = http.get("/v1/messages", TestConfigs.ACME_KEY);
        assertAnthropicError(get, 405, "invalid_request_error");
        assertThat(get.headers().firstValue("allow")).hasValue("POST");

        assertAnthropicError(http.get("/v1/messages/count_tokens", TestConfigs.ACME_KEY), 404, "not_found_error");
    }

    @Test
    void aBodyAnnouncedOverTheLimitIs413InAnthropicsShapeBeforeItIsSent() throws Exception {
        String raw = http.postHeadOnly("/v1/messages", TestConfigs.ACME_KEY, 50L * 1024 * 1024);

        assertThat(raw).startsWith("HTTP/1.1 413");
        JsonNode error = json(raw.substring(raw.indexOf("\r\n\r\n") + 4));
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("request_too_large");
        assertThat(error.at("/error/message").asText()).contains(String.valueOf(MAX_BODY));
        assertThat(raw).doesNotContain(TestConfigs.ACME_KEY);
        assertThat(sent).isEmpty();
    }

    @Test
    void theOpenAiRouteKeepsOpenAisShapeEvenWithAnthropicVersion() {
        HttpResponse<String> response = http.chat(null, HttpCalls.userMessage("mock-echo", "hi"),
                "anthropic-version", "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void modelsAreListedInAnthropicsShapeForAnthropicClientsAndPaged() {
        HttpResponse<String> all = http.send(HttpRequest.newBuilder(http.uri("/v1/models"))
                .header("x-api-key", TestConfigs.ACME_KEY).header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(all.statusCode()).isEqualTo(200);
        JsonNode list = json(all);
        assertThat(list.get("data")).extracting(m -> m.get("id").asText())
                .containsExactly("fast", "gpt-4o-mini", "mock-echo", "text-only");
        assertThat(list.at("/data/0/type").asText()).isEqualTo("model");
        assertThat(list.at("/data/0/display_name").asText()).isEqualTo("fast");
        assertThat(list.at("/data/0/created_at").asText()).endsWith("Z");
        assertThat(list.get("has_more").asBoolean()).isFalse();
        assertThat(list.get("first_id").asText()).isEqualTo("fast");
        assertThat(list.get("last_id").asText()).isEqualTo("text-only");

        JsonNode page = json(http.send(HttpRequest.newBuilder(http.uri("/v1/models?limit=2&after_id=fast"))
                .header("x-api-key", TestConfigs.ACME_KEY).header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(10)).GET().build()));
        assertThat(page.get("data")).extracting(m -> m.get("id").asText()).containsExactly("gpt-4o-mini", "mock-echo");
        assertThat(page.get("has_more").asBoolean()).isTrue();

        JsonNode before = json(http.send(HttpRequest.newBuilder(http.uri("/v1/models?limit=1&before_id=mock-echo"))
                .header("x-api-key", TestConfigs.ACME_KEY).header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(10)).GET().build()));
        assertThat(before.get("data")).extracting(m -> m.get("id").asText()).containsExactly("gpt-4o-mini");
        assertThat(before.get("has_more").asBoolean()).isTrue();

        assertThat(json(http.get("/v1/models", TestConfigs.ACME_KEY)).get("object").asText())
                .as("OpenAI's list without anthropic-version").isEqualTo("list");
    }
}
