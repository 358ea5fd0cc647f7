package io.llmgateway.ingress;

import io.llmgateway.schemas.IdempotencyRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** Where the ingress keeps what each {@code Idempotency-Key} stands for, readable by every instance. */
interface IdempotencyRecords {

    /** Nothing kept (an ingress without Kafka, in tests): a key still stands for its one request id. */
    IdempotencyRecords NONE = new IdempotencyRecords() {
        @Override
        public Optional<IdempotencyRecord> get(String kafkaKey) {
            return Optional.empty();
        }

        @Override
        public Future<?> put(IdempotencyRecord record) {
            return CompletableFuture.completedFuture(null);
        }
    };

    /** The key's latest record within the window; empty when none (or it is older than the window). */
    Optional<IdempotencyRecord> get(String kafkaKey);

    /** Writes the record; done when it is stored. */
    Future<?> put(IdempotencyRecord record);
}
