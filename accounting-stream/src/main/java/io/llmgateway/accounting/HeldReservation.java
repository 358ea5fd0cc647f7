package io.llmgateway.accounting;

import java.math.BigDecimal;
import org.apache.kafka.common.serialization.Serde;

/**
 * What admission set aside for a request in flight, kept until its usage comes back (or it
 * expires): the reconciliation gives exactly this back.
 *
 * @param dailyPeriod the budget day the cost was reserved in (a reservation from a past day is gone)
 * @param expiresAtMs when the reservation is dropped if no usage came (a worker that never answers)
 */
record HeldReservation(String requestId, String tenantId, String projectId, String model, long tokens,
                       BigDecimal costUsd, long admittedAtMs, String dailyPeriod, String monthlyPeriod,
                       long expiresAtMs) {

    static final Serde<HeldReservation> SERDE = HeldReservationFormat.SERDE;

    /** The key in the expiry index: ordered by expiry time, so a range scan finds the expired ones. */
    String expiryKey() {
        return expiryKey(expiresAtMs, requestId);
    }

    static String expiryKey(long expiresAtMs, String requestId) {
        return String.format("%015d|%s", expiresAtMs, requestId);
    }
}
