package io.llmgateway.common.kafka;

import io.llmgateway.common.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on its own thread, without a consumer group, and hands each
 * record (raw bytes, so a record it cannot read is the handler's to log and skip) to a handler.
 * For topics every instance reads whole: a private reply topic, tenant-state snapshots, cancels.
 * A group would add a coordinator and rebalances for nothing, and committed offsets would serve
 * nothing either: each reader starts at the beginning or the end of each partition.
 *
 * <p>Modeled on Kafka's own consumer loops: {@link #close()} sets a flag and wakes the consumer,
 * the loop leaves {@code poll} by {@link WakeupException}, and the consumer is closed by the thread
 * that used it.
 */
public final class GrouplessReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GrouplessReader.class);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

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
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean ready;

    /**
     * @param afterEachPoll runs on the reader's thread after each poll, records or not (at least
     *     every 100 ms): periodic work that belongs with the reading
     * @param whenStopped what stops working when the reader fails, for its log line (e.g. "early
     *     limits are off")
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
        this.consumer = new KafkaConsumer<>(props);
        this.thread = Thread.ofPlatform().daemon().name(clientId).unstarted(this::run);
    }

    public GrouplessReader start() {
        thread.start();
        return this;
    }

    /**
     * True once every partition is assigned and positioned, until the loop stops. With
     * {@link StartAt#END}, a record written after this turned true is never missed.
     */
    public boolean isReady() {
        return ready;
    }

    public String topic() {
        return topic;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = PartitionsOf.await(consumer, topic, () -> closing);
            consumer.assign(partitions);
            if (startAt == StartAt.END) {
                consumer.seekToEnd(partitions);
            } else {
                consumer.seekToBeginning(partitions);
            }
            // Seeks are lazy: resolve the positions now, so that "ready" means positioned.
            partitions.forEach(consumer::position);
            ready = true;
            log.info("reading {} from its {} ({} partitions, no consumer group)", topic,
                    startAt.name().toLowerCase(), partitions.size());
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    handler.accept(record);
                }
                afterEachPoll.run();
            }
        } catch (WakeupException e) {
            // close() woke the consumer: the way out of poll(), not an error.
            if (!closing) {
                log.error("consumer of {} woken up unexpectedly; {}", topic, whenStopped, e);
            }
        } catch (RuntimeException e) {
            log.error("consumer of {} failed; {}", topic, whenStopped, e);
        } finally {
            ready = false;
            consumer.close();
        }
    }

    @Override
    public void close() {
        closing = true;
        if (thread.getState() == Thread.State.NEW) {
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
            log.warn("consumer thread {} did not stop within {}", thread.getName(), JOIN_TIMEOUT);
        }
    }
}
