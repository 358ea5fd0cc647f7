package io.llmgateway.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON bodies of OpenAI's chat-completions API as the mock writes them, shaped after the
 * official reference and the openai-python types {@code ChatCompletion},
 * {@code ChatCompletionChunk}, {@code CompletionUsage} and {@code Model}.
 */
final class OpenAiWire {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiWire() {}

    static JsonNode read(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("We could not parse the JSON body of your request.", e);
        }
    }

    /** {@code chat.completion}: the whole answer of a non-streaming request. */
    static byte[] completion(String id, long createdSeconds, String model, String content, String finishReason,
                             int promptTokens, int completionTokens) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", id).put("object", "chat.completion").put("created", createdSeconds).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(promptTokens, completionTokens));
        root.putNull("system_fingerprint");
        return bytes(root);
    }

    /**
     * {@code chat.completion.chunk} with one choice. The first chunk carries the role, the last
     * one the finish reason and an empty delta. With {@code include_usage} every chunk has
     * {@code "usage": null}; the usage itself comes in {@link #usageChunk}.
     */
    static byte[] chunk(String id, long createdSeconds, String model, String role, String content,
                        String finishReason, boolean includeUsage) {
        ObjectNode root = chunkHeader(id, createdSeconds, model);
        ObjectNode choice = ((ArrayNode) root.get("choices")).addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (includeUsage) {
            root.putNull("usage");
        }
        return bytes(root);
    }

    /** The extra chunk of {@code stream_options.include_usage}: empty choices, the request's usage. */
    static byte[] usageChunk(String id, long createdSeconds, String model, int promptTokens, int completionTokens) {
        ObjectNode root = chunkHeader(id, createdSeconds, model);
        root.set("usage", usage(promptTokens, completionTokens));
        return bytes(root);
    }

    private static ObjectNode chunkHeader(String id, long createdSeconds, String model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", id).put("object", "chat.completion.chunk").put("created", createdSeconds).put("model", model);
        root.putNull("system_fingerprint");
        root.putArray("choices");
        return root;
    }

    private static ObjectNode usage(int promptTokens, int completionTokens) {
        return MAPPER.createObjectNode()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }

    /** OpenAI's error object: {@code {"error": {"message", "type", "param", "code"}}}. */
    static byte[] error(String message, String type, String code) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message).put("type", type).putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return bytes(root);
    }

    /** {@code GET /v1/models}: a list of {@code model} objects. */
    static byte[] models(List<String> ids, long createdSeconds) {
        ObjectNode root = MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : ids) {
            data.addObject().put("id", id).put("object", "model").put("created", createdSeconds)
                    .put("owned_by", "llm-gateway-mock");
        }
        return bytes(root);
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
