package io.llmgateway.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.config.RequestBounds;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The upper bounds on a request's fields ({@code ingress.request_bounds}, and a deployment's
 * {@code max_output_tokens}), for both APIs: a request past one is a 400 naming the field as the
 * caller wrote it. Counts are checked before the parts are mapped, so that 100,000 empty
 * messages cost a size check, not 100,000 mapped messages.
 */
final class FieldBounds {

    private final RequestBounds bounds;
    private final Map<String, ModelConfig> models;

    FieldBounds(RequestBounds bounds, Map<String, ModelConfig> models) {
        this.bounds = bounds;
        this.models = models;
    }

    void messages(List<?> messages, String param) {
        atMost(messages == null ? 0 : messages.size(), bounds.maxMessages(), param, "messages");
    }

    /** @param tools the request's tools as sent; its type is checked where it is mapped */
    void tools(JsonNode tools, String param) {
        atMost(tools != null && tools.isArray() ? tools.size() : 0, bounds.maxTools(), param, "tools");
    }

    void stopSequences(List<String> sequences, String param) {
        if (sequences == null) {
            return;
        }
        atMost(sequences.size(), bounds.maxStopSequences(), param, "stop sequences");
        for (int i = 0; i < sequences.size(); i++) {
            String sequence = sequences.get(i);
            if (sequence != null && sequence.length() > bounds.maxStopSequenceChars()) {
                throw ApiError.invalidRequest(param + "[" + i + "]", "Invalid value for '" + param + "[" + i
                        + "]': a stop sequence may have at most " + bounds.maxStopSequenceChars() + " characters, it has "
                        + sequence.length() + ".");
            }
        }
    }

    /** @param maxTokens the request's value, null when it sent none */
    void maxTokens(String model, Integer maxTokens, String param) {
        if (maxTokens == null) {
            return;
        }
        int most = maxTokensFor(model);
        if (maxTokens > most) {
            throw ApiError.invalidRequest(param, "Invalid value for '" + param + "': " + maxTokens
                    + " is too large; the model supports at most " + most + " output tokens.");
        }
    }

    /**
     * The smallest {@code max_output_tokens} among the alias's deployments that name one (a
     * request may fall back to any of them), else {@code request_bounds.max_tokens}.
     */
    int maxTokensFor(String model) {
        ModelConfig alias = model == null ? null : models.get(model);
        if (alias == null) {
            return bounds.maxTokens();
        }
        return alias.deployments().stream()
                .map(Deployment::maxOutputTokens)
                .filter(Objects::nonNull)
                .mapToInt(Integer::intValue)
                .min()
                .orElse(bounds.maxTokens());
    }

    private static void atMost(int count, int most, String param, String what) {
        if (count > most) {
            throw ApiError.invalidRequest(param, "Invalid value for '" + param + "': at most " + most + " " + what
                    + " per request, got " + count + ".");
        }
    }
}
