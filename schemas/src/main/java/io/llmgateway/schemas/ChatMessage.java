package io.llmgateway.schemas;

/** One message of the unified conversation format. */
public record ChatMessage(Role role, String content) {

    public ChatMessage {
        Require.nonNull(role, "message.role");
        Require.nonNull(content, "message.content");
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }
}
