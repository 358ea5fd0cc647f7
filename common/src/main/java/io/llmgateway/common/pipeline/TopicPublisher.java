package io.llmgateway.common.pipeline;

import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writes typed records through a shared producer. Handlers wait for the acknowledgement
 * before they return, so the pipeline never commits past a record whose output could still be
 * lost; waiting costs nothing on a virtual thread.
 */
public final class TopicPublisher {

    private final Producer<String, byte[]> producer;

    public TopicPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Sends without waiting; pass the result to {@link #awaitAll} before returning from a handler.
     * The record carries the current stage's trace context ({@code traceparent} header).
     */
    public <V> Future<RecordMetadata> send(Topic<String, V> topic, String key, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key, bytes);
        Tracing.writeCurrent(record.headers());
        return producer.send(record);
    }

    /**
     * As {@link #send(Topic, String, Object)}; outside any stage's span, with the request's own W3C
     * trace context as its {@code traceparent} header when it has one (the request log reads its
     * trace id there).
     */
    public <V> Future<RecordMetadata> send(Topic<String, V> topic, String key, V value, String traceparent) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key, bytes);
        Tracing.writeCurrent(record.headers());
        if (traceparent != null && record.headers().lastHeader(Tracing.TRACEPARENT) == null) {
            record.headers().add(Tracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        return producer.send(record);
    }

    /** Sends and waits for the broker's acknowledgement. */
    public <V> RecordMetadata publish(Topic<String, V> topic, String key, V value) throws InterruptedException {
        return await(send(topic, key, value));
    }

    /** Waits for every send; the first failure is thrown after all were awaited. */
    public static void awaitAll(Future<?>... sends) throws InterruptedException {
        KafkaException failure = null;
        for (Future<?> send : sends) {
            try {
                await(send);
            } catch (KafkaException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T> T await(Future<T> send) throws InterruptedException {
        try {
            return send.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException("send failed", e.getCause());
        }
    }
}
