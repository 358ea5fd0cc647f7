package io.llmgateway.ingress;

import io.llmgateway.ingress.openai.ChatCompletionRequest;
import io.llmgateway.ingress.openai.OpenAiJson;

/**
 * Reads the body of a chat completion request. Errors name the field ({@code param}) and the
 * type it should have, never quote the body back.
 */
public final class ChatCompletionRequestReader {

    private final JsonBodyReader<ChatCompletionRequest> reader =
            new JsonBodyReader<>(OpenAiJson.MAPPER, ChatCompletionRequest.class);

    public ChatCompletionRequest read(byte[] body) {
        return reader.read(body);
    }
}
