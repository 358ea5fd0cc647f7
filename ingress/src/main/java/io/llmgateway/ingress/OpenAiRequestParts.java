package io.llmgateway.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.common.security.ImageUrlPolicy;
import io.llmgateway.schemas.ContentPart;
import io.llmgateway.schemas.ResponseFormat;
import io.llmgateway.schemas.Role;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolChoice;
import io.llmgateway.schemas.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's messages, content parts, tools, tool choice and response format, checked and turned
 * into the unified format. Every error names the field as the caller wrote it.
 */
final class OpenAiRequestParts {

    private static final Map<String, Role> ROLES = Map.of(
            "system", Role.SYSTEM,
            // OpenAI's newer name for system instructions (o-series models).
            "developer", Role.SYSTEM,
            "user", Role.USER,
            "assistant", Role.ASSISTANT,
            "tool", Role.TOOL);

    private static final Pattern DATA_URL = Pattern.compile("data:([\\w.+-]+/[\\w.+-]+);base64,(.+)", Pattern.DOTALL);

    private OpenAiRequestParts() {}

    static List<ChatMessage> messages(List<ChatCompletionRequest.Message> input, ImageUrlPolicy imageUrls) {
        if (input == null) {
            throw ApiError.invalidRequest("messages", "Missing required parameter: 'messages'.");
        }
        if (input.isEmpty()) {
            throw ApiError.invalidRequest("messages", "'messages' must contain at least one message.");
        }
        List<ChatMessage> messages = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            ChatCompletionRequest.Message message = input.get(i);
            String param = "messages[" + i + "]";
            if (message == null) {
                throw ApiError.invalidRequest(param, "Invalid type for '" + param + "': expected an object.");
            }
            messages.add(message(message, param, imageUrls));
        }
        return messages;
    }

    private static ChatMessage message(ChatCompletionRequest.Message message, String param,
                                       ImageUrlPolicy imageUrls) {
        Role role = role(message.role(), param + ".role");
        List<ToolCall> calls = role == Role.ASSISTANT ? toolCalls(message.toolCalls(), param + ".tool_calls") : null;
        boolean contentOptional = role == Role.ASSISTANT;
        List<ContentPart> content = content(message.content(), param + ".content", role == Role.USER, contentOptional,
                imageUrls);
        String toolCallId = null;
        if (role == Role.TOOL) {
            if (message.toolCallId() == null || message.toolCallId().isBlank()) {
                throw ApiError.invalidRequest(param + ".tool_call_id", "Missing required parameter: '" + param
                        + ".tool_call_id'.");
            }
            toolCallId = message.toolCallId();
        }
        if (role == Role.ASSISTANT && content.isEmpty() && calls.isEmpty()) {
            content = List.of(ContentPart.text(""));
        }
        return new ChatMessage(role, content, calls, toolCallId);
    }

    private static Role role(String role, String param) {
        if (role == null) {
            throw ApiError.invalidRequest(param, "Missing required parameter: '" + param + "'.");
        }
        Role mapped = ROLES.get(role);
        if (mapped == null) {
            throw ApiError.invalidRequest(param, "Invalid value for '" + param
                    + "': must be one of 'system', 'developer', 'user', 'assistant', 'tool'.");
        }
        return mapped;
    }

    /** A string, or an array of parts: text everywhere, image_url only from the user. */
    private static List<ContentPart> content(JsonNode content, String param, boolean imagesAllowed, boolean optional,
                                             ImageUrlPolicy imageUrls) {
        if (content == null || content.isNull()) {
            if (optional) {
                return List.of();
            }
            throw ApiError.invalidRequest(param, "Missing required parameter: '" + param + "'.");
        }
        if (content.isTextual()) {
            return List.of(ContentPart.text(content.textValue()));
        }
        if (!content.isArray()) {
            throw ApiError.invalidRequest(param, "Invalid type for '" + param
                    + "': expected a string or an array of content parts.");
        }
        if (content.isEmpty()) {
            throw ApiError.invalidRequest(param, "'" + param + "' must contain at least one content part.");
        }
        List<ContentPart> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partParam = param + "[" + i + "]";
            if (!part.isObject()) {
                throw ApiError.invalidRequest(partParam, "Invalid type for '" + partParam + "': expected an object.");
            }
            String type = Json.text(part, "type", partParam + ".type", true);
            switch (type) {
                case "text" -> parts.add(ContentPart.text(Json.text(part, "text", partParam + ".text", true)));
                case "image_url" -> {
                    if (!imagesAllowed) {
                        throw ApiError.invalidRequest(partParam + ".type", "Image parts are only allowed in user "
                                + "messages.");
                    }
                    parts.add(image(part.path("image_url"), partParam + ".image_url", imageUrls));
                }
                default -> throw ApiError.invalidRequest(partParam + ".type", "Content parts of type '" + type
                        + "' are not supported: only 'text' and 'image_url'.");
            }
        }
        return parts;
    }

    private static ContentPart image(JsonNode imageUrl, String param, ImageUrlPolicy imageUrls) {
        if (!imageUrl.isObject()) {
            throw ApiError.invalidRequest(param, "Invalid type for '" + param + "': expected an object.");
        }
        String url = Json.text(imageUrl, "url", param + ".url", true);
        String detail = Json.text(imageUrl, "detail", param + ".detail", false);
        Matcher data = DATA_URL.matcher(url);
        if (data.matches()) {
            return new ContentPart.Image(null, data.group(1), data.group(2), detail);
        }
        checkImageUrl(url, param + ".url", imageUrls);
        return new ContentPart.Image(url, null, null, detail);
    }

    /** An image URL the provider will fetch: only one {@link ImageUrlPolicy} lets through. */
    static void checkImageUrl(String url, String param, ImageUrlPolicy imageUrls) {
        imageUrls.refusal(url).ifPresent(reason -> {
            throw ApiError.invalidRequest(param, "Invalid value for '" + param + "': " + reason + ".");
        });
    }

    private static List<ToolCall> toolCalls(JsonNode calls, String param) {
        if (calls == null || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw ApiError.invalidRequest(param, "Invalid type for '" + param + "': expected an array.");
        }
        List<ToolCall> result = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            String callParam = param + "[" + i + "]";
            if (!call.isObject() || !call.path("function").isObject()) {
                throw ApiError.invalidRequest(callParam, "Invalid type for '" + callParam
                        + "': expected an object with 'id' and 'function'.");
            }
            result.add(new ToolCall(Json.text(call, "id", callParam + ".id", true),
                    Json.text(call.path("function"), "name", callParam + ".function.name", true),
                    Json.text(call.path("function"), "arguments", callParam + ".function.arguments", false)));
        }
        return result;
    }

    static List<ToolDefinition> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw ApiError.invalidRequest("tools", "Invalid type for 'tools': expected an array.");
        }
        List<ToolDefinition> result = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String param = "tools[" + i + "]";
            if (!tool.isObject() || !"function".equals(tool.path("type").asText()) || !tool.path("function").isObject()) {
                throw ApiError.invalidRequest(param, "Invalid value for '" + param
                        + "': expected {\"type\": \"function\", \"function\": {...}}.");
            }
            JsonNode function = tool.path("function");
            JsonNode parameters = function.get("parameters");
            if (parameters != null && !parameters.isObject()) {
                throw ApiError.invalidRequest(param + ".function.parameters", "Invalid type for '" + param
                        + ".function.parameters': expected a JSON Schema object.");
            }
            JsonNode strict = function.get("strict");
            result.add(new ToolDefinition(Json.text(function, "name", param + ".function.name", true),
                    Json.text(function, "description", param + ".function.description", false), parameters,
                    strict != null && strict.isBoolean() ? strict.booleanValue() : null));
        }
        return result;
    }

    static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.textValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw ApiError.invalidRequest("tool_choice", "Invalid value for 'tool_choice': must be "
                        + "'auto', 'none', 'required' or a function.");
            };
        }
        if (choice.isObject() && "function".equals(choice.path("type").asText())) {
            return ToolChoice.tool(Json.text(choice.path("function"), "name", "tool_choice.function.name", true));
        }
        throw ApiError.invalidRequest("tool_choice", "Invalid value for 'tool_choice'.");
    }

    static ResponseFormat responseFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return null;
        }
        if (!format.isObject()) {
            throw ApiError.invalidRequest("response_format", "Invalid type for 'response_format': expected an object.");
        }
        return switch (Json.text(format, "type", "response_format.type", true)) {
            case "text" -> ResponseFormat.TEXT;
            case "json_object" -> ResponseFormat.JSON_OBJECT;
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema");
                if (!schema.isObject() || !schema.path("schema").isObject()) {
                    throw ApiError.invalidRequest("response_format.json_schema", "Invalid value for "
                            + "'response_format.json_schema': expected {\"name\", \"schema\"}.");
                }
                JsonNode strict = schema.get("strict");
                yield new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA,
                        Json.text(schema, "name", "response_format.json_schema.name", true), schema.get("schema"),
                        strict != null && strict.isBoolean() ? strict.booleanValue() : null);
            }
            default -> throw ApiError.invalidRequest("response_format.type", "Invalid value for "
                    + "'response_format.type': must be 'text', 'json_object' or 'json_schema'.");
        };
    }

    /** Typed reads from JSON trees, with errors that name the field. */
    static final class Json {

        private Json() {}

        static String text(JsonNode node, String field, String param, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw ApiError.invalidRequest(param, "Missing required parameter: '" + param + "'.");
                }
                return null;
            }
            if (!value.isTextual()) {
                throw ApiError.invalidRequest(param, "Invalid type for '" + param + "': expected a string.");
            }
            return value.textValue();
        }
    }
}
