package io.llmgateway.accounting.finance;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Topic;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the committed cost stream as CSV: one header line (the fields of {@link CostRecord}, in
 * its schema's names), then one line per request. Reads every partition from the beginning with
 * {@code read_committed} and no consumer group (it commits nothing, so it can run any time).
 */
public final class CostCsv {

    private static final Logger log = LoggerFactory.getLogger(CostCsv.class);
    private static final Duration POLL = Duration.ofMillis(200);

    static final CsvMapper CSV = CsvMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // The record's own order (request id first), not CsvMapper's default alphabetical one.
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // The caller owns the writer (standard output): closing the CSV must not close it.
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    static final CsvSchema SCHEMA = CSV.schemaFor(CostRecord.class).withHeader();

    private CostCsv() {}

    /**
     * @param follow keep reading new records until {@code stop} says so; otherwise stop at the
     *     end of the stream as it was when the export began
     * @return the number of records written
     */
    public static long export(GatewayConfig config, Writer out, boolean follow, BooleanSupplier stop)
            throws IOException {
        Topic<String, CostRecord> costs = config.topics().costsTopic();
        var props = KafkaClients.rawConsumer(config.kafka(), "cost-csv-" + UUID.randomUUID(), "cost-csv");
        long written = 0;
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), costs.valueSerde().deserializer());
             SequenceWriter csv = CSV.writer(SCHEMA).writeValues(out)) {
            List<TopicPartition> partitions = consumer.partitionsFor(costs.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end offsets are the last stable offsets, so the export sees no open transaction.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<String, CostRecord> record : consumer.poll(POLL)) {
                    csv.write(record.value());
                    written++;
                }
                if (!follow && reached(consumer, end)) {
                    break;
                }
                out.flush();
            }
        }
        log.info("wrote {} cost records from {}", written, costs.name());
        return written;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
