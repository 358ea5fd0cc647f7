package io.llmgateway.common.pipeline;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A parsed record handed to a {@link RecordHandler}, with where it came from for logs.
 *
 * @param value the record's value, parsed and validated by the topic's serde; never null
 * @param headers the record's headers (its {@code traceparent} among them); read only
 */
public record InboundRecord<V>(String topic, int partition, long offset, String key, V value, long timestampMs,
                               Headers headers) {

    /** A record without headers. */
    public InboundRecord(String topic, int partition, long offset, String key, V value, long timestampMs) {
        this(topic, partition, offset, key, value, timestampMs, new RecordHeaders());
    }

    /** {@code topic-partition@offset}, the form every log line of the pipeline uses. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
