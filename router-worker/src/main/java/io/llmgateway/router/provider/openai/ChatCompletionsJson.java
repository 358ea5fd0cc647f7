package io.llmgateway.router.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.ContentPart;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.ResponseFormat;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolChoice;
import io.llmgateway.schemas.ToolDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chat-completions bodies (OpenAI API reference: {@code CreateChatCompletionRequest},
 * {@code ChatCompletion}, {@code ChatCompletionChunk}).
 */
final class ChatCompletionsJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ChatCompletionsJson() {}

    static byte[] request(ChatCall call, OpenAiDialect dialect, boolean stream) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", call.model());
        ArrayNode messages = body.putArray("messages");
        call.messages().forEach(message -> messages.add(message(message)));
        SamplingParams params = call.params();
        if (params.temperature() != null) {
            body.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            body.put("top_p", params.topP());
        }
        if (params.maxTokens() != null) {
            body.put(dialect.maxTokensField(), params.maxTokens());
        }
        if (params.stop() != null && !params.stop().isEmpty()) {
            params.stop().forEach(body.putArray("stop")::add);
        }
        if (params.seed() != null) {
            body.put("seed", params.seed());
        }
        if (params.frequencyPenalty() != null) {
            body.put("frequency_penalty", params.frequencyPenalty());
        }
        if (params.presencePenalty() != null) {
            body.put("presence_penalty", params.presencePenalty());
        }
        if (!call.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            call.tools().forEach(tool -> tools.add(tool(tool)));
        }
        if (call.toolChoice() != null) {
            body.set("tool_choice", toolChoice(call.toolChoice()));
        }
        if (call.parallelToolCalls() != null && !call.tools().isEmpty()) {
            body.put("parallel_tool_calls", call.parallelToolCalls());
        }
        if (call.responseFormat() != null) {
            body.set("response_format", responseFormat(call.responseFormat()));
        }
        body.put("stream", stream);
        if (stream) {
            // Without it the stream carries no usage at all, and accounting needs it.
            body.putObject("stream_options").put("include_usage", true);
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat-completions body", e);
        }
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("role", message.role().name().toLowerCase(Locale.ROOT));
        switch (message.role()) {
            case SYSTEM -> node.put("content", message.text());
            case USER -> {
                if (message.hasImages()) {
                    ArrayNode parts = node.putArray("content");
                    message.content().forEach(part -> parts.add(part(part)));
                } else {
                    node.put("content", message.text());
                }
            }
            case ASSISTANT -> {
                String text = message.text();
                if (text.isEmpty() && !message.toolCalls().isEmpty()) {
                    node.putNull("content");
                } else {
                    node.put("content", text);
                }
                if (!message.toolCalls().isEmpty()) {
                    ArrayNode calls = node.putArray("tool_calls");
                    for (ToolCall call : message.toolCalls()) {
                        ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                        c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                    }
                }
            }
            case TOOL -> node.put("tool_call_id", message.toolCallId()).put("content", message.text());
        }
        return node;
    }

    private static ObjectNode part(ContentPart part) {
        ObjectNode node = MAPPER.createObjectNode();
        switch (part) {
            case ContentPart.Text text -> node.put("type", "text").put("text", text.text());
            case ContentPart.Image image -> {
                ObjectNode url = node.put("type", "image_url").putObject("image_url");
                url.put("url", image.isInline() ? "data:" + image.mediaType() + ";base64," + image.data() : image.url());
                if (image.detail() != null) {
                    url.put("detail", image.detail());
                }
            }
        }
        return node;
    }

    private static ObjectNode tool(ToolDefinition tool) {
        ObjectNode node = MAPPER.createObjectNode().put("type", "function");
        ObjectNode function = node.putObject("function").put("name", tool.name());
        if (tool.description() != null) {
            function.put("description", tool.description());
        }
        if (tool.parameters() != null) {
            function.set("parameters", tool.parameters());
        }
        if (tool.strict() != null) {
            function.put("strict", tool.strict());
        }
        return node;
    }

    private static JsonNode toolChoice(ToolChoice choice) {
        return switch (choice.mode()) {
            case AUTO -> MAPPER.getNodeFactory().textNode("auto");
            case NONE -> MAPPER.getNodeFactory().textNode("none");
            case REQUIRED -> MAPPER.getNodeFactory().textNode("required");
            case TOOL -> {
                ObjectNode node = MAPPER.createObjectNode().put("type", "function");
                node.putObject("function").put("name", choice.name());
                yield node;
            }
        };
    }

    private static ObjectNode responseFormat(ResponseFormat format) {
        ObjectNode node = MAPPER.createObjectNode();
        switch (format.type()) {
            case TEXT -> node.put("type", "text");
            case JSON_OBJECT -> node.put("type", "json_object");
            case JSON_SCHEMA -> {
                ObjectNode schema = node.put("type", "json_schema").putObject("json_schema");
                schema.put("name", format.name()).set("schema", format.schema());
                if (format.strict() != null) {
                    schema.put("strict", format.strict());
                }
            }
        }
        return node;
    }

    /** The first choice of a {@code chat.completion}; IllegalArgumentException when it has none. */
    static ChatResult result(byte[] body) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        JsonNode choice = root.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new IllegalArgumentException("the answer has no choices");
        }
        JsonNode message = choice.path("message");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            calls.add(new ToolCall(call.path("id").asText(), call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText("{}")));
        }
        String content = message.path("content").isTextual() ? message.path("content").asText() : "";
        FinishReason reason = finishReason(choice.path("finish_reason").asText(null));
        JsonNode refusal = message.path("refusal");
        if (content.isEmpty() && refusal.isTextual()) {
            // A refusal is the model declining on safety grounds: its text is the answer.
            content = refusal.asText();
            reason = FinishReason.CONTENT_FILTER;
        }
        return new ChatResult(content, calls, reason, usage(root.path("usage")), root.path("model").asText(null));
    }

    static TokenUsage usage(JsonNode usage) {
        if (!usage.isObject()) {
            return null;
        }
        return new TokenUsage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(),
                usage.path("prompt_tokens_details").path("cached_tokens").asInt(),
                usage.path("completion_tokens_details").path("reasoning_tokens").asInt());
    }

    static FinishReason finishReason(String reason) {
        if (reason == null) {
            return FinishReason.STOP;
        }
        return switch (reason) {
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            // "stop", and the own words of compatible servers for a natural end ("eos", "end_turn").
            default -> FinishReason.STOP;
        };
    }

    /** OpenAI's {@code {"error": {"message", "type", "param", "code"}}}; fields absent when the body is not one. */
    record ErrorBody(String message, String type, String code) {

        static ErrorBody parse(byte[] body) {
            try {
                JsonNode error = MAPPER.readTree(body).path("error");
                return new ErrorBody(textOrNull(error.path("message")), textOrNull(error.path("type")),
                        textOrNull(error.path("code")));
            } catch (IOException e) {
                // Not JSON (a proxy's HTML page, say): the status alone classifies the failure.
                return new ErrorBody(null, null, null);
            }
        }

        /** OpenAI sends {@code "code": null} for errors without a code; that is no code, not "null". */
        private static String textOrNull(JsonNode node) {
            return node.isValueNode() && !node.isNull() ? node.asText() : null;
        }
    }
}
