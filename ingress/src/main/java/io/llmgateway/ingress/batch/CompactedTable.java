package io.llmgateway.ingress.batch;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.GrouplessReader;
import io.llmgateway.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A compacted topic every ingress instance reads whole into memory (the latest value of each
 * key), and writes through: {@link #put} returns once the broker has the record, so what one
 * instance wrote, every instance rebuilds from the topic, after a restart too.
 */
final class CompactedTable implements AutoCloseable {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final GrouplessReader reader;

    /** @param apply gets every record read, in offset order per partition (a null value is a delete) */
    CompactedTable(KafkaSettings kafka, String topic, String clientId, BiConsumer<String, byte[]> apply) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, clientId + "-writer"),
                new StringSerializer(), new ByteArraySerializer());
        this.reader = new GrouplessReader(kafka, topic, clientId + "-reader", GrouplessReader.StartAt.BEGINNING,
                (ConsumerRecord<String, byte[]> record) -> apply.accept(record.key(), record.value()), () -> { },
                "batch jobs and files written by other instances are not seen");
    }

    CompactedTable start() {
        reader.start();
        return this;
    }

    boolean isReady() {
        return reader.isReady();
    }

    /** Writes {@code value} under {@code key} and waits until the broker has it. */
    void put(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write " + key + " to " + topic, e);
        }
    }

    @Override
    public void close() {
        reader.close();
        producer.close(Duration.ofSeconds(5));
    }
}
