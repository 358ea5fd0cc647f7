package io.llmgateway.accounting;

import io.llmgateway.common.kafka.DeadLetters;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.Topic;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns a raw record of {@code source} into its message, or into a {@link DeadLetter} with the
 * original bytes and the reason. The input is consumed as bytes on purpose: a value that fails
 * to deserialize then reaches this code instead of failing inside the Streams consumer, so one
 * bad record never stops the pipeline.
 *
 * <p>A record must also be keyed by the tenant it belongs to: accounting keeps per-tenant state
 * in the task that owns the tenant's partition, so a record under another key would be counted
 * against the wrong state. Last, the {@link RecordCheck} of the source: on the requests topic, that
 * the producer is proven ({@link ProducerCheck}).
 */
final class ParseOrDeadLetter<T> implements FixedKeyProcessor<String, byte[], Parsed<T>> {

    private static final Logger log = LoggerFactory.getLogger(ParseOrDeadLetter.class);

    private final Topic<String, T> source;
    private final Function<T, String> tenantOf;
    private final String stage;
    private final RecordCheck<T> check;
    private FixedKeyProcessorContext<String, Parsed<T>> context;

    ParseOrDeadLetter(Topic<String, T> source, Function<T, String> tenantOf, String stage, RecordCheck<T> check) {
        this.source = source;
        this.tenantOf = tenantOf;
        this.stage = stage;
        this.check = check;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Parsed<T>> context) {
        this.context = context;
    }

    /**
     * The first processor of every input record: the record's trace id is the {@code trace_id} of
     * every log line until the topology is done with it (forwarding is synchronous).
     */
    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        Tracing.traceIdOf(record.headers()).ifPresent(traceId -> MDC.put(Stage.TRACE_ID, traceId));
        try {
            parse(record);
        } finally {
            MDC.remove(Stage.TRACE_ID);
        }
    }

    private void parse(FixedKeyRecord<String, byte[]> record) {
        if (record.value() == null) {
            deadLetter(record, "value is null (a tombstone is not a message of " + source.name() + ")", null);
            return;
        }
        T message;
        try {
            message = source.valueSerde().deserializer().deserialize(source.name(), record.value());
        } catch (RuntimeException e) {
            // SerializationException for bad JSON or a failed record check; anything else the
            // deserializer throws is just as much a property of these bytes, so it is poison too.
            deadLetter(record, reasonOf(e), e);
            return;
        }
        String tenant = tenantOf.apply(message);
        if (!Objects.equals(record.key(), tenant)) {
            deadLetter(record, "key must be the tenant_id '" + tenant + "', was "
                    + (record.key() == null ? "null" : "'" + record.key() + "'"), null);
            return;
        }
        switch (check.check(message, record.headers(), record.value())) {
            case RecordCheck.Verdict.Pass<T> pass -> context.forward(record.withValue(new Parsed.Valid<>(pass.message())));
            case RecordCheck.Verdict.Fail<T> fail -> deadLetter(record, fail.reason(), null);
        }
    }

    private void deadLetter(FixedKeyRecord<String, byte[]> record, String reason, RuntimeException cause) {
        RecordMetadata where = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("a source record without topic metadata"));
        if (cause == null || cause instanceof SerializationException) {
            log.warn("dead-lettering {}-{}@{} (key {}): {}", where.topic(), where.partition(), where.offset(),
                    record.key(), reason);
        } else {
            log.warn("dead-lettering {}-{}@{} (key {}): the deserializer failed unexpectedly", where.topic(),
                    where.partition(), where.offset(), record.key(), cause);
        }
        DeadLetter letter = DeadLetters.letter(where.topic(), where.partition(), where.offset(), record.key(),
                record.value(), reason, stage, context.currentSystemTimeMs());
        context.forward(record.withValue(new Parsed.Invalid<>(letter)));
    }

    private static String reasonOf(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
