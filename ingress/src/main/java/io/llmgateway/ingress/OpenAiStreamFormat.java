package io.llmgateway.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.ingress.openai.ErrorBody;
import io.llmgateway.ingress.openai.OpenAiJson;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolCallDelta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's chat-completions stream: {@code data:} lines of {@code chat.completion.chunk} objects
 * (the first with the role, then content and tool-call pieces by index, then one with the finish
 * reason), a usage chunk with no choices when {@code stream_options.include_usage} asked for it,
 * then {@code data: [DONE]}. A failure after the stream began is a {@code data:} line with
 * OpenAI's error object.
 */
final class OpenAiStreamFormat implements StreamFormat {

    private final SseOut out;
    private final String id;
    private final long created;
    private final String model;
    private final boolean includeUsage;

    /** @param model the alias the caller asked for */
    OpenAiStreamFormat(SseOut out, String requestId, long createdSeconds, String model, boolean includeUsage) {
        this.out = out;
        this.id = ChatCompletions.id(requestId);
        this.created = createdSeconds;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    private Map<String, Object> chunk(Map<String, Object> delta, String finishReason) {
        // A tree, not a map: the mapper leaves nulls out of maps, and OpenAI's chunk schema lists
        // logprobs and finish_reason as required (nullable).
        ObjectNode choice = OpenAiJson.MAPPER.createObjectNode()
                .put("index", 0)
                .putPOJO("delta", delta)
                .putNull("logprobs")
                .put("finish_reason", finishReason);
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.put("choices", List.of(choice));
        return chunk;
    }

    @Override
    public void start() throws SseOut.ClientGone {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("role", "assistant");
        delta.put("content", "");
        out.event(null, chunk(delta, null));
    }

    @Override
    public void chunk(Reply chunk) throws SseOut.ClientGone {
        Map<String, Object> delta = new LinkedHashMap<>();
        if (!chunk.delta().isEmpty()) {
            delta.put("content", chunk.delta());
        }
        if (!chunk.toolCallDeltas().isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (ToolCallDelta piece : chunk.toolCallDeltas()) {
                calls.add(toolCall(piece.index(), piece.id(), piece.name(), piece.arguments()));
            }
            delta.put("tool_calls", calls);
        }
        if (!delta.isEmpty()) {
            out.event(null, chunk(delta, null));
        }
    }

    private static Map<String, Object> toolCall(int index, String id, String name, String arguments) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("index", index);
        Map<String, Object> function = new LinkedHashMap<>();
        if (id != null) {
            call.put("id", id);
            call.put("type", "function");
        }
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments == null ? "" : arguments);
        call.put("function", function);
        return call;
    }

    @Override
    public void complete(Reply fin, boolean began) throws SseOut.ClientGone {
        if (!began) {
            Map<String, Object> delta = new LinkedHashMap<>();
            if (!fin.content().isEmpty()) {
                delta.put("content", fin.content());
            }
            if (!fin.toolCalls().isEmpty()) {
                List<Map<String, Object>> calls = new ArrayList<>();
                for (int i = 0; i < fin.toolCalls().size(); i++) {
                    ToolCall call = fin.toolCalls().get(i);
                    calls.add(toolCall(i, call.id(), call.name(), call.arguments()));
                }
                delta.put("tool_calls", calls);
            }
            if (!delta.isEmpty()) {
                out.event(null, chunk(delta, null));
            }
        }
        out.event(null, chunk(Map.of(), ChatCompletions.finishReason(fin.finishReason())));
        if (includeUsage) {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("prompt_tokens", fin.usage().inputTokens());
            usage.put("completion_tokens", fin.usage().outputTokens());
            usage.put("total_tokens", fin.usage().totalTokens());
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("id", id);
            last.put("object", "chat.completion.chunk");
            last.put("created", created);
            last.put("model", model);
            last.put("choices", List.of());
            last.put("usage", usage);
            out.event(null, last);
        }
        out.raw("data: [DONE]\n\n");
    }

    @Override
    public void error(GatewayError error) throws SseOut.ClientGone {
        out.event(null, ErrorBody.of(error.message(), error.type(), null, error.code()));
    }

    @Override
    public void keepAlive() throws SseOut.ClientGone {
        out.raw(": keep-alive\n\n");
    }
}
