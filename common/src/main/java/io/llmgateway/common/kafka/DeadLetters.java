package io.llmgateway.common.kafka;

import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.Topic;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Base64;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that a stage cannot process to the dead-letter topic, with its bytes (up to
 * {@link #MAX_ORIGINAL_BYTES}, then its SHA-256 and size only) and the reason.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * The most of an original value a letter keeps (its hash and size identify the whole): a
     * letter stays far below any producer's record limit, however large the poison was, so
     * dead-lettering can never fail on size and stop its stage.
     */
    public static final int MAX_ORIGINAL_BYTES = 64 * 1024;
    static final int MAX_KEY_CHARS = 1024;
    static final int MAX_REASON_CHARS = 2048;

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
        boolean cut = value != null && value.length > MAX_ORIGINAL_BYTES;
        String encoded = value == null ? null : Base64.getEncoder().encodeToString(
                cut ? Arrays.copyOf(value, MAX_ORIGINAL_BYTES) : value);
        String keptKey = cap(key, MAX_KEY_CHARS);
        String keptReason = cap(reason, MAX_REASON_CHARS);
        cut = cut || !Objects.equals(keptKey, key) || !Objects.equals(keptReason, reason);
        return new DeadLetter(topic, partition, offset, keptKey, encoded, keptReason, stage, nowMs,
                value == null ? 0 : value.length, value == null ? null : sha256Hex(value), cut);
    }

    private static String cap(String text, int maxChars) {
        return text == null || text.length() <= maxChars ? text : text.substring(0, maxChars) + "...(cut)";
    }

    private static String sha256Hex(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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
        return producer.send(new ProducerRecord<>(topic.name(), letter.originalKey(),
                topic.valueSerde().serializer().serialize(topic.name(), letter)), acknowledged);
    }
}
