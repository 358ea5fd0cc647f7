package io.llmgateway.schemas;

/** What admission set aside for a request; released and replaced by real usage later. */
public record Reservation(long tokens, int requests, long admittedAtMs) {

    public Reservation {
        Require.nonNegative(tokens, "reservation.tokens");
        Require.nonNegative(requests, "reservation.requests");
    }
}
