package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.GrouplessReader;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.IdempotencyRecord;
import io.llmgateway.schemas.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency topic (compacted, records deleted after the window): every ingress instance
 * writes the keys it serves there and reads all of it from the beginning, without a consumer
 * group, into a map of the keys of the window. The topic is the state; the map is this
 * instance's reading of it, rebuilt on start.
 *
 * <p>When it reads the answer of a key, it hands the answer to this instance's waiting request
 * of that id, if any: a retry that reached this instance while the first attempt ran on another
 * one (accounting served the id once, so no reply of its own will come) gets the first answer.
 */
public final class IdempotencyStore implements IdempotencyRecords, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How often the keys past the window are dropped from the map (a walk over all of them). */
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Topic<String, IdempotencyRecord> topic;
    private final Duration window;
    private final PendingReplies pending;
    private final Clock clock;
    private final Map<String, IdempotencyRecord> latest = new ConcurrentHashMap<>();
    /** Request id to the key's stored answer: what a waiting retry is looked up by. */
    private final Map<String, IdempotencyRecord> answered = new ConcurrentHashMap<>();
    private final Producer<String, IdempotencyRecord> producer;
    private final GrouplessReader reader;
    private long lastSweepMs;

    /** @param window how long a key stands for its request ({@code accounting.dedup_window}) */
    public IdempotencyStore(KafkaSettings kafka, Topic<String, IdempotencyRecord> topic, String clientId,
                            Duration window, PendingReplies pending, Clock clock) {
        this.topic = topic;
        this.window = window;
        this.pending = pending;
        this.clock = clock;
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, clientId + "-writer"),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
        this.reader = new GrouplessReader(kafka, topic.name(), clientId, GrouplessReader.StartAt.BEGINNING,
                this::apply, this::onPoll, "idempotency keys are not read");
    }

    public IdempotencyStore start() {
        reader.start();
        return this;
    }

    @Override
    public Optional<IdempotencyRecord> get(String kafkaKey) {
        return Optional.ofNullable(latest.get(kafkaKey)).filter(this::inWindow);
    }

    /**
     * This instance reads its own write at once, before the topic gives it back: a retry that comes
     * here right after the answer finds it (the answer is written after the caller has it).
     */
    @Override
    public Future<?> put(IdempotencyRecord record) {
        remember(record);
        return producer.send(new ProducerRecord<>(topic.name(), record.kafkaKey(), record));
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        IdempotencyRecord read;
        try {
            read = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn("skipping unreadable idempotency record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        remember(read);
        if (read.answered() && inWindow(read)) {
            // A streamed retry takes it as its whole answer; a plain one is completed by it.
            if (!pending.offerToStream(read.reply())) {
                pending.complete(read.reply());
            }
        }
    }

    private void remember(IdempotencyRecord record) {
        // Another attempt's "sent" record never hides the answer of the same request.
        latest.merge(record.kafkaKey(), record, (old, now) -> old.answered() && !now.answered()
                && old.requestId().equals(now.requestId()) && old.bodySha256().equals(now.bodySha256()) ? old : now);
        if (record.answered()) {
            answered.put(record.requestId(), record);
        }
    }

    private boolean inWindow(IdempotencyRecord record) {
        return clock.millis() - record.createdAtMs() < window.toMillis();
    }

    /**
     * Runs after every poll: hands stored answers to plain requests that registered just after the
     * answer was read (a retry between its look-up and its registration), then, once a minute,
     * drops the keys past the window.
     */
    void onPoll() {
        for (String requestId : pending.waitingIds()) {
            IdempotencyRecord record = answered.get(requestId);
            if (record != null && inWindow(record)) {
                pending.complete(record.reply());
            }
        }
        forgetExpired();
    }

    private void forgetExpired() {
        long now = clock.millis();
        if (now - lastSweepMs < SWEEP_INTERVAL.toMillis()) {
            return;
        }
        lastSweepMs = now;
        latest.values().removeIf(record -> !inWindow(record));
        answered.values().removeIf(record -> !inWindow(record));
    }

    /** Keys read (within the window). */
    int size() {
        return latest.size();
    }

    @Override
    public void close() {
        reader.close();
        producer.close(CLOSE_TIMEOUT);
    }
}
