package io.llmgateway.router.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.ContentPart;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.ResponseFormat;
import io.llmgateway.schemas.Role;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Messages API bodies (Anthropic API reference: {@code POST /v1/messages}, its {@code Message}
 * response and content blocks). System messages become the top-level {@code system}; tool results
 * become {@code tool_result} blocks of a user turn; consecutive turns of one role are merged, as
 * the API expects alternating turns.
 */
final class MessagesJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Anthropic requires max_tokens; this is sent when the caller set none. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private MessagesJson() {}

    static byte[] request(ChatCall call, boolean stream) throws ProviderException {
        if (call.responseFormat() != null && call.responseFormat().type() != ResponseFormat.Type.TEXT) {
            throw ProviderException.unsupported("response_format " + call.responseFormat().type().name()
                    .toLowerCase(java.util.Locale.ROOT) + " is not supported by Anthropic deployments");
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", call.model());
        SamplingParams params = call.params();
        body.put("max_tokens", params.maxTokens() != null ? params.maxTokens() : DEFAULT_MAX_TOKENS);
        ArrayNode system = MAPPER.createArrayNode();
        ArrayNode messages = body.putArray("messages");
        ObjectNode turn = null;
        for (ChatMessage message : call.messages()) {
            if (message.role() == Role.SYSTEM) {
                system.addObject().put("type", "text").put("text", message.text());
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            ArrayNode blocks = blocks(message);
            if (blocks.isEmpty()) {
                continue;
            }
            if (turn == null || !turn.path("role").asText().equals(role)) {
                turn = messages.addObject().put("role", role);
                turn.putArray("content");
            }
            ((ArrayNode) turn.get("content")).addAll(blocks);
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        if (params.temperature() != null) {
            // Anthropic's range is 0..1, OpenAI's 0..2: the top of the scale is the top of the scale.
            body.put("temperature", Math.min(1.0, params.temperature()));
        }
        if (params.topP() != null) {
            body.put("top_p", params.topP());
        }
        if (params.topK() != null) {
            body.put("top_k", params.topK());
        }
        if (params.stop() != null && !params.stop().isEmpty()) {
            params.stop().forEach(body.putArray("stop_sequences")::add);
        }
        if (!call.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            call.tools().forEach(tool -> tools.add(tool(tool)));
            ObjectNode choice = toolChoice(call);
            if (choice != null) {
                body.set("tool_choice", choice);
            }
        }
        if (stream) {
            body.put("stream", true);
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a messages body", e);
        }
    }

    private static ArrayNode blocks(ChatMessage message) {
        ArrayNode blocks = MAPPER.createArrayNode();
        if (message.role() == Role.TOOL) {
            ObjectNode result = blocks.addObject().put("type", "tool_result").put("tool_use_id", message.toolCallId());
            ArrayNode content = result.putArray("content");
            message.content().forEach(part -> addPart(content, part));
            return blocks;
        }
        message.content().forEach(part -> addPart(blocks, part));
        for (ToolCall call : message.toolCalls()) {
            blocks.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                    .set("input", arguments(call.arguments()));
        }
        return blocks;
    }

    /** Empty text blocks are refused by the API, so they are left out. */
    private static void addPart(ArrayNode blocks, ContentPart part) {
        switch (part) {
            case ContentPart.Text text -> {
                if (!text.text().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", text.text());
                }
            }
            case ContentPart.Image image -> {
                ObjectNode source = blocks.addObject().put("type", "image").putObject("source");
                if (image.isInline()) {
                    source.put("type", "base64").put("media_type", image.mediaType()).put("data", image.data());
                } else {
                    source.put("type", "url").put("url", image.url());
                }
            }
        }
    }

    /** Tool input is an object on Anthropic's wire; arguments that are not one are wrapped. */
    private static JsonNode arguments(String json) {
        try {
            JsonNode parsed = MAPPER.readTree(json);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (IOException e) {
            // not JSON: wrapped below, so the model still sees what it wrote
        }
        return MAPPER.createObjectNode().put("arguments", json);
    }

    private static ObjectNode tool(ToolDefinition tool) {
        ObjectNode node = MAPPER.createObjectNode().put("name", tool.name());
        if (tool.description() != null) {
            node.put("description", tool.description());
        }
        node.set("input_schema", tool.parameters() != null ? tool.parameters()
                : MAPPER.createObjectNode().put("type", "object").set("properties", MAPPER.createObjectNode()));
        return node;
    }

    private static ObjectNode toolChoice(ChatCall call) {
        ObjectNode choice = MAPPER.createObjectNode();
        if (call.toolChoice() == null) {
            if (!Boolean.FALSE.equals(call.parallelToolCalls())) {
                return null;
            }
            choice.put("type", "auto");
        } else {
            switch (call.toolChoice().mode()) {
                case AUTO -> choice.put("type", "auto");
                case NONE -> choice.put("type", "none");
                case REQUIRED -> choice.put("type", "any");
                case TOOL -> choice.put("type", "tool").put("name", call.toolChoice().name());
            }
        }
        if (Boolean.FALSE.equals(call.parallelToolCalls()) && !"none".equals(choice.path("type").asText())) {
            choice.put("disable_parallel_tool_use", true);
        }
        return choice;
    }

    static ChatResult result(byte[] body) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        if (!"message".equals(root.path("type").asText())) {
            throw new IllegalArgumentException("the answer is not a message");
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : root.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
                        MAPPER.writeValueAsString(block.path("input"))));
                default -> { } // thinking and server-tool blocks are not part of the unified answer
            }
        }
        return new ChatResult(text.toString(), calls, stopReason(root.path("stop_reason").asText(null)),
                usage(root.path("usage"), 0), root.path("model").asText(null));
    }

    /**
     * Anthropic's {@code input_tokens} leaves out what was read from or written to its prompt
     * cache; the unified input count includes them, and the cached ones are also counted apart.
     *
     * @param inputFallback input tokens already known (from {@code message_start}) when this usage has none
     */
    static TokenUsage usage(JsonNode usage, int inputFallback) {
        if (!usage.isObject()) {
            return null;
        }
        int cacheRead = usage.path("cache_read_input_tokens").asInt();
        int input = usage.has("input_tokens")
                ? usage.path("input_tokens").asInt() + cacheRead + usage.path("cache_creation_input_tokens").asInt()
                : inputFallback;
        return new TokenUsage(input, usage.path("output_tokens").asInt(), cacheRead);
    }

    static FinishReason stopReason(String reason) {
        if (reason == null) {
            return FinishReason.STOP;
        }
        return switch (reason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP; // end_turn, stop_sequence, pause_turn
        };
    }

    /** Anthropic's {@code {"type": "error", "error": {"type", "message"}}}. */
    record ErrorBody(String type, String message) {

        static ErrorBody parse(byte[] body) {
            try {
                return of(MAPPER.readTree(body));
            } catch (IOException e) {
                return new ErrorBody(null, null);
            }
        }

        static ErrorBody of(JsonNode root) {
            JsonNode error = root.path("error");
            return new ErrorBody(error.path("type").asText(null), error.path("message").asText(null));
        }
    }
}
