package io.llmgateway.router.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.router.provider.ChatDelta;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.SseEvent;
import io.llmgateway.router.provider.StreamAccumulator;
import io.llmgateway.router.provider.StreamDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat-completions stream: {@code data:} events each holding a {@code chat.completion.chunk}
 * (text in {@code choices[0].delta.content}, tool calls in {@code delta.tool_calls[]} by index, the
 * first piece of a call with its id and name), a last chunk with {@code usage} and no choices
 * (with {@code stream_options.include_usage}), then {@code data: [DONE]}.
 */
final class ChunkDecoder implements StreamDecoder {

    private final StreamAccumulator answer = new StreamAccumulator();
    private boolean done;

    @Override
    public List<ChatDelta> onEvent(SseEvent event) throws IOException {
        if ("[DONE]".equals(event.data().strip())) {
            done = true;
            return List.of();
        }
        JsonNode chunk = ChatCompletionsJson.MAPPER.readTree(event.data());
        if (chunk.has("error")) {
            // Some compatible servers report a failure inside the stream.
            throw new IOException("error in stream: " + chunk.path("error").path("message").asText("unknown"));
        }
        answer.model(chunk.path("model").asText(null));
        if (chunk.path("usage").isObject()) {
            answer.usage(ChatCompletionsJson.usage(chunk.path("usage")));
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return List.of();
        }
        List<ChatDelta> deltas = new ArrayList<>();
        JsonNode delta = choice.path("delta");
        if (delta.path("content").isTextual()) {
            deltas.add(answer.text(delta.path("content").asText()));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            JsonNode function = call.path("function");
            deltas.add(answer.toolCall(call.path("index").asInt(answer.toolCallCount()), call.path("id").asText(null),
                    function.path("name").asText(null), function.path("arguments").asText(null)));
        }
        if (choice.path("finish_reason").isTextual()) {
            answer.finish(ChatCompletionsJson.finishReason(choice.path("finish_reason").asText()));
        }
        return deltas;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public boolean endsAtEndOfBody() {
        return false;
    }

    @Override
    public ChatResult result() {
        return answer.result();
    }
}
