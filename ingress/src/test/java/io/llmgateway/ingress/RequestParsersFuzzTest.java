package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.ingress.anthropic.MessagesRequest;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing (jqwik) of the request parsers: the JSON body reader, the OpenAI chat
 * request reader and mapper, the Anthropic messages mapper. Whatever the body (random bytes,
 * random JSON, or a valid request with any field replaced by any JSON value), parsing either
 * succeeds or fails with an {@link ApiError} of status 4xx, whose body in each API's format is
 * well-formed; never another exception, never a 5xx. Each property runs 500 tries (a few seconds).
 */
class RequestParsersFuzzTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Field names and values the parsers look for: random trees hit their branches, not only "unknown field". */
    private static final List<String> KEYS = List.of("model", "messages", "role", "content", "type", "text",
            "image_url", "url", "detail", "source", "media_type", "data", "tools", "function", "name", "parameters",
            "input_schema", "tool_choice", "tool_calls", "tool_call_id", "tool_use_id", "id", "input", "arguments",
            "stop", "stop_sequences", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "n",
            "stream", "stream_options", "include_usage", "system", "metadata", "user_id", "response_format",
            "json_schema", "schema", "parallel_tool_calls", "disable_parallel_tool_use", "seed", "is_error",
            "frequency_penalty", "presence_penalty", "cache_control");
    private static final List<String> WORDS = List.of("", "user", "assistant", "system", "developer", "tool",
            "text", "image_url", "image", "url", "base64", "tool_use", "tool_result", "function", "auto", "any",
            "none", "required", "json_object", "json_schema", "gpt-4o-mini", "mock-echo", "text-only", "fast",
            "https://203.0.113.9/a.png", "https://127.0.0.1/a.png", "http://[::1]/", "https://2130706433/",
            "https://localhost/", "data:image/png;base64,iVBORw0KGgo=", "data:;base64,", "image/png", "call_1",
            "toolu_1", "{}", "{\"a\":1}", "[", "\u0000", "\uD800");

    private final GatewayConfig config = TestConfigs.config();
    private final Caller acme = new ApiKeyAuthenticator(config.tenants())
            .authenticate(Optional.empty(), Optional.of(TestConfigs.ACME_KEY));
    private final GatewayRequestMapper gateway = new GatewayRequestMapper(config, new RequestIds(Clock.systemUTC()),
            new InputTokenCounter(config.models()), Clock.systemUTC(), "llm.replies.fuzz");
    private final ChatCompletionRequestReader openAiReader = new ChatCompletionRequestReader();
    private final JsonBodyReader<MessagesRequest> anthropicReader =
            new JsonBodyReader<>(AnthropicJson.MAPPER, MessagesRequest.class);
    private final MessagesRequestMapper anthropic = new MessagesRequestMapper(gateway);

    @Property
    void openAiRequestsFromAnyBytesAreAnsweredOrRefusedAs4xx(@ForAll("bodies") byte[] body) {
        parsesOrRefuses(body, ApiDialect.OPENAI, () -> {
            ChatCompletionRequest request = openAiReader.read(body);
            gateway.map(acme, request, Optional.empty(), Optional.empty());
        });
    }

    @Property
    void anthropicRequestsFromAnyBytesAreAnsweredOrRefusedAs4xx(@ForAll("bodies") byte[] body) {
        parsesOrRefuses(body, ApiDialect.ANTHROPIC, () -> {
            MessagesRequest request = anthropicReader.read(body);
            anthropic.map(acme, request, Optional.empty(), Optional.empty());
        });
    }

    private static void parsesOrRefuses(byte[] body, ApiDialect dialect, Runnable parse) {
        try {
            parse.run();
        } catch (ApiError e) {
            assertThat(e.status()).as("status for %s", new String(body, StandardCharsets.UTF_8)).isBetween(400, 499);
            JsonNode error = HttpCalls.json(new String(dialect.errorBody(e), StandardCharsets.UTF_8));
            assertThat(error.path("error").path("type").isTextual()).isTrue();
            assertThat(error.path("error").path("message").asText()).isNotBlank();
        }
        // Any other exception escapes and fails the property with the body that caused it.
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> randomJson = json().map(RequestParsersFuzzTest::bytes);
        Arbitrary<byte[]> mutatedOpenAi = mutated(openAiTemplate());
        Arbitrary<byte[]> mutatedAnthropic = mutated(anthropicTemplate());
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, randomBytes),
                net.jqwik.api.Tuple.of(2, randomJson),
                net.jqwik.api.Tuple.of(4, mutatedOpenAi),
                net.jqwik.api.Tuple.of(4, mutatedAnthropic));
    }

    /** A valid request with one field, at the top or in its first message or first part, set to any JSON value. */
    private Arbitrary<byte[]> mutated(ObjectNode template) {
        Arbitrary<String> where = Arbitraries.of("top", "message", "part");
        return net.jqwik.api.Combinators.combine(where, Arbitraries.of(KEYS), json()).as((at, key, value) -> {
            ObjectNode copy = template.deepCopy();
            ObjectNode target = switch (at) {
                case "top" -> copy;
                case "message" -> (ObjectNode) copy.withArray("messages").get(0);
                default -> (ObjectNode) ((ArrayNode) copy.withArray("messages").get(0).get("content")).get(0);
            };
            target.set(key, value);
            return bytes(copy);
        });
    }

    /** Any JSON value, three levels deep at most, with the parsers' own keys and words. */
    private Arbitrary<JsonNode> json() {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
                Arbitraries.just(JSON.nullNode()),
                Arbitraries.of(true, false).map(JSON::booleanNode),
                Arbitraries.longs().map(JSON::numberNode),
                Arbitraries.of(-1L, 0L, 1L, 4L, 5L, 129L, 2_049L, Integer.MAX_VALUE + 1L).map(JSON::numberNode),
                Arbitraries.doubles().map(JSON::numberNode),
                Arbitraries.of(WORDS).map(JSON::textNode),
                Arbitraries.strings().ofMaxLength(20).map(JSON::textNode));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(items -> {
                    ArrayNode array = JSON.arrayNode();
                    items.forEach(array::add);
                    return array;
                }),
                net.jqwik.api.Combinators.combine(Arbitraries.of(KEYS).list().ofMaxSize(4), inner.list().ofSize(4))
                        .as((keys, values) -> {
                            ObjectNode object = JSON.objectNode();
                            for (int i = 0; i < keys.size(); i++) {
                                object.set(keys.get(i), values.get(i));
                            }
                            return (JsonNode) object;
                        })), 0, 3);
    }

    private static ObjectNode openAiTemplate() {
        return (ObjectNode) HttpCalls.json("{\"model\": \"gpt-4o-mini\", \"max_tokens\": 16, \"messages\": [{\"role\": "
                + "\"user\", \"content\": [{\"type\": \"text\", \"text\": \"hi\"}, {\"type\": \"image_url\", "
                + "\"image_url\": {\"url\": \"https://203.0.113.9/a.png\"}}]}], \"tools\": [{\"type\": \"function\", "
                + "\"function\": {\"name\": \"f\", \"parameters\": {\"type\": \"object\"}}}], \"stop\": [\"x\"]}");
    }

    private static ObjectNode anthropicTemplate() {
        return (ObjectNode) HttpCalls.json("{\"model\": \"gpt-4o-mini\", \"max_tokens\": 16, \"system\": \"be brief\", "
                + "\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"hi\"}, "
                + "{\"type\": \"image\", \"source\": {\"type\": \"url\", \"url\": \"https://203.0.113.9/a.png\"}}]}], "
                + "\"tools\": [{\"name\": \"f\", \"input_schema\": {\"type\": \"object\"}}], \"stop_sequences\": [\"x\"]}");
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
