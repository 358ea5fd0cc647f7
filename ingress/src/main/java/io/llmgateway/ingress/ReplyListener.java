package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.kafka.PartitionsOf;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this instance's reply topic on its own thread and completes the waiting requests.
 *
 * <p>The topic is private to this instance, so the consumer {@code assign()}s all of its
 * partitions and has no consumer group: a group would add a coordinator and rebalances for
 * nothing, and committed offsets would serve nothing either, since the requests that waited for
 * replies die with the instance. It starts at the end of each partition.
 *
 * <p>It reads raw bytes and deserializes each reply itself, so a reply it cannot read is logged
 * with its topic, partition and offset and skipped: it never stalls the loop.
 */
public final class ReplyListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final Topic<String, Reply> topic;
    private final PendingReplies pending;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean ready;
    private volatile boolean closing;
    private volatile boolean started;

    public ReplyListener(KafkaSettings kafka, Topic<String, Reply> topic, PendingReplies pending, String clientId) {
        this.topic = topic;
        this.pending = pending;
        Properties props = KafkaClients.rawConsumer(kafka, clientId, clientId);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, "replies-" + topic.name());
    }

    public void start() {
        started = true;
        thread.start();
    }

    /** True once every partition is assigned and positioned at its end, until the loop stops. */
    public boolean isReady() {
        return ready;
    }

    /** Replies skipped because they could not be read. */
    public long unreadableReplies() {
        return unreadable.get();
    }

    /** Terminal replies no request waited for: duplicates, or replies after the deadline. */
    public long droppedReplies() {
        return dropped.get();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = PartitionsOf.await(consumer, topic.name(), () -> closing);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the positions now, so that a reply to a request sent after
            // "ready" can never fall before the position the consumer starts from.
            partitions.forEach(consumer::position);
            ready = true;
            log.info("reading replies from {} ({} partitions)", topic.name(), partitions.size());
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    handle(record);
                }
                int expired = pending.expire();
                if (expired > 0) {
                    log.debug("{} pending requests expired without a reply", expired);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer: the way out of poll(), not an error.
            if (!closing) {
                log.error("reply consumer woken up unexpectedly; ingress is no longer ready", e);
            }
        } catch (RuntimeException e) {
            log.error("reply consumer on {} failed; ingress is no longer ready", topic.name(), e);
        } finally {
            ready = false;
            consumer.close();
        }
    }

    void handle(ConsumerRecord<String, byte[]> record) {
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
        closing = true;
        if (!started) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(JOIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("reply consumer thread {} did not stop within {}", thread.getName(), JOIN_TIMEOUT);
        }
    }
}
