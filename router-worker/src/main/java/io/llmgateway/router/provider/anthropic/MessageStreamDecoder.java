package io.llmgateway.router.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.router.provider.ChatDelta;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.SseEvent;
import io.llmgateway.router.provider.StreamAccumulator;
import io.llmgateway.router.provider.StreamDecoder;
import io.llmgateway.schemas.TokenUsage;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Messages stream: {@code message_start} (model, input usage), then per content block
 * {@code content_block_start} / {@code content_block_delta} ({@code text_delta},
 * {@code input_json_delta}) / {@code content_block_stop}, {@code message_delta} (stop reason,
 * cumulative output usage), {@code message_stop}; {@code ping} any time; {@code error} ends it.
 */
final class MessageStreamDecoder implements StreamDecoder {

    private final StreamAccumulator answer = new StreamAccumulator();
    private final AnthropicMessagesClient.Errors errors;
    /** Content block index -> tool call index, for the tool_use blocks. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private int inputTokens;
    private int cachedTokens;
    private boolean done;

    MessageStreamDecoder(AnthropicMessagesClient.Errors errors) {
        this.errors = errors;
    }

    @Override
    public List<ChatDelta> onEvent(SseEvent event) throws ProviderException, IOException {
        JsonNode data = MessagesJson.MAPPER.readTree(event.data());
        String type = event.event() != null ? event.event() : data.path("type").asText();
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                answer.model(message.path("model").asText(null));
                TokenUsage usage = MessagesJson.usage(message.path("usage"), 0);
                if (usage != null) {
                    inputTokens = usage.inputTokens();
                    cachedTokens = usage.cachedInputTokens();
                    answer.usage(usage);
                }
            }
            case "content_block_start" -> {
                JsonNode block = data.path("content_block");
                int index = data.path("index").asInt();
                if ("tool_use".equals(block.path("type").asText())) {
                    int call = answer.toolCallCount();
                    toolBlocks.put(index, call);
                    return List.of(answer.toolCall(call, block.path("id").asText(null), block.path("name").asText(null),
                            null));
                }
                if ("text".equals(block.path("type").asText()) && !block.path("text").asText().isEmpty()) {
                    return List.of(answer.text(block.path("text").asText()));
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = data.path("delta");
                switch (delta.path("type").asText()) {
                    case "text_delta" -> {
                        return List.of(answer.text(delta.path("text").asText()));
                    }
                    case "input_json_delta" -> {
                        Integer call = toolBlocks.get(data.path("index").asInt());
                        if (call != null && !delta.path("partial_json").asText().isEmpty()) {
                            return List.of(answer.toolCall(call, null, null, delta.path("partial_json").asText()));
                        }
                    }
                    default -> { } // thinking, signature, citations: not part of the unified answer
                }
            }
            case "message_delta" -> {
                if (data.path("delta").path("stop_reason").isTextual()) {
                    answer.finish(MessagesJson.stopReason(data.path("delta").path("stop_reason").asText()));
                }
                JsonNode usage = data.path("usage");
                if (usage.isObject()) {
                    // Cumulative counts; input may be repeated here or only known from message_start.
                    TokenUsage latest = MessagesJson.usage(usage, inputTokens);
                    answer.usage(new TokenUsage(latest.inputTokens(), latest.outputTokens(),
                            usage.has("cache_read_input_tokens") ? latest.cachedInputTokens() : cachedTokens));
                }
            }
            case "message_stop" -> done = true;
            case "error" -> throw errors.inStream(MessagesJson.ErrorBody.of(data));
            default -> { } // ping, content_block_stop, and event types added later
        }
        return List.of();
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public boolean endsAtEndOfBody() {
        return false;
    }

    @Override
    public ChatResult result() {
        return answer.result();
    }
}
