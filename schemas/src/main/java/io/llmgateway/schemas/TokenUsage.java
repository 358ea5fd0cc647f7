package io.llmgateway.schemas;

/**
 * Tokens of one request as the provider reported them (zero provider tokens on a cache hit).
 *
 * @param cachedInputTokens input tokens the provider served from its prompt cache (part of
 *     {@code inputTokens})
 * @param reasoningTokens output tokens spent on hidden reasoning (part of {@code outputTokens}),
 *     where the provider reports them; 0 otherwise
 */
public record TokenUsage(int inputTokens, int outputTokens, int cachedInputTokens, Integer reasoningTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        Require.nonNegative(inputTokens, "usage.input_tokens");
        Require.nonNegative(outputTokens, "usage.output_tokens");
        Require.nonNegative(cachedInputTokens, "usage.cached_input_tokens");
        // Optional on the wire (older producers do not write it): absent reads as 0.
        reasoningTokens = reasoningTokens == null ? 0 : Require.nonNegative(reasoningTokens, "usage.reasoning_tokens");
    }

    public TokenUsage(int inputTokens, int outputTokens, int cachedInputTokens) {
        this(inputTokens, outputTokens, cachedInputTokens, 0);
    }

    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
