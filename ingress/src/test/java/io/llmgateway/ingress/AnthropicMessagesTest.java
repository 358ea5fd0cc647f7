package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicMessagesTest {

    private static final long NOW = 1_748_779_200_123L;

    private static final GatewayRequest REQUEST = new GatewayRequest("0197-id", "acme", "default", "acme-dev",
            "fast", List.of(ChatMessage.user("hi")), null, false, "llm.replies.x", NOW, NOW + 1000, null, null,
            null, 5, null);

    private static JsonNode json(Reply reply) throws Exception {
        return AnthropicJson.MAPPER.readTree(AnthropicJson.MAPPER.writeValueAsBytes(
                AnthropicMessages.from(REQUEST, reply)));
    }

    @Test
    void aFinalReplyBecomesAMessageInAnthropicsShape() throws Exception {
        JsonNode message = json(Reply.complete("0197-id", 0, 3, "gpt-4o", "openai", "Hello!", FinishReason.STOP,
                new TokenUsage(120, 5, 100), CacheStatus.MISS, NOW));

        assertThat(message.fieldNames()).toIterable().containsExactly("id", "type", "role", "content", "model",
                "stop_reason", "stop_sequence", "usage");
        assertThat(message.get("id").asText()).isEqualTo("msg_0197-id");
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("model").asText()).as("the alias asked for").isEqualTo("fast");
        assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(message.at("/content/0/text").asText()).isEqualTo("Hello!");
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.get("stop_sequence").isNull()).isTrue();
        // Anthropic's input_tokens leaves out what was read from the prompt cache.
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(20);
        assertThat(message.at("/usage/cache_read_input_tokens").asInt()).isEqualTo(100);
        assertThat(message.at("/usage/cache_creation_input_tokens").asInt()).isZero();
        assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void toolCallsAreToolUseBlocksWithTheirInputAsAnObject() throws Exception {
        JsonNode message = json(Reply.complete("0197-id", 0, 3, "gpt-4o", "openai", "", List.of(
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_2", "broken", "{\"city\": \"Ro")),
                FinishReason.TOOL_CALLS, new TokenUsage(10, 5, 0), CacheStatus.MISS, NOW));

        assertThat(message.get("content")).hasSize(2);
        assertThat(message.at("/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(message.at("/content/0/id").asText()).isEqualTo("call_1");
        assertThat(message.at("/content/0/name").asText()).isEqualTo("get_weather");
        assertThat(message.at("/content/0/input/city").asText()).isEqualTo("Paris");
        assertThat(message.at("/content/1/input/arguments").asText()).as("not JSON: kept as text")
                .isEqualTo("{\"city\": \"Ro");
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void anEmptyAnswerHasNoContentBlocks() throws Exception {
        JsonNode message = json(Reply.complete("0197-id", 0, 1, "m", "p", "", FinishReason.STOP,
                new TokenUsage(3, 0, 0), CacheStatus.MISS, NOW));

        assertThat(message.get("content")).isEmpty();
    }

    @Test
    void finishReasonsUseAnthropicsStopReasons() {
        assertThat(AnthropicMessages.stopReason(FinishReason.STOP)).isEqualTo("end_turn");
        assertThat(AnthropicMessages.stopReason(FinishReason.LENGTH)).isEqualTo("max_tokens");
        assertThat(AnthropicMessages.stopReason(FinishReason.TOOL_CALLS)).isEqualTo("tool_use");
        assertThat(AnthropicMessages.stopReason(FinishReason.CONTENT_FILTER)).isEqualTo("refusal");
    }

    @Test
    void anErrorReplyBecomesAnApiErrorWithItsStatus() {
        Reply reply = Reply.failure("0197-id", 0, 0,
                new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", "Too many tokens", 1500L), NOW);

        assertThatThrownBy(() -> AnthropicMessages.from(REQUEST, reply)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfterMs()).isEqualTo(1500L);
        });
    }

    @Test
    void errorsTakeAnthropicsTypeFromTheirStatus() throws Exception {
        assertThat(ApiDialect.anthropicType(400)).isEqualTo("invalid_request_error");
        assertThat(ApiDialect.anthropicType(401)).isEqualTo("authentication_error");
        assertThat(ApiDialect.anthropicType(403)).isEqualTo("permission_error");
        assertThat(ApiDialect.anthropicType(404)).isEqualTo("not_found_error");
        assertThat(ApiDialect.anthropicType(405)).isEqualTo("invalid_request_error");
        assertThat(ApiDialect.anthropicType(413)).isEqualTo("request_too_large");
        assertThat(ApiDialect.anthropicType(429)).isEqualTo("rate_limit_error");
        assertThat(ApiDialect.anthropicType(500)).isEqualTo("api_error");
        assertThat(ApiDialect.anthropicType(502)).isEqualTo("api_error");
        assertThat(ApiDialect.anthropicType(503)).isEqualTo("overloaded_error");
        assertThat(ApiDialect.anthropicType(504)).isEqualTo("timeout_error");
        assertThat(ApiDialect.anthropicType(529)).isEqualTo("overloaded_error");

        JsonNode body = AnthropicJson.MAPPER.readTree(ApiDialect.ANTHROPIC.errorBody(ApiError.modelNotFound("x")));
        assertThat(body.fieldNames()).toIterable().containsExactly("type", "error");
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(body.at("/error/message").asText()).contains("'x'");
    }

    @Test
    void theDialectFollowsThePathAndElseTheAnthropicVersionHeader() {
        assertThat(ApiDialect.of("/v1/messages", false)).isEqualTo(ApiDialect.ANTHROPIC);
        assertThat(ApiDialect.of("/v1/messages/count_tokens", false)).isEqualTo(ApiDialect.ANTHROPIC);
        assertThat(ApiDialect.of("/v1/chat/completions", true)).isEqualTo(ApiDialect.OPENAI);
        assertThat(ApiDialect.of("/v1/models", true)).isEqualTo(ApiDialect.ANTHROPIC);
        assertThat(ApiDialect.of("/v1/models", false)).isEqualTo(ApiDialect.OPENAI);
        assertThat(ApiDialect.of(null, false)).isEqualTo(ApiDialect.OPENAI);
        assertThat(ApiDialect.of("/v1/messagesX", false)).isEqualTo(ApiDialect.OPENAI);
    }
}
