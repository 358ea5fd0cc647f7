package io.llmgateway.router.provider;

import io.llmgateway.schemas.ToolCallDelta;
import java.util.List;

/**
 * What one provider stream event added to the answer: text, and/or pieces of tool calls.
 *
 * @param text new text; empty when the event carried only tool-call pieces
 */
public record ChatDelta(String text, List<ToolCallDelta> toolCalls) {

    public ChatDelta {
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatDelta text(String text) {
        return new ChatDelta(text, List.of());
    }

    public static ChatDelta toolCall(ToolCallDelta piece) {
        return new ChatDelta("", List.of(piece));
    }

    public boolean isEmpty() {
        return text.isEmpty() && toolCalls.isEmpty();
    }
}
