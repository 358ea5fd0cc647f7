package io.llmgateway.schemas;

import java.util.List;

/**
 * Sampling parameters; null means "the provider's default". They are part of the cache key,
 * so two requests that differ here never share an answer.
 */
public record SamplingParams(Double temperature, Double topP, Integer maxTokens, List<String> stop, Long seed) {

    public static final SamplingParams DEFAULTS = new SamplingParams(null, null, null, null, null);

    public SamplingParams {
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
        }
        if (topP != null && (topP < 0 || topP > 1)) {
            throw new IllegalArgumentException("top_p must be between 0 and 1, was " + topP);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be >= 1, was " + maxTokens);
        }
        stop = stop == null ? null : List.copyOf(stop);
    }
}
