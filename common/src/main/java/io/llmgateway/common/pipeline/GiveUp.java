package io.llmgateway.common.pipeline;

/**
 * What a {@link RecordPipeline} does for whoever waits on a record it gives up on (its handler
 * threw), before it dead-letters the record: tell them at once rather than let them wait for an
 * answer that will never come.
 */
@FunctionalInterface
public interface GiveUp<V> {

    /**
     * Answers the record's waiting party and returns once the answer is durable (see
     * {@link TopicPublisher}). Throwing leaves the party unanswered; the record is dead-lettered
     * all the same, with both failures in the reason.
     *
     * @param cause what the handler threw, for the log; not for the caller's eyes
     */
    void answer(InboundRecord<V> record, Exception cause) throws Exception;

    /** For records nobody waits on. */
    static <V> GiveUp<V> nobodyWaits() {
        return (record, cause) -> { };
    }
}
