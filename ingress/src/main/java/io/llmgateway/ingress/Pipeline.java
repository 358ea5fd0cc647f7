package io.llmgateway.ingress;

import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;

/** Where the HTTP front hands a request over: the rest of the gateway. */
public interface Pipeline {

    /**
     * Sends the request and waits for its terminal reply.
     *
     * @return the final or error reply
     * @throws ApiError 504 when no reply comes before the request's deadline, 503 when the request
     *     cannot be sent or the instance shuts down
     */
    Reply send(GatewayRequest request);

    /**
     * Sends a streamed request; its replies (chunks, then the final or error reply) come through
     * the returned stream until {@link #done}.
     *
     * @throws ApiError 503 when the request cannot be sent
     */
    default ReplyStream stream(GatewayRequest request) {
        throw ApiError.unavailable("Streaming is not available here.");
    }

    /** The handler of a streamed request is finished with it. */
    default void done(GatewayRequest request) {}

    /** The caller went away: asks the worker holding the request to stop its provider call. */
    default void cancel(GatewayRequest request, String reason) {}

    /**
     * The ingress ended the request itself before sending it (content filter, early limits):
     * it is accounted for as refused, so it has its request-log record too.
     */
    default void refused(GatewayRequest request, ApiError error) {}
}
