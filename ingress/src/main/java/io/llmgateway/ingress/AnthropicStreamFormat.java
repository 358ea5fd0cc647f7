package io.llmgateway.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.ingress.anthropic.ErrorResponse;
import io.llmgateway.ingress.anthropic.Message;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolCallDelta;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages stream: named events ({@code event:} and {@code data:} lines, the SDKs
 * drop events without a name). {@code message_start} with an empty message; per content block
 * {@code content_block_start}, {@code content_block_delta} ({@code text_delta} or
 * {@code input_json_delta}), {@code content_block_stop}; then {@code message_delta} with the stop
 * reason and usage, and {@code message_stop}. Silence is filled with {@code ping} events; a
 * failure after the start is an {@code error} event in Anthropic's error shape.
 *
 * <p>Blocks are numbered in the order they start. Text opens a text block; the first piece of a
 * tool call (it carries the call's id and name) closes the open block and starts a
 * {@code tool_use} block. A piece of a call whose block was already closed (a provider that
 * interleaves calls) is still sent with that block's index, which is how clients accumulate it.
 */
final class AnthropicStreamFormat implements StreamFormat {

    private final SseOut out;
    private final String id;
    private final String model;
    private final int estimatedInputTokens;
    /** Tool call index -> its block's index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private int nextBlock;
    /** The block started and not yet stopped; null when none. */
    private Integer openBlock;
    private boolean openIsText;

    /**
     * @param model the alias the caller asked for
     * @param estimatedInputTokens the ingress's count, for {@code message_start}; the real count
     *     comes with {@code message_delta}
     */
    AnthropicStreamFormat(SseOut out, String requestId, String model, int estimatedInputTokens) {
        this.out = out;
        this.id = AnthropicMessages.id(requestId);
        this.model = model;
        this.estimatedInputTokens = estimatedInputTokens;
    }

    @Override
    public void start() throws SseOut.ClientGone {
        // A tree, not a map: the mapper leaves nulls out of maps, and Anthropic writes these two.
        ObjectNode message = AnthropicJson.MAPPER.createObjectNode()
                .put("id", id)
                .put("type", Message.TYPE)
                .put("role", "assistant")
                .putPOJO("content", List.of())
                .put("model", model)
                .putNull("stop_reason")
                .putNull("stop_sequence")
                .putPOJO("usage", new Message.Usage(estimatedInputTokens, 0, 0, 0));
        out.event("message_start", event("message_start", "message", message));
    }

    @Override
    public void chunk(Reply chunk) throws SseOut.ClientGone {
        if (!chunk.delta().isEmpty()) {
            text(chunk.delta());
        }
        for (ToolCallDelta piece : chunk.toolCallDeltas()) {
            toolCall(piece);
        }
    }

    private void text(String text) throws SseOut.ClientGone {
        if (openBlock == null || !openIsText) {
            startBlock(Message.TextBlock.of(""), true);
        }
        delta(openBlock, Map.of("type", "text_delta", "text", text));
    }

    private void toolCall(ToolCallDelta piece) throws SseOut.ClientGone {
        Integer block = toolBlocks.get(piece.index());
        if (block == null) {
            String callId = piece.id() != null ? piece.id() : id + "_tool_" + piece.index();
            startBlock(Message.ToolUseBlock.of(callId, piece.name() != null ? piece.name() : "",
                    AnthropicMessages.input("{}")), false);
            toolBlocks.put(piece.index(), openBlock);
            // Clients build a tool's input from its input_json_delta events and expect at least one.
            delta(openBlock, inputJson(piece.arguments()));
        } else if (!piece.arguments().isEmpty()) {
            delta(block, inputJson(piece.arguments()));
        }
    }

    private static Map<String, Object> inputJson(String partialJson) {
        return Map.of("type", "input_json_delta", "partial_json", partialJson);
    }

    private void startBlock(Object contentBlock, boolean isText) throws SseOut.ClientGone {
        stopOpenBlock();
        openBlock = nextBlock++;
        openIsText = isText;
        Map<String, Object> start = event("content_block_start", "index", openBlock);
        start.put("content_block", contentBlock);
        out.event("content_block_start", start);
    }

    private void delta(int block, Map<String, Object> delta) throws SseOut.ClientGone {
        Map<String, Object> event = event("content_block_delta", "index", block);
        event.put("delta", delta);
        out.event("content_block_delta", event);
    }

    private void stopOpenBlock() throws SseOut.ClientGone {
        if (openBlock != null) {
            out.event("content_block_stop", event("content_block_stop", "index", openBlock));
            openBlock = null;
        }
    }

    @Override
    public void complete(Reply fin, boolean began) throws SseOut.ClientGone {
        if (!began) {
            // The whole answer at once (a cache hit): the same events, one delta per block.
            if (!fin.content().isEmpty()) {
                text(fin.content());
            }
            for (int i = 0; i < fin.toolCalls().size(); i++) {
                ToolCall call = fin.toolCalls().get(i);
                toolCall(new ToolCallDelta(i, call.id(), call.name(), call.arguments()));
            }
        }
        stopOpenBlock();
        ObjectNode delta = AnthropicJson.MAPPER.createObjectNode()
                .put("stop_reason", AnthropicMessages.stopReason(fin.finishReason()))
                .putNull("stop_sequence");
        Map<String, Object> messageDelta = event("message_delta", "delta", delta);
        // Cumulative counts for the whole message; they replace the estimate of message_start.
        messageDelta.put("usage", AnthropicMessages.usage(fin.usage()));
        out.event("message_delta", messageDelta);
        out.event("message_stop", Map.of("type", "message_stop"));
    }

    @Override
    public void error(GatewayError error) throws SseOut.ClientGone {
        out.event("error", ErrorResponse.of(ApiDialect.anthropicType(error.status()), error.message()));
    }

    @Override
    public void keepAlive() throws SseOut.ClientGone {
        out.event("ping", Map.of("type", "ping"));
    }

    /** {@code {"type": <type>, <field>: <value>}}, open for more fields, in that order. */
    private static Map<String, Object> event(String type, String field, Object value) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put(field, value);
        return event;
    }
}
