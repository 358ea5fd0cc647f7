package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One message of the unified conversation format.
 *
 * <ul>
 *   <li>system, user: content parts (images only from the user);
 *   <li>assistant: text parts and/or {@code toolCalls};
 *   <li>tool: the result of the call {@code toolCallId} names, as content parts.
 * </ul>
 *
 * @param content the parts; on the wire a plain string is read as one text part
 */
public record ChatMessage(
        Role role,
        @JsonDeserialize(using = ContentDeserializer.class) List<ContentPart> content,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
        String toolCallId) {

    public ChatMessage {
        Require.nonNull(role, "message.role");
        content = Require.copyOrEmpty(content);
        toolCalls = Require.copyOrEmpty(toolCalls);
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("message.tool_calls are only for assistant messages");
        }
        if (role == Role.TOOL) {
            Require.nonBlank(toolCallId, "message.tool_call_id");
        } else if (toolCallId != null) {
            throw new IllegalArgumentException("message.tool_call_id is only for tool messages");
        }
        if (content.isEmpty() && toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("message.content is required");
        }
        if ((role == Role.SYSTEM || role == Role.ASSISTANT)
                && content.stream().anyMatch(ContentPart.Image.class::isInstance)) {
            throw new IllegalArgumentException("message.content of a " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " message may only be text");
        }
    }

    /** A text-only message, the shape most callers and tests need. */
    public ChatMessage(Role role, String text) {
        this(role, List.of(ContentPart.text(text)), null, null);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, text);
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, text);
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, text);
    }

    /** The assistant's turn that asked for tool calls, with the text it wrote before them (may be empty). */
    public static ChatMessage assistant(String text, List<ToolCall> toolCalls) {
        return new ChatMessage(Role.ASSISTANT, text == null || text.isEmpty() ? List.of()
                : List.of(ContentPart.text(text)), toolCalls, null);
    }

    public static ChatMessage toolResult(String toolCallId, String text) {
        return new ChatMessage(Role.TOOL, List.of(ContentPart.text(text)), null, toolCallId);
    }

    /** The text parts joined by newlines (images left out): for token counts, cache keys and text-only APIs. */
    @JsonIgnore
    public String text() {
        return content.stream()
                .filter(ContentPart.Text.class::isInstance)
                .map(part -> ((ContentPart.Text) part).text())
                .collect(Collectors.joining("\n"));
    }

    @JsonIgnore
    public boolean hasImages() {
        return content.stream().anyMatch(ContentPart.Image.class::isInstance);
    }
}
