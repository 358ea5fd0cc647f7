package io.llmgateway.common.kafka;

import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.Topic;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a record that a stage cannot process to the dead-letter topic, with its bytes and the reason. */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Topic<String, DeadLetter> topic;
    private final Producer<String, byte[]> producer;
    private final String stage;
    private final Clock clock;

    public DeadLetters(Topic<String, DeadLetter> topic, Producer<String, byte[]> producer, String stage, Clock clock) {
        this.topic = topic;
        this.producer = producer;
        this.stage = stage;
        this.clock = clock;
    }

    public static DeadLetter letter(ConsumerRecord<String, byte[]> record, String reason, String stage, long nowMs) {
        return letter(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason, stage,
                nowMs);
    }

    /**
     * The same letter from the facts a Kafka Streams processor has (its record metadata), where
     * there is no {@link ConsumerRecord}.
     */
    public static DeadLetter letter(String topic, int partition, long offset, String key, byte[] value, String reason,
                                    String stage, long nowMs) {
        String encoded = value == null ? null : Base64.getEncoder().encodeToString(value);
        return new DeadLetter(topic, partition, offset, key, encoded, reason, stage, nowMs);
    }

    /**
     * Sends the letter without waiting. A letter counts only once the broker acknowledged it: a
     * consumer must not commit past the record before {@code acknowledged} ran without an
     * exception (or the returned future completed normally).
     *
     * @param acknowledged runs on the producer's I/O thread when the broker acknowledged the letter
     *     or the send failed for good; keep it short
     */
    public Future<RecordMetadata> send(ConsumerRecord<String, byte[]> record, String reason, Callback acknowledged) {
        log.warn("dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                record.key(), reason);
        DeadLetter letter = letter(record, reason, stage, clock.millis());
        return producer.send(new ProducerRecord<>(topic.name(), record.key(),
                topic.valueSerde().serializer().serialize(topic.name(), letter)), acknowledged);
    }
}
