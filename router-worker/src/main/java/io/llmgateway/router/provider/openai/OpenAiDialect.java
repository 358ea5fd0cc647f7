package io.llmgateway.router.provider.openai;

/** The differences between OpenAI itself and servers that copy its API (vLLM, Ollama, proxies). */
public enum OpenAiDialect {
    /** OpenAI: {@code max_completion_tokens} ({@code max_tokens} is deprecated and refused by reasoning models). */
    OPENAI("max_completion_tokens"),
    /** OpenAI-compatible servers: many know only the older {@code max_tokens}. */
    COMPATIBLE("max_tokens");

    private final String maxTokensField;

    OpenAiDialect(String maxTokensField) {
        this.maxTokensField = maxTokensField;
    }

    String maxTokensField() {
        return maxTokensField;
    }
}
