package io.llmgateway.ingress.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.ingress.openai.OpenAiJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Batch API's JSON: OpenAI's snake_case, strict reading, and nulls written (OpenAI's batch
 * objects and result lines carry {@code "error": null}, {@code "failed_at": null}).
 */
final class BatchJson {

    static final ObjectMapper MAPPER = OpenAiJson.MAPPER.copy()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private BatchJson() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName(), e);
        }
    }
}
