package io.llmgateway.router.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.ContentPart;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.Role;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolDefinition;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Gemini API's {@code generateContent} bodies ({@code GenerateContentRequest},
 * {@code GenerateContentResponse}). System messages become {@code systemInstruction}; assistant
 * turns have role {@code model}; tool results are {@code functionResponse} parts of a user turn,
 * named after the call they answer (Gemini matches results to calls by name).
 */
final class GenerateContentJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private GenerateContentJson() {}

    static byte[] request(ChatCall call) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode system = MAPPER.createArrayNode();
        ArrayNode contents = body.putArray("contents");
        Map<String, String> callNames = new HashMap<>();
        ObjectNode turn = null;
        for (ChatMessage message : call.messages()) {
            if (message.role() == Role.SYSTEM) {
                system.addObject().put("text", message.text());
                continue;
            }
            message.toolCalls().forEach(c -> callNames.put(c.id(), c.name()));
            String role = message.role() == Role.ASSISTANT ? "model" : "user";
            ArrayNode parts = parts(message, callNames);
            if (parts.isEmpty()) {
                continue;
            }
            if (turn == null || !turn.path("role").asText().equals(role)) {
                turn = contents.addObject().put("role", role);
                turn.putArray("parts");
            }
            ((ArrayNode) turn.get("parts")).addAll(parts);
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        if (!call.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            call.tools().forEach(tool -> declarations.add(declaration(tool)));
            if (call.toolChoice() != null) {
                ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
                switch (call.toolChoice().mode()) {
                    case AUTO -> config.put("mode", "AUTO");
                    case NONE -> config.put("mode", "NONE");
                    case REQUIRED -> config.put("mode", "ANY");
                    case TOOL -> config.put("mode", "ANY").putArray("allowedFunctionNames").add(call.toolChoice().name());
                }
            }
        }
        ObjectNode generation = generationConfig(call);
        if (!generation.isEmpty()) {
            body.set("generationConfig", generation);
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a generateContent body", e);
        }
    }

    private static ArrayNode parts(ChatMessage message, Map<String, String> callNames) {
        ArrayNode parts = MAPPER.createArrayNode();
        if (message.role() == Role.TOOL) {
            ObjectNode response = parts.addObject().putObject("functionResponse");
            response.put("name", callNames.getOrDefault(message.toolCallId(), message.toolCallId()));
            response.set("response", toolResult(message.text()));
            return parts;
        }
        for (ContentPart part : message.content()) {
            switch (part) {
                case ContentPart.Text text -> {
                    if (!text.text().isEmpty()) {
                        parts.addObject().put("text", text.text());
                    }
                }
                case ContentPart.Image image -> {
                    if (image.isInline()) {
                        parts.addObject().putObject("inlineData").put("mimeType", image.mediaType())
                                .put("data", image.data());
                    } else {
                        parts.addObject().putObject("fileData").put("mimeType", mimeTypeOf(image.url()))
                                .put("fileUri", image.url());
                    }
                }
            }
        }
        for (ToolCall call : message.toolCalls()) {
            parts.addObject().putObject("functionCall").put("name", call.name()).set("args", object(call.arguments()));
        }
        return parts;
    }

    /** A function response is an object: a result that is one goes as is, any other text under "result". */
    private static JsonNode toolResult(String text) {
        JsonNode parsed = parseOrNull(text);
        return parsed != null && parsed.isObject() ? parsed : MAPPER.createObjectNode().put("result", text);
    }

    private static JsonNode object(String json) {
        JsonNode parsed = parseOrNull(json);
        return parsed != null && parsed.isObject() ? parsed : MAPPER.createObjectNode();
    }

    private static JsonNode parseOrNull(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return null; // not JSON: the caller decides what to send instead
        }
    }

    /** fileData needs a MIME type; by the URL's extension, JPEG when it says nothing. */
    private static String mimeTypeOf(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        return "image/jpeg";
    }

    private static ObjectNode declaration(ToolDefinition tool) {
        ObjectNode node = MAPPER.createObjectNode().put("name", tool.name());
        if (tool.description() != null) {
            node.put("description", tool.description());
        }
        if (tool.parameters() != null) {
            // JSON Schema as is ("parameters" takes only Gemini's OpenAPI subset).
            node.set("parametersJsonSchema", tool.parameters());
        }
        return node;
    }

    private static ObjectNode generationConfig(ChatCall call) {
        ObjectNode config = MAPPER.createObjectNode();
        SamplingParams params = call.params();
        if (params.temperature() != null) {
            config.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            config.put("topP", params.topP());
        }
        if (params.topK() != null) {
            config.put("topK", params.topK());
        }
        if (params.maxTokens() != null) {
            config.put("maxOutputTokens", params.maxTokens());
        }
        if (params.stop() != null && !params.stop().isEmpty()) {
            params.stop().forEach(config.putArray("stopSequences")::add);
        }
        if (params.seed() != null) {
            config.put("seed", params.seed());
        }
        if (params.presencePenalty() != null) {
            config.put("presencePenalty", params.presencePenalty());
        }
        if (params.frequencyPenalty() != null) {
            config.put("frequencyPenalty", params.frequencyPenalty());
        }
        if (call.responseFormat() != null) {
            switch (call.responseFormat().type()) {
                case TEXT -> { }
                case JSON_OBJECT -> config.put("responseMimeType", "application/json");
                case JSON_SCHEMA -> config.put("responseMimeType", "application/json")
                        .set("responseJsonSchema", call.responseFormat().schema());
            }
        }
        return config;
    }

    static TokenUsage usage(JsonNode metadata) {
        if (!metadata.isObject()) {
            return null;
        }
        int thoughts = metadata.path("thoughtsTokenCount").asInt();
        return new TokenUsage(metadata.path("promptTokenCount").asInt(),
                metadata.path("candidatesTokenCount").asInt() + thoughts,
                metadata.path("cachedContentTokenCount").asInt(), thoughts);
    }

    static FinishReason finishReason(String reason, boolean calledTools) {
        if (reason == null) {
            return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        return switch (reason) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                    FinishReason.CONTENT_FILTER;
            case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL" -> FinishReason.ERROR;
            // Gemini ends a function-calling turn with STOP: the calls are what make it one.
            default -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }

    /** Google's {@code {"error": {"code", "message", "status", "details"}}}. */
    record ErrorBody(String status, String message, Long retryAfterMs) {

        static ErrorBody parse(byte[] body) {
            try {
                JsonNode error = MAPPER.readTree(body).path("error");
                Long retry = null;
                for (JsonNode detail : error.path("details")) {
                    String delay = detail.path("retryDelay").asText(""); // google.rpc.RetryInfo, e.g. "30s"
                    if (delay.endsWith("s")) {
                        retry = (long) (Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000);
                    }
                }
                return new ErrorBody(error.path("status").asText(null), error.path("message").asText(null), retry);
            } catch (IOException | NumberFormatException e) {
                return new ErrorBody(null, null, null);
            }
        }
    }
}
