package io.llmgateway.ingress;

import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.schemas.GatewayRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * The routes' side of {@code Idempotency-Key}: a request with the header is sent under the id the
 * key stands for, through an {@link IdempotentPipeline}; one without it goes as it is.
 */
final class Idempotency {

    private final IdempotencyRecords records;
    private final Clock clock;

    Idempotency(IdempotencyRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /**
     * @param body the request's body as received: a retry must send the same bytes
     * @throws ApiError 400 when the header is not a valid key
     */
    Call begin(Headers headers, String tenantId, byte[] body, GatewayRequest request, Pipeline pipeline,
               ServerResponse res) {
        Optional<IdempotencyKey> key = IdempotencyKey.of(headers.first(IdempotencyKey.HEADER).orElse(null), tenantId,
                body);
        if (key.isEmpty()) {
            return new Call(request, pipeline);
        }
        // An answer given again says so (as Stripe's does), before its head is sent.
        Pipeline idempotent = new IdempotentPipeline(pipeline, records, key.get(), clock,
                () -> res.header(IdempotencyKey.REPLAYED, "true"));
        return new Call(request.withRequestId(key.get().requestId()), idempotent);
    }

    /** A request to send, and the pipeline to send it through. */
    record Call(GatewayRequest request, Pipeline pipeline) {}
}
