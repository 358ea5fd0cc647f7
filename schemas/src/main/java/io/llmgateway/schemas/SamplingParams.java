package io.llmgateway.schemas;

import java.util.List;

/**
 * Sampling parameters; null means "the provider's default". They are part of the cache key,
 * so two requests that differ here never share an answer.
 *
 * @param topK Anthropic's and Gemini's top-k; OpenAI has none and ignores it
 * @param frequencyPenalty OpenAI's and Gemini's, -2..2; Anthropic has none and ignores it
 * @param presencePenalty OpenAI's and Gemini's, -2..2; Anthropic has none and ignores it
 */
public record SamplingParams(Double temperature, Double topP, Integer maxTokens, List<String> stop, Long seed,
                             Integer topK, Double frequencyPenalty, Double presencePenalty) {

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
        if (topK != null && topK < 1) {
            throw new IllegalArgumentException("top_k must be >= 1, was " + topK);
        }
        checkPenalty(frequencyPenalty, "frequency_penalty");
        checkPenalty(presencePenalty, "presence_penalty");
        stop = stop == null ? null : List.copyOf(stop);
    }

    /** The common five, without top-k and penalties. */
    public SamplingParams(Double temperature, Double topP, Integer maxTokens, List<String> stop, Long seed) {
        this(temperature, topP, maxTokens, stop, seed, null, null, null);
    }

    private static void checkPenalty(Double penalty, String field) {
        if (penalty != null && (penalty < -2 || penalty > 2)) {
            throw new IllegalArgumentException(field + " must be between -2 and 2, was " + penalty);
        }
    }
}
