package io.llmgateway.accounting.console;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.GrouplessReader;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the console's request figures come from: every instance reads the usage records
 * ({@code llm.usage}) and the cost records ({@code llm.costs}) written from its start on, without a
 * consumer group, into a {@link RequestWindow}. The one class to change when the request log
 * topic carries both in one record.
 */
public final class RequestFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestFeed.class);

    private final RequestWindow window;
    private final List<GrouplessReader> readers;

    public RequestFeed(GatewayConfig config, RequestWindow window) {
        this.window = window;
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.readers = List.of(
                reader(config, config.topics().usageTopic(), "console-usage-" + id, window::finished),
                reader(config, config.topics().costsTopic(), "console-costs-" + id, window::charged));
    }

    private static <V> GrouplessReader reader(GatewayConfig config, Topic<String, V> topic, String clientId,
                                              Consumer<V> sink) {
        return new GrouplessReader(config.kafka(), topic.name(), clientId, GrouplessReader.StartAt.END,
                (ConsumerRecord<String, byte[]> record) -> {
                    V value;
                    try {
                        value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        // Accounting dead-letters these itself; the console only leaves them out.
                        log.debug("console skips an unreadable record at {}-{}@{}: {}", record.topic(),
                                record.partition(), record.offset(), e.toString());
                        return;
                    }
                    if (value != null) {
                        sink.accept(value);
                    }
                }, () -> { }, "the console's request figures are not updated");
    }

    public RequestFeed start() {
        readers.forEach(GrouplessReader::start);
        return this;
    }

    /** Whether both readers are positioned: requests finished from now on are seen. */
    public boolean isReady() {
        return readers.stream().allMatch(GrouplessReader::isReady);
    }

    public RequestWindow window() {
        return window;
    }

    @Override
    public void close() {
        readers.forEach(GrouplessReader::close);
    }
}
