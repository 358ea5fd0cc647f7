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
}
