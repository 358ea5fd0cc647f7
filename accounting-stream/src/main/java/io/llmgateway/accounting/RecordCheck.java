package io.llmgateway.accounting;

import org.apache.kafka.common.header.Headers;

/**
 * What a parsed input record must also pass before it is processed: the message to go on with
 * (possibly changed), or the reason it is dead-lettered instead.
 */
@FunctionalInterface
interface RecordCheck<T> {

    Verdict<T> check(T message, Headers headers, byte[] value);

    /** Every parsed record passes as it is. */
    static <T> RecordCheck<T> none() {
        return (message, headers, value) -> new Verdict.Pass<>(message);
    }

    sealed interface Verdict<T> {

        record Pass<T>(T message) implements Verdict<T> {}

        record Fail<T>(String reason) implements Verdict<T> {}
    }
}
