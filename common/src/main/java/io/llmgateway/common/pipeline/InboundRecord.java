package io.llmgateway.common.pipeline;

/**
 * A parsed record handed to a {@link RecordHandler}, with where it came from for logs.
 *
 * @param value the record's value, parsed and validated by the topic's serde; never null
 */
public record InboundRecord<V>(String topic, int partition, long offset, String key, V value, long timestampMs) {

    /** {@code topic-partition@offset}, the form every log line of the pipeline uses. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
