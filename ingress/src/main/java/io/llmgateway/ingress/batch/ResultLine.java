package io.llmgateway.ingress.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.ApiError;
import io.llmgateway.ingress.ChatCompletions;
import io.llmgateway.ingress.openai.ErrorBody;
import io.llmgateway.ingress.openai.OpenAiJson;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;

/**
 * One line of a job's output or error file, in OpenAI's format:
 * {@code {"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}}. An
 * answered request has a response (200 with a {@code chat.completion}, or the error status with
 * OpenAI's error body); a line that never became a request has only {@code error}.
 */
public record ResultLine(String id, String customId, Response response, LineError error) {

    public record Response(int statusCode, String requestId, JsonNode body) {}

    public record LineError(String code, String message) {}

    /** Whether it belongs in the output file (else the error file). */
    public boolean succeeded() {
        return response != null && response.statusCode() == 200;
    }

    /** The line of a request's terminal reply: a 200 with the completion, or the error's status and body. */
    public static ResultLine answered(String customId, GatewayRequest request, Reply reply, long nowMs) {
        try {
            JsonNode completion = OpenAiJson.MAPPER.valueToTree(ChatCompletions.from(request, reply, nowMs));
            return new ResultLine(id(request.requestId()), customId,
                    new Response(200, request.requestId(), completion), null);
        } catch (ApiError e) {
            return refused(customId, request.requestId(), e);
        }
    }

    /** A request the gateway answered with an error (refused by admission, failed at the provider, ...). */
    static ResultLine refused(String customId, String requestId, ApiError e) {
        JsonNode body = OpenAiJson.MAPPER.valueToTree(ErrorBody.of(e.getMessage(), e.type(), e.param(), e.code()));
        return new ResultLine(id(requestId), customId, new Response(e.status(), requestId, body), null);
    }

    /** A line that could not be read as a request. */
    static ResultLine malformed(String requestId, BatchInput.Malformed line) {
        return new ResultLine(id(requestId), line.customId(), null, new LineError(line.code(), line.message()));
    }

    /** The line as it is written to the file (without its newline). */
    public byte[] json() {
        return BatchJson.write(this);
    }

    private static String id(String requestId) {
        return "batch_req_" + requestId;
    }
}
