package io.llmgateway.mock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the mock needs from an OpenAI chat-completions request body.
 *
 * @param maxTokens {@code max_completion_tokens} or the older {@code max_tokens}; null when absent
 */
record ChatRequest(String model, boolean stream, boolean includeUsage, Integer maxTokens, String lastUserText,
                   int promptTokens) {

    /** Reads the body; a body the real API would refuse raises {@link IllegalArgumentException}. */
    static ChatRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The request body must be a JSON object.");
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new IllegalArgumentException("you must provide a model parameter");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' must be a non-empty array");
        }
        String lastUser = "";
        int promptTokens = 0;
        for (JsonNode message : messages) {
            String text = text(message.get("content"));
            promptTokens += TokenEstimate.count(text);
            if ("user".equals(message.path("role").asText())) {
                lastUser = text;
            }
        }
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
                : body.get("max_tokens");
        Integer maxTokens = max == null || max.isNull() ? null : max.asInt();
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1");
        }
        return new ChatRequest(model.asText(), body.path("stream").asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false), maxTokens, lastUser,
                promptTokens);
    }

    /** Content is a string, or an array of parts of which the text parts count. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }
}
