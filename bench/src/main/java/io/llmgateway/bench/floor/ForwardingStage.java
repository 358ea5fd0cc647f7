package io.llmgateway.bench.floor;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consume-produce stage of the floor that does no work: what it polls from {@code source}
 * it sends on to {@code target}, with the gateway's client settings ({@link KafkaClients}).
 *
 * <p>Plain mode sends, and commits offsets asynchronously at most every 100 ms, as the gateway's
 * {@code RecordPipeline} does. Transactional mode
 * does what an exactly-once stage must: each poll's output and offsets in one transaction,
 * committed before the next poll; it prices exactly-once alone, without Kafka Streams.
 */
final class ForwardingStage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ForwardingStage.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** As the gateway's RecordPipeline (PipelineSettings' default): offsets are committed at most this often. */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();

    /** How the next stage's key is chosen: the gateway re-keys by request id after admission. */
    enum Key { KEEP, SEQUENCE }

    private final String source;
    private final String target;
    private final Key key;
    private final boolean transactional;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean closing;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long lastCommitNanos = System.nanoTime();
    /** Transactional mode: how long each commit (offsets + EndTxn) took, in microseconds. */
    private final Recorder commits = new Recorder(3);
    /** Records forwarded per poll (per transaction in transactional mode). */
    private final Recorder batchSizes = new Recorder(3);

    ForwardingStage(KafkaSettings kafka, String name, String source, String target, Key key, boolean transactional) {
        this.source = source;
        this.target = target;
        this.key = key;
        this.transactional = transactional;
        this.consumer = new KafkaConsumer<>(consumerProperties(kafka, name));
        Properties producerProps = KafkaClients.producer(kafka, name);
        if (transactional) {
            producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, name);
        }
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    /**
     * The gateway's consumer settings; {@code -Dbench.floor.fetchMaxWaitMs=N} overrides the fetch
     * wait, to test whether a hop's latency hangs on it.
     */
    static Properties consumerProperties(KafkaSettings kafka, String name) {
        Properties props = KafkaClients.rawConsumer(kafka, name, name);
        String fetchWait = System.getProperty("bench.floor.fetchMaxWaitMs");
        if (fetchWait != null) {
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.parseInt(fetchWait));
        }
        return props;
    }

    ForwardingStage start() {
        if (transactional) {
            producer.initTransactions();
        }
        thread.start();
        return this;
    }

    boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(source), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        assigned.countDown();
                    }
                }
            });
            while (!closing) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    forward(records);
                } else if (!transactional) {
                    commitIfDue();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer: the way out of poll().
        } catch (RuntimeException e) {
            log.error("floor stage {} -> {} failed", source, target, e);
        } finally {
            consumer.close();
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void forward(ConsumerRecords<String, byte[]> records) {
        if (transactional) {
            producer.beginTransaction();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String nextKey = key == Key.KEEP ? record.key() : Long.toString(FloorRecords.sequence(record));
            producer.send(new ProducerRecord<>(target, null, nextKey, record.value(), record.headers()));
            offsets.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
        }
        batchSizes.recordValue(records.count());
        if (transactional) {
            long start = System.nanoTime();
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            commits.recordValue((System.nanoTime() - start) / 1000);
        } else {
            uncommitted.putAll(offsets);
            commitIfDue();
        }
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (!uncommitted.isEmpty() && now - lastCommitNanos >= COMMIT_INTERVAL_NANOS) {
            consumer.commitAsync(new HashMap<>(uncommitted), null);
            uncommitted.clear();
            lastCommitNanos = now;
        }
    }

    /** Commit times and poll sizes since the last call, in words for the report. */
    String describeSinceLastCall() {
        Histogram batch = batchSizes.getIntervalHistogram();
        Histogram commit = commits.getIntervalHistogram();
        String text = source + " -> " + target + ": " + batch.getTotalCount() + " polls, records per poll p50 "
                + batch.getValueAtPercentile(50) + " max " + batch.getMaxValue();
        if (transactional && commit.getTotalCount() > 0) {
            text += String.format(java.util.Locale.ROOT, "; transaction commit p50 %.1f ms, p99 %.1f ms",
                    commit.getValueAtPercentile(50) / 1000.0, commit.getValueAtPercentile(99) / 1000.0);
        }
        return text;
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
