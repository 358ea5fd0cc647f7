package io.llmgateway.schemas;

/** Tokens of one request as the provider reported them (zero provider tokens on a cache hit). */
public record TokenUsage(int inputTokens, int outputTokens, int cachedInputTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        Require.nonNegative(inputTokens, "usage.input_tokens");
        Require.nonNegative(outputTokens, "usage.output_tokens");
        Require.nonNegative(cachedInputTokens, "usage.cached_input_tokens");
    }

    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
