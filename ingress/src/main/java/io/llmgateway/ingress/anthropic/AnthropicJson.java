package io.llmgateway.ingress.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.ingress.openai.OpenAiJson;

/**
 * The JSON mapping of Anthropic's HTTP API. Its conventions are OpenAI's (snake_case fields,
 * absent rather than null), so the same strict mapper reads and writes it: wrong types are
 * errors, unknown fields are ignored, nulls are left out unless a field says otherwise.
 */
public final class AnthropicJson {

    public static final ObjectMapper MAPPER = OpenAiJson.MAPPER;

    private AnthropicJson() {}
}
