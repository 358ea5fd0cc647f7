package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.OpenAiRequestParts.Json;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.ingress.anthropic.MessagesRequest;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.common.security.ImageUrlPolicy;
import io.llmgateway.schemas.ContentPart;
import io.llmgateway.schemas.Role;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolChoice;
import io.llmgateway.schemas.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's system prompt, turns, content blocks, tools and tool choice, checked and turned
 * into the unified format. Every error names the field as the caller wrote it.
 *
 * <p>Anthropic puts tool results inside a user turn ({@code tool_result} blocks); the unified
 * format has a tool message per result. A user turn is therefore split in order: each
 * {@code tool_result} becomes a tool message, and the text and image blocks around them user
 * messages.
 */
final class AnthropicRequestParts {

    private AnthropicRequestParts() {}

    /** The system prompt (as one system message, first) and the turns. */
    static List<ChatMessage> messages(JsonNode system, List<MessagesRequest.Message> turns,
                                      ImageUrlPolicy imageUrls) {
        if (turns == null) {
            throw ApiError.invalidRequest("messages", "Missing required parameter: 'messages'.");
        }
        if (turns.isEmpty()) {
            throw ApiError.invalidRequest("messages", "'messages' must contain at least one message.");
        }
        List<ChatMessage> messages = new ArrayList<>();
        List<ContentPart> systemParts = system(system);
        if (!systemParts.isEmpty()) {
            messages.add(new ChatMessage(Role.SYSTEM, systemParts, null, null));
        }
        for (int i = 0; i < turns.size(); i++) {
            MessagesRequest.Message turn = turns.get(i);
            String param = "messages[" + i + "]";
            if (turn == null) {
                throw ApiError.invalidRequest(param, "Invalid type for '" + param + "': expected an object.");
            }
            String role = turn.role();
            if ("user".equals(role)) {
                messages.addAll(userTurn(turn.content(), param + ".content", imageUrls));
            } else if ("assistant".equals(role)) {
                messages.add(assistantTurn(turn.content(), param + ".content"));
            } else if (role == null) {
                throw ApiError.invalidRequest(param + ".role", "Missing required parameter: '" + param + ".role'.");
            } else {
                throw ApiError.invalidRequest(param + ".role", "Invalid value for '" + param + ".role': must be 'user' "
                        + "or 'assistant' (a system prompt goes in the top-level 'system' parameter).");
            }
        }
        return messages;
    }

    /** A string, or an array of text blocks; empty when absent. */
    private static List<ContentPart> system(JsonNode system) {
        if (system == null || system.isNull()) {
            return List.of();
        }
        if (system.isTextual()) {
            return system.textValue().isEmpty() ? List.of() : List.of(ContentPart.text(system.textValue()));
        }
        if (!system.isArray()) {
            throw ApiError.invalidRequest("system", "Invalid type for 'system': expected a string or an array of "
                    + "text blocks.");
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = block(system.get(i), "system[" + i + "]");
            String type = Json.text(block, "type", "system[" + i + "].type", true);
            if (!"text".equals(type)) {
                throw ApiError.invalidRequest("system[" + i + "].type", "Invalid value for 'system[" + i
                        + "].type': the system prompt takes only 'text' blocks.");
            }
            parts.add(ContentPart.text(Json.text(block, "text", "system[" + i + "].text", true)));
        }
        return parts;
    }

    /** User messages for the text and image blocks, a tool message for each tool_result, in order. */
    private static List<ChatMessage> userTurn(JsonNode content, String param, ImageUrlPolicy imageUrls) {
        List<ChatMessage> messages = new ArrayList<>();
        if (content != null && content.isTextual()) {
            messages.add(new ChatMessage(Role.USER, content.textValue()));
            return messages;
        }
        List<ContentPart> pending = new ArrayList<>();
        JsonNode blocks = blocks(content, param);
        for (int i = 0; i < blocks.size(); i++) {
            String blockParam = param + "[" + i + "]";
            JsonNode block = block(blocks.get(i), blockParam);
            switch (Json.text(block, "type", blockParam + ".type", true)) {
                case "text" -> pending.add(ContentPart.text(Json.text(block, "text", blockParam + ".text", true)));
                case "image" -> pending.add(image(block.get("source"), blockParam + ".source", imageUrls));
                case "tool_result" -> {
                    if (!pending.isEmpty()) {
                        messages.add(new ChatMessage(Role.USER, List.copyOf(pending), null, null));
                        pending.clear();
                    }
                    messages.add(toolResult(block, blockParam, imageUrls));
                }
                case "tool_use" -> throw ApiError.invalidRequest(blockParam + ".type", "'tool_use' blocks are only "
                        + "allowed in assistant messages.");
                default -> throw unsupportedBlock(block, blockParam, "'text', 'image' and 'tool_result'");
            }
        }
        if (!pending.isEmpty()) {
            messages.add(new ChatMessage(Role.USER, List.copyOf(pending), null, null));
        }
        return messages;
    }

    /**
     * A tool result: its text (a string, or text and image blocks). {@code is_error} is read but
     * not carried: the unified format has no place for it, and the text usually says it.
     */
    private static ChatMessage toolResult(JsonNode block, String param, ImageUrlPolicy imageUrls) {
        String toolUseId = Json.text(block, "tool_use_id", param + ".tool_use_id", true);
        JsonNode isError = block.get("is_error");
        if (isError != null && !isError.isNull() && !isError.isBoolean()) {
            throw ApiError.invalidRequest(param + ".is_error", "Invalid type for '" + param
                    + ".is_error': expected a boolean.");
        }
        JsonNode content = block.get("content");
        List<ContentPart> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            parts.add(ContentPart.text(""));
        } else if (content.isTextual()) {
            parts.add(ContentPart.text(content.textValue()));
        } else if (content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                String partParam = param + ".content[" + i + "]";
                JsonNode part = block(content.get(i), partParam);
                switch (Json.text(part, "type", partParam + ".type", true)) {
                    case "text" -> parts.add(ContentPart.text(Json.text(part, "text", partParam + ".text", true)));
                    case "image" -> parts.add(image(part.get("source"), partParam + ".source", imageUrls));
                    default -> throw unsupportedBlock(part, partParam, "'text' and 'image'");
                }
            }
            if (parts.isEmpty()) {
                parts.add(ContentPart.text(""));
            }
        } else {
            throw ApiError.invalidRequest(param + ".content", "Invalid type for '" + param
                    + ".content': expected a string or an array of content blocks.");
        }
        return new ChatMessage(Role.TOOL, parts, null, toolUseId);
    }

    /** One assistant message: its text blocks, and its tool_use blocks as tool calls. */
    private static ChatMessage assistantTurn(JsonNode content, String param) {
        if (content != null && content.isTextual()) {
            return new ChatMessage(Role.ASSISTANT, content.textValue());
        }
        List<ContentPart> text = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        JsonNode blocks = blocks(content, param);
        for (int i = 0; i < blocks.size(); i++) {
            String blockParam = param + "[" + i + "]";
            JsonNode block = block(blocks.get(i), blockParam);
            switch (Json.text(block, "type", blockParam + ".type", true)) {
                case "text" -> text.add(ContentPart.text(Json.text(block, "text", blockParam + ".text", true)));
                case "tool_use" -> calls.add(toolUse(block, blockParam));
                case "image", "tool_result" -> throw ApiError.invalidRequest(blockParam + ".type", "'"
                        + block.get("type").textValue() + "' blocks are only allowed in user messages.");
                default -> throw unsupportedBlock(block, blockParam, "'text' and 'tool_use'");
            }
        }
        if (text.isEmpty() && calls.isEmpty()) {
            text.add(ContentPart.text(""));
        }
        return new ChatMessage(Role.ASSISTANT, text, calls, null);
    }

    private static ToolCall toolUse(JsonNode block, String param) {
        String id = Json.text(block, "id", param + ".id", true);
        String name = Json.text(block, "name", param + ".name", true);
        JsonNode input = block.get("input");
        if (input == null || !input.isObject()) {
            throw ApiError.invalidRequest(param + ".input", "Invalid type for '" + param
                    + ".input': expected an object.");
        }
        try {
            return new ToolCall(id, name, AnthropicJson.MAPPER.writeValueAsString(input));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON object writes back", e);
        }
    }

    /** An image {@code source}: {@code {"type": "base64", "media_type", "data"}} or {@code {"type": "url", "url"}}. */
    private static ContentPart image(JsonNode source, String param, ImageUrlPolicy imageUrls) {
        if (source == null || !source.isObject()) {
            throw ApiError.invalidRequest(param, "Invalid type for '" + param + "': expected an object.");
        }
        return switch (Json.text(source, "type", param + ".type", true)) {
            case "base64" -> ContentPart.Image.ofBase64(Json.text(source, "media_type", param + ".media_type", true),
                    Json.text(source, "data", param + ".data", true));
            case "url" -> {
                String url = Json.text(source, "url", param + ".url", true);
                OpenAiRequestParts.checkImageUrl(url, param + ".url", imageUrls);
                yield ContentPart.Image.ofUrl(url);
            }
            default -> throw ApiError.invalidRequest(param + ".type", "Invalid value for '" + param
                    + ".type': image sources of type 'base64' and 'url' are supported.");
        };
    }

    /** The tools the model may call; Anthropic's server tools (web search, bash...) are not served here. */
    static List<ToolDefinition> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw ApiError.invalidRequest("tools", "Invalid type for 'tools': expected an array.");
        }
        List<ToolDefinition> result = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String param = "tools[" + i + "]";
            JsonNode tool = block(tools.get(i), param);
            String type = Json.text(tool, "type", param + ".type", false);
            if (type != null && !"custom".equals(type)) {
                throw ApiError.invalidRequest(param + ".type", "Tools of type '" + type + "' are not supported: "
                        + "only client tools (with 'name' and 'input_schema').");
            }
            JsonNode schema = tool.get("input_schema");
            if (schema == null || schema.isNull()) {
                throw ApiError.invalidRequest(param + ".input_schema", "Missing required parameter: '" + param
                        + ".input_schema'.");
            }
            if (!schema.isObject()) {
                throw ApiError.invalidRequest(param + ".input_schema", "Invalid type for '" + param
                        + ".input_schema': expected a JSON Schema object.");
            }
            JsonNode strict = tool.get("strict");
            result.add(new ToolDefinition(Json.text(tool, "name", param + ".name", true),
                    Json.text(tool, "description", param + ".description", false), schema,
                    strict != null && strict.isBoolean() ? strict.booleanValue() : null));
        }
        return result;
    }

    /** {@code {"type": "auto" | "any" | "tool" | "none"}}; {@code any} is the unified "required". */
    static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        JsonNode block = block(choice, "tool_choice");
        return switch (Json.text(block, "type", "tool_choice.type", true)) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> ToolChoice.tool(Json.text(block, "name", "tool_choice.name", true));
            default -> throw ApiError.invalidRequest("tool_choice.type", "Invalid value for 'tool_choice.type': "
                    + "must be 'auto', 'any', 'tool' or 'none'.");
        };
    }

    /** {@code tool_choice.disable_parallel_tool_use}, as the unified "parallel tool calls" (null when not said). */
    static Boolean parallelToolCalls(JsonNode choice) {
        if (choice == null || !choice.isObject()) {
            return null;
        }
        JsonNode disable = choice.get("disable_parallel_tool_use");
        if (disable == null || disable.isNull()) {
            return null;
        }
        if (!disable.isBoolean()) {
            throw ApiError.invalidRequest("tool_choice.disable_parallel_tool_use", "Invalid type for "
                    + "'tool_choice.disable_parallel_tool_use': expected a boolean.");
        }
        return !disable.booleanValue();
    }

    private static JsonNode blocks(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            throw ApiError.invalidRequest(param, "Missing required parameter: '" + param + "'.");
        }
        if (!content.isArray()) {
            throw ApiError.invalidRequest(param, "Invalid type for '" + param
                    + "': expected a string or an array of content blocks.");
        }
        if (content.isEmpty()) {
            throw ApiError.invalidRequest(param, "'" + param + "' must contain at least one content block.");
        }
        return content;
    }

    private static JsonNode block(JsonNode block, String param) {
        if (block == null || !block.isObject()) {
            throw ApiError.invalidRequest(param, "Invalid type for '" + param + "': expected an object.");
        }
        return block;
    }

    private static ApiError unsupportedBlock(JsonNode block, String param, String supported) {
        return ApiError.invalidRequest(param + ".type", "Content blocks of type '" + block.get("type").textValue()
                + "' are not supported here: only " + supported + ".");
    }
}
