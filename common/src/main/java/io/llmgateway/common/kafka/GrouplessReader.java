package io.llmgateway.common.kafka;

import io.llmgateway.common.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on its own thread, without a consumer group, and hands each
 * record (raw bytes, so a record it cannot read is the handler's to log and skip) to a handler.
 * For topics every instance reads whole: a private reply topic, tenant-state snapshots, cancels.
 * A group would add a coordinator and rebalances for nothing, and committed offsets would serve
 * nothing either: each reader starts at the beginning or the end of each partition.
 *
 * <p>It never stops on its own. Any exception out of the consumer, the handler or the periodic
 * work turns the reader not ready ({@link #isReady()}), closes the consumer and, after an
 * exponential backoff (100 ms doubling to 30 s, with jitter), opens a new one where the old one
 * left off: every partition at the offset after the last record handed to the handler, so
 * records written while it was broken are read after all, and a record the handler threw on is
 * skipped (logged with its topic, partition and offset) rather than failing it again forever.
 *
 * <p>Modeled on Kafka's own consumer loops: {@link #close()} sets a flag and wakes the consumer,
 * the loop leaves {@code poll} by {@link WakeupException}, and the consumer is closed by the thread
 * that used it.
 */
public final class GrouplessReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GrouplessReader.class);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    /** Between attempts to read again after a failure: 100 ms, doubling, up to 30 s, 20 % jitter. */
    private static final ExponentialBackoff BACKOFF = new ExponentialBackoff(100, 2, 30_000, 0.2);
    /** A reader that ran this long since its last start counts as recovered: the backoff starts over. */
    private static final Duration HEALTHY_AFTER = Duration.ofSeconds(30);

    /** Where the reader starts in each partition. */
    public enum StartAt {
        /** Everything the topic still holds (a compacted snapshot topic). */
        BEGINNING,
        /** Only what is written from now on (replies and cancels for work that exists now). */
        END
    }

    private final String topic;
    private final StartAt startAt;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final Runnable afterEachPoll;
    private final String whenStopped;
    private final Properties consumerProperties;
    private final Thread thread;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong failures = new AtomicLong();
    /** The next offset to read in each partition; owned by the reader's thread. */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    /** Failures since the reader last ran well for a while, for the backoff; owned by the reader's thread. */
    private long consecutiveFailures;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closing;
    private volatile boolean ready;

    /**
     * @param afterEachPoll runs on the reader's thread after each poll, records or not (at least
     *     every 100 ms): periodic work that belongs with the reading
     * @param whenStopped what stops working while the reader is broken, for its log line (e.g.
     *     "early limits are off")
     */
    public GrouplessReader(KafkaSettings kafka, String topic, String clientId, StartAt startAt,
                           Consumer<ConsumerRecord<String, byte[]>> handler, Runnable afterEachPoll,
                           String whenStopped) {
        this.topic = topic;
        this.startAt = startAt;
        this.handler = handler;
        this.afterEachPoll = afterEachPoll;
        this.whenStopped = whenStopped;
        Properties props = KafkaClients.rawConsumer(kafka, clientId, clientId);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startAt == StartAt.END ? "latest" : "earliest");
        this.consumerProperties = props;
        this.thread = Thread.ofPlatform().daemon().name(clientId).unstarted(this::run);
    }

    public GrouplessReader start() {
        thread.start();
        return this;
    }

    /**
     * True once every partition is assigned and positioned, until the reader fails or closes;
     * true again once it reads again after a failure. With {@link StartAt#END}, a record written
     * after this first turned true is never missed, failures or not.
     */
    public boolean isReady() {
        return ready;
    }

    /** How many times the reader failed and started over. */
    public long failures() {
        return failures.get();
    }

    public String topic() {
        return topic;
    }

    private void run() {
        while (!closing) {
            long startedNanos = System.nanoTime();
            try {
                read();
            } catch (WakeupException e) {
                if (closing) {
                    return; // close() woke the consumer: the way out of poll(), not an error.
                }
                recordFailure(e, "woken up unexpectedly", startedNanos);
            } catch (RuntimeException e) {
                recordFailure(e, "failed", startedNanos);
            }
        }
    }

    /** One life of a consumer: opens it, positions it, reads until closing or an exception. */
    private void read() {
        try (KafkaConsumer<String, byte[]> current = new KafkaConsumer<>(consumerProperties)) {
            consumer = current;
            if (closing) {
                return;
            }
            List<TopicPartition> partitions = PartitionsOf.await(current, topic, () -> closing);
            current.assign(partitions);
            for (TopicPartition partition : partitions) {
                Long resumeAt = next.get(partition);
                if (resumeAt != null) {
                    current.seek(partition, resumeAt);
                } else if (startAt == StartAt.END) {
                    current.seekToEnd(List.of(partition));
                } else {
                    current.seekToBeginning(List.of(partition));
                }
            }
            // Seeks are lazy: resolve the positions now, so that "ready" means positioned.
            for (TopicPartition partition : partitions) {
                next.put(partition, current.position(partition));
            }
            ready = true;
            if (failures.get() == 0) {
                log.info("reading {} from its {} ({} partitions, no consumer group)", topic,
                        startAt.name().toLowerCase(), partitions.size());
            } else {
                log.info("reading {} again after {} failure(s), from {}", topic, failures.get(), next);
            }
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : current.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    // Past it before handing it over: a record the handler throws on is not read again.
                    next.put(partition, record.offset() + 1);
                    try {
                        handler.accept(record);
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("handler failed on " + partition + "@" + record.offset()
                                + " (key " + record.key() + ")", e);
                    }
                }
                afterEachPoll.run();
            }
        } finally {
            ready = false;
        }
    }

    private void recordFailure(RuntimeException e, String what, long startedNanos) {
        if (System.nanoTime() - startedNanos > HEALTHY_AFTER.toNanos()) {
            consecutiveFailures = 0; // it ran well for a while: the backoff starts over
        }
        long backoffMs = BACKOFF.backoff(consecutiveFailures++);
        log.error("consumer of {} {} (failure {}, {} in a row; positions {}); {} until it reads again in {} ms",
                topic, what, failures.incrementAndGet(), consecutiveFailures, next, whenStopped, backoffMs, e);
        try {
            closed.await(backoffMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    @Override
    public void close() {
        closing = true;
        closed.countDown();
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(JOIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("consumer thread {} did not stop within {}", thread.getName(), JOIN_TIMEOUT);
        }
    }
}
