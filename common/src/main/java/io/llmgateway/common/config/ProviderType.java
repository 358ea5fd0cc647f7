package io.llmgateway.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The wire format a provider speaks. */
public enum ProviderType {
    @JsonProperty("openai") OPENAI,
    @JsonProperty("anthropic") ANTHROPIC,
    @JsonProperty("gemini") GEMINI,
    @JsonProperty("openai_compatible") OPENAI_COMPATIBLE
}
