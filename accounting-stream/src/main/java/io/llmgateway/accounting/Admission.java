package io.llmgateway.accounting;

import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reservation;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authoritative admission decision for a tenant's request, made by the one task that owns
 * the tenant's partition. Walking skeleton: every request is admitted with its reservation;
 * RPM/TPM windows and budgets (and rejection replies) join here, against per-tenant stores.
 */
final class Admission implements FixedKeyProcessor<String, GatewayRequest, GatewayRequest> {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    private final int defaultMaxOutputTokens;
    private FixedKeyProcessorContext<String, GatewayRequest> context;

    /**
     * @param defaultMaxOutputTokens output tokens reserved for a request that sets no max_tokens
     */
    Admission(int defaultMaxOutputTokens) {
        if (defaultMaxOutputTokens < 1) {
            throw new IllegalArgumentException("defaultMaxOutputTokens must be >= 1, was " + defaultMaxOutputTokens);
        }
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, GatewayRequest> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, GatewayRequest> record) {
        GatewayRequest request = record.value();
        // Streams' wall clock: the test driver sets it, so reservations test without sleeps.
        Reservation reservation = reservationFor(request, defaultMaxOutputTokens, context.currentSystemTimeMs());
        log.debug("admitted request {} of tenant {} reserving {} tokens", request.requestId(), request.tenantId(),
                reservation.tokens());
        context.forward(record.withValue(request.withReservation(reservation)));
    }

    /** The worst case a request can cost before its real usage is known: its input plus all the output it may ask for. */
    static Reservation reservationFor(GatewayRequest request, int defaultMaxOutputTokens, long nowMs) {
        Integer maxTokens = request.params().maxTokens();
        long outputTokens = maxTokens == null ? defaultMaxOutputTokens : maxTokens;
        return new Reservation(request.estimatedInputTokens() + outputTokens, 1, nowMs);
    }
}
