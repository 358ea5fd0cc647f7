package io.llmgateway.router.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.router.provider.ChatDelta;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.SseEvent;
import io.llmgateway.router.provider.StreamAccumulator;
import io.llmgateway.router.provider.StreamDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads {@code GenerateContentResponse}s: one for {@code generateContent}, one per {@code data:}
 * event for {@code streamGenerateContent?alt=sse} (no end marker: the body's end is the end).
 * Text parts ({@code thought} parts left out) and {@code functionCall} parts of the first
 * candidate; Gemini's calls may have no id, so one is made up; the last {@code usageMetadata}
 * and {@code finishReason} count. A prompt blocked by safety ({@code promptFeedback.blockReason},
 * no candidate) is a {@link ProviderException.Kind#CONTENT_FILTERED}.
 */
final class CandidateReader implements StreamDecoder {

    private final StreamAccumulator answer = new StreamAccumulator();
    private final String provider;
    private String finishReason;

    CandidateReader(String provider) {
        this.provider = provider;
    }

    @Override
    public List<ChatDelta> onEvent(SseEvent event) throws ProviderException, IOException {
        return read(GenerateContentJson.MAPPER.readTree(event.data()));
    }

    List<ChatDelta> read(JsonNode response) throws ProviderException {
        answer.model(response.path("modelVersion").asText(null));
        if (response.path("usageMetadata").isObject()) {
            answer.usage(GenerateContentJson.usage(response.path("usageMetadata")));
        }
        JsonNode candidate = response.path("candidates").path(0);
        if (candidate.isMissingNode()) {
            String blocked = response.path("promptFeedback").path("blockReason").asText(null);
            if (blocked != null) {
                throw ProviderException.reported(ProviderException.Kind.CONTENT_FILTERED, 0, blocked,
                        provider + ": the prompt was blocked (" + blocked + ")", null);
            }
            return List.of();
        }
        List<ChatDelta> deltas = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                deltas.add(answer.text(part.path("text").asText()));
            } else if (part.path("functionCall").isObject()) {
                JsonNode call = part.path("functionCall");
                String id = call.path("id").asText(null);
                deltas.add(answer.toolCall(answer.toolCallCount(),
                        id != null ? id : "call_" + UUID.randomUUID().toString().replace("-", ""),
                        call.path("name").asText(), call.path("args").isObject() ? call.path("args").toString() : "{}"));
            }
        }
        if (candidate.path("finishReason").isTextual()) {
            finishReason = candidate.path("finishReason").asText();
        }
        return deltas;
    }

    @Override
    public boolean isDone() {
        return false;
    }

    @Override
    public boolean endsAtEndOfBody() {
        return true;
    }

    @Override
    public ChatResult result() {
        ChatResult summed = answer.result();
        return new ChatResult(summed.content(), summed.toolCalls(),
                GenerateContentJson.finishReason(finishReason, !summed.toolCalls().isEmpty()), summed.usage(),
                summed.modelServed());
    }
}
