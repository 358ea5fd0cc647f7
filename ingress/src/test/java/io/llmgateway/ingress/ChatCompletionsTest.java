package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.openai.ChatCompletion;
import io.llmgateway.ingress.openai.OpenAiJson;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

    private static final long NOW = 1_748_779_200_123L;

    private static final GatewayRequest REQUEST = new GatewayRequest("0197-id", "acme", "default", "acme-dev",
            "fast", List.of(ChatMessage.user("hi")), null, false, "llm.replies.x", NOW, NOW + 1000, null, null,
            null, 5, null);

    @Test
    void aFinalReplyBecomesAChatCompletionInOpenAisShape() throws Exception {
        Reply reply = Reply.complete("0197-id", 0, 3, "gpt-4o", "openai", "Hello!", FinishReason.LENGTH,
                new TokenUsage(12, 5, 0), CacheStatus.MISS, NOW);

        ChatCompletion completion = ChatCompletions.from(REQUEST, reply, NOW + 2000);
        JsonNode json = OpenAiJson.MAPPER.readTree(OpenAiJson.MAPPER.writeValueAsBytes(completion));

        assertThat(json.get("id").asText()).isEqualTo("chatcmpl-0197-id");
        assertThat(json.get("object").asText()).isEqualTo("chat.completion");
        assertThat(json.get("created").asLong()).isEqualTo((NOW + 2000) / 1000);
        assertThat(json.get("model").asText()).as("the alias asked for").isEqualTo("fast");
        JsonNode choice = json.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("Hello!");
        assertThat(choice.get("message").has("refusal")).isTrue();
        assertThat(choice.has("logprobs")).isTrue();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        assertThat(json.get("usage").get("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(json.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
        assertThat(json.get("usage").get("total_tokens").asInt()).isEqualTo(17);
    }

    @Test
    void finishReasonsUseOpenAisNames() {
        assertThat(ChatCompletions.finishReason(FinishReason.STOP)).isEqualTo("stop");
        assertThat(ChatCompletions.finishReason(FinishReason.LENGTH)).isEqualTo("length");
        assertThat(ChatCompletions.finishReason(FinishReason.TOOL_CALLS)).isEqualTo("tool_calls");
        assertThat(ChatCompletions.finishReason(FinishReason.CONTENT_FILTER)).isEqualTo("content_filter");
    }

    @Test
    void anErrorReplyBecomesAnApiErrorWithItsStatusAndRetryAfter() {
        Reply reply = Reply.failure("0197-id", 0, 0,
                new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", "Too many tokens", 1500L), NOW);

        assertThatThrownBy(() -> ChatCompletions.from(REQUEST, reply, NOW))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.type()).isEqualTo("rate_limit_error");
                    assertThat(e.code()).isEqualTo("rate_limit_exceeded");
                    assertThat(e.getMessage()).isEqualTo("Too many tokens");
                    assertThat(e.retryAfterMs()).isEqualTo(1500L);
                });
    }
}
