package io.llmgateway.common.pipeline;

/**
 * The work a {@link RecordPipeline} does for one record, on a virtual thread of its own.
 *
 * <p>Returning means done: everything the handler produced must be acknowledged by the broker
 * by then (see {@link TopicPublisher}), because the pipeline may commit past the record right
 * after. Throwing means the record cannot be processed: the pipeline dead-letters it with the
 * exception as the reason. A handler answers failures it understands itself (an error reply to
 * the caller, say) and returns normally.
 */
@FunctionalInterface
public interface RecordHandler<V> {

    void handle(InboundRecord<V> record) throws Exception;
}
