package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.GrouplessReader;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads this instance's reply topic on its own thread and completes the waiting requests.
 *
 * <p>The topic is private to this instance, so it is read without a consumer group
 * ({@link GrouplessReader}): the requests that waited for replies die with the instance, so it
 * starts at the end of each partition.
 *
 * <p>It reads raw bytes and deserializes each reply itself, so a reply it cannot read is logged
 * with its topic, partition and offset and skipped: it never stalls the loop.
 */
public final class ReplyListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

    private final Topic<String, Reply> topic;
    private final PendingReplies pending;
    private final GrouplessReader reader;
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public ReplyListener(KafkaSettings kafka, Topic<String, Reply> topic, PendingReplies pending, String clientId) {
        this.topic = topic;
        this.pending = pending;
        this.reader = new GrouplessReader(kafka, topic.name(), clientId, GrouplessReader.StartAt.END, this::handle,
                this::expirePending, "ingress is no longer ready");
    }

    public void start() {
        reader.start();
    }

    /** True once every partition is assigned and positioned at its end, until the loop stops. */
    public boolean isReady() {
        return reader.isReady();
    }

    /** Replies skipped because they could not be read. */
    public long unreadableReplies() {
        return unreadable.get();
    }

    /** Terminal replies no request waited for: duplicates, or replies after the deadline. */
    public long droppedReplies() {
        return dropped.get();
    }

    private void expirePending() {
        int expired = pending.expire();
        if (expired > 0) {
            log.debug("{} pending requests expired without a reply", expired);
        }
    }

    /** The reply's trace id (its {@code traceparent} header) is the {@code trace_id} of the lines logged about it. */
    void handle(ConsumerRecord<String, byte[]> record) {
        Tracing.traceIdOf(record.headers()).ifPresent(traceId -> MDC.put(Stage.TRACE_ID, traceId));
        try {
            take(record);
        } finally {
            MDC.remove(Stage.TRACE_ID);
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        Reply reply;
        try {
            reply = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            unreadable.incrementAndGet();
            log.warn("skipping unreadable reply at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
            return;
        }
        if (reply == null) {
            unreadable.incrementAndGet();
            log.warn("skipping empty reply at {}-{}@{} (key {})", record.topic(), record.partition(),
                    record.offset(), record.key());
            return;
        }
        if (pending.offerToStream(reply)) {
            return;
        }
        if (reply.kind().isTerminal() && !pending.complete(reply)) {
            // Answered already (a re-sent reply) or given up (past its deadline): nothing to do.
            dropped.incrementAndGet();
            log.debug("dropping {} reply for {} at {}-{}@{}: no request waits for it", reply.kind(),
                    reply.requestId(), record.topic(), record.partition(), record.offset());
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
