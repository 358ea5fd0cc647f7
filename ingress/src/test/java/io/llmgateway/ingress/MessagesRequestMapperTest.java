package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.ingress.anthropic.MessagesRequest;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.ContentPart;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Role;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Anthropic's Messages request, checked and mapped to the unified format. */
class MessagesRequestMapperTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final GatewayConfig config = TestConfigs.config();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(config.tenants());
    private final Caller acme = auth.authenticate(Optional.empty(), Optional.of(TestConfigs.ACME_KEY));
    private final Caller globex = auth.authenticate(Optional.empty(), Optional.of(TestConfigs.GLOBEX_KEY));
    private final MessagesRequestMapper mapper = new MessagesRequestMapper(new GatewayRequestMapper(config,
            new RequestIds(clock), new InputTokenCounter(config.models()), clock, "llm.replies.test"));
    private final JsonBodyReader<MessagesRequest> reader =
            new JsonBodyReader<>(AnthropicJson.MAPPER, MessagesRequest.class);

    private GatewayRequest map(Caller caller, String json) {
        return mapper.map(caller, reader.read(json.getBytes(StandardCharsets.UTF_8)), Optional.empty(),
                Optional.empty());
    }

    private GatewayRequest map(String json) {
        return map(acme, json);
    }

    private static void assertInvalid(ThrowingCallable call, String param, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static final String HELLO = "\"model\": \"mock-echo\", \"max_tokens\": 64, "
            + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";

    @Test
    void aValidRequestMapsToAGatewayRequestWithAnthropicsParameters() {
        GatewayRequest request = map("""
                {"model": "gpt-4o-mini", "max_tokens": 256, "system": "Be brief.",
                 "messages": [{"role": "user", "content": "Hello"}],
                 "temperature": 0.5, "top_p": 0.9, "top_k": 40, "stop_sequences": ["END", "STOP"],
                 "metadata": {"user_id": "u-1"}, "stream": false}
                """);

        assertThat(request.model()).isEqualTo("gpt-4o-mini");
        assertThat(request.tenantId()).isEqualTo("acme");
        assertThat(request.messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Hello"));
        assertThat(request.params().maxTokens()).isEqualTo(256);
        assertThat(request.params().temperature()).isEqualTo(0.5);
        assertThat(request.params().topP()).isEqualTo(0.9);
        assertThat(request.params().topK()).isEqualTo(40);
        assertThat(request.params().stop()).containsExactly("END", "STOP");
        assertThat(request.stream()).isFalse();
        assertThat(request.estimatedInputTokens()).isPositive();
    }

    @Test
    void systemBlocksImagesAndAToolRoundTripMapToTheUnifiedFormat() {
        GatewayRequest request = map("""
                {"model": "mock-echo", "max_tokens": 64, "stream": true,
                 "system": [{"type": "text", "text": "You are terse."},
                            {"type": "text", "text": "Use tools.", "cache_control": {"type": "ephemeral"}}],
                 "messages": [
                   {"role": "user", "content": [{"type": "text", "text": "What is in this image, and the weather?"},
                     {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                     {"type": "image", "source": {"type": "url", "url": "https://203.0.113.9/a.png"}}]},
                   {"role": "assistant", "content": [{"type": "text", "text": "Let me check."},
                     {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}}]},
                   {"role": "user", "content": [
                     {"type": "tool_result", "tool_use_id": "toolu_01", "content": "21C"},
                     {"type": "text", "text": "And tomorrow?"}]}],
                 "tools": [{"name": "get_weather", "description": "The weather of a city",
                            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
                 "tool_choice": {"type": "any", "disable_parallel_tool_use": true}}
                """);

        assertThat(request.messages()).extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER);
        assertThat(request.messages().getFirst().content()).hasSize(2);
        assertThat(request.messages().get(1).content()).containsExactly(
                ContentPart.text("What is in this image, and the weather?"),
                ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo="),
                ContentPart.Image.ofUrl("https://203.0.113.9/a.png"));
        assertThat(request.messages().get(2).text()).isEqualTo("Let me check.");
        assertThat(request.messages().get(2).toolCalls())
                .containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(request.messages().get(3).toolCallId()).isEqualTo("toolu_01");
        assertThat(request.messages().get(3).text()).isEqualTo("21C");
        assertThat(request.messages().get(4).text()).isEqualTo("And tomorrow?");
        assertThat(request.tools()).singleElement().satisfies(tool -> {
            assertThat(tool.name()).isEqualTo("get_weather");
            assertThat(tool.parameters().at("/properties/city/type").asText()).isEqualTo("string");
        });
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.stream()).isTrue();
        assertThat(request.hasImages()).isTrue();
    }

    @Test
    void aToolResultMayHoldBlocksAndSeveralResultsBecomeSeveralToolMessages() {
        GatewayRequest request = map("""
                {"model": "mock-echo", "max_tokens": 64, "messages": [
                   {"role": "user", "content": "Weather in Paris and Rome?"},
                   {"role": "assistant", "content": [
                     {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
                     {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {"city": "Rome"}}]},
                   {"role": "user", "content": [
                     {"type": "tool_result", "tool_use_id": "toolu_1", "content": [{"type": "text", "text": "21C"}]},
                     {"type": "tool_result", "tool_use_id": "toolu_2", "content": "25C", "is_error": false}]}],
                 "tools": [{"name": "get_weather", "input_schema": {"type": "object"}}]}
                """);

        assertThat(request.messages()).extracting(ChatMessage::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL);
        assertThat(request.messages().get(1).content()).as("no text before the calls").allSatisfy(
                part -> assertThat(part).isEqualTo(ContentPart.text("")));
        assertThat(request.messages().get(2).text()).isEqualTo("21C");
        assertThat(request.messages().get(3).toolCallId()).isEqualTo("toolu_2");
    }

    @Test
    void everyToolChoiceMapsToItsUnifiedMode() {
        String tools = ", \"tools\": [{\"name\": \"f\", \"input_schema\": {\"type\": \"object\"}}]";
        assertThat(map("{" + HELLO + tools + ", \"tool_choice\": {\"type\": \"auto\"}}").toolChoice())
                .isEqualTo(ToolChoice.AUTO);
        assertThat(map("{" + HELLO + tools + ", \"tool_choice\": {\"type\": \"none\"}}").toolChoice())
                .isEqualTo(ToolChoice.NONE);
        assertThat(map("{" + HELLO + tools + ", \"tool_choice\": {\"type\": \"tool\", \"name\": \"f\"}}").toolChoice())
                .isEqualTo(ToolChoice.tool("f"));
        assertThat(map("{" + HELLO + tools + "}").parallelToolCalls()).isNull();
        assertInvalid(() -> map("{" + HELLO + tools + ", \"tool_choice\": {\"type\": \"always\"}}"),
                "tool_choice.type", "'auto', 'any', 'tool' or 'none'");
        assertInvalid(() -> map("{" + HELLO + tools + ", \"tool_choice\": {\"type\": \"tool\", \"name\": \"g\"}}"),
                null, "g");
    }

    @Test
    void maxTokensIsRequiredAndRangesAreAnthropics() {
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"),
                "max_tokens", "Missing required parameter: 'max_tokens'");
        assertInvalid(() -> map("{" + HELLO.replace("64", "0") + "}"), "max_tokens", "at least 1");
        assertInvalid(() -> map("{" + HELLO + ", \"temperature\": 1.5}"), "temperature", "between 0 and 1");
        assertInvalid(() -> map("{" + HELLO + ", \"top_p\": -0.1}"), "top_p", "between 0 and 1");
        assertInvalid(() -> map("{" + HELLO + ", \"top_k\": 0}"), "top_k", "at least 1");
        assertInvalid(() -> map("{\"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"),
                "model", "'model'");
    }

    @Test
    void wrongTypesNameTheFieldAndTheTypeExpected() {
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": \"64\", \"messages\": []}"),
                "max_tokens", "expected an integer");
        assertInvalid(() -> map("{" + HELLO + ", \"stop_sequences\": [\"a\", 1]}"), "stop_sequences[1]",
                "expected a string");
        assertInvalid(() -> map("{" + HELLO + ", \"stop_sequences\": \"END\"}"), "stop_sequences", "expected an array");
        assertInvalid(() -> map("{" + HELLO + ", \"metadata\": {\"user_id\": 7}}"), "metadata.user_id",
                "expected a string");
        assertInvalid(() -> map("{" + HELLO + ", \"system\": 7}"), "system", "expected a string or an array");
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": "
                + "[{\"role\": \"user\", \"content\": 5}]}"), "messages[0].content", "expected a string or an array");
    }

    @Test
    void badRolesAndBlocksInTheWrongTurnAreInvalid() {
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": "
                + "[{\"role\": \"system\", \"content\": \"x\"}]}"), "messages[0].role", "top-level 'system'");
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": "
                + "[{\"content\": \"x\"}]}"), "messages[0].role", "Missing required parameter");
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": []}"), "messages",
                "at least one message");
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", "
                + "\"content\": [{\"type\": \"tool_use\", \"id\": \"t\", \"name\": \"f\", \"input\": {}}]}]}"),
                "messages[0].content[0].type", "only allowed in assistant messages");
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": [{\"role\": \"assistant\", "
                + "\"content\": [{\"type\": \"image\", \"source\": {\"type\": \"url\", \"url\": \"https://203.0.113.9/a.png\"}}]}]}"),
                "messages[0].content[0].type", "only allowed in user messages");
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", "
                + "\"content\": [{\"type\": \"document\", \"source\": {}}]}]}"),
                "messages[0].content[0].type", "'document' are not supported");
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": [{\"role\": \"assistant\", "
                + "\"content\": [{\"type\": \"tool_use\", \"id\": \"t\", \"name\": \"f\", \"input\": \"x\"}]}]}"),
                "messages[0].content[0].input", "expected an object");
        assertInvalid(() -> map("{" + HELLO + ", \"tools\": [{\"type\": \"web_search_20250305\", \"name\": \"web\"}]}"),
                "tools[0].type", "not supported");
        assertInvalid(() -> map("{" + HELLO + ", \"tools\": [{\"name\": \"f\"}]}"), "tools[0].input_schema",
                "Missing required parameter");
    }

    @Test
    void aToolResultWithoutItsCallIsInvalid() {
        assertInvalid(() -> map("""
                {"model": "mock-echo", "max_tokens": 5, "messages": [
                  {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9", "content": "42"}]}]}
                """), null, "toolu_9");
    }

    @Test
    void blankIdsAndNamesAre400sNotServerErrors() {
        assertInvalid(() -> map("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": [{\"role\": \"assistant\", "
                + "\"content\": [{\"type\": \"tool_use\", \"id\": \" \", \"name\": \"f\", \"input\": {}}]}]}"),
                "messages", "tool_call.id");
        assertInvalid(() -> map("{" + HELLO + ", \"tools\": [{\"name\": \"\", \"input_schema\": {}}]}"), "tools",
                "tool.name");
        assertInvalid(() -> map("{" + HELLO + ", \"tools\": [{\"name\": \"f\", \"input_schema\": {}}], "
                + "\"tool_choice\": {\"type\": \"tool\", \"name\": \"\"}}"), "tool_choice", "tool_choice.name");
    }

    @Test
    void anImageToATextOnlyDeploymentIsInvalid() {
        assertInvalid(() -> map("""
                {"model": "text-only", "max_tokens": 5, "messages": [{"role": "user", "content": [
                  {"type": "image", "source": {"type": "url", "url": "https://203.0.113.9/a.png"}}]}]}
                """), "messages", "does not accept image input");
    }

    @Test
    void anUnknownModelAndAForbiddenModelGetTheSame404() {
        for (Caller caller : List.of(acme, globex)) {
            String model = caller == acme ? "claude-nope" : "fast";
            assertThatThrownBy(() -> map(caller, "{\"model\": \"" + model + "\", \"max_tokens\": 5, "
                    + "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"))
                    .isInstanceOfSatisfying(ApiError.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.getMessage()).contains(model);
                    });
        }
    }
}
