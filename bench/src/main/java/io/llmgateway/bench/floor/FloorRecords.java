package io.llmgateway.bench.floor;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The floor's records carry the load generator's sequence number in one header. */
final class FloorRecords {

    static final String SEQUENCE_HEADER = "bench-seq";

    private FloorRecords() {}

    static byte[] encode(long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }

    /** @return the sequence, or -1 when the record has none (not ours) */
    static long sequence(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(SEQUENCE_HEADER);
        return header == null || header.value().length != Long.BYTES ? -1 : ByteBuffer.wrap(header.value()).getLong();
    }
}
