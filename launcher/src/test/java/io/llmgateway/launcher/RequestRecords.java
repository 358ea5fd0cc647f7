package io.llmgateway.launcher;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads what a running gateway wrote about one request on one topic, as the end-to-end tests check it. */
final class RequestRecords {

    private RequestRecords() {}

    /**
     * Every committed record of {@code topic} whose request id (by {@code idOf}) is {@code requestId},
     * waiting up to 20 s for the first and reading a second past it, so that a duplicate would be seen too.
     */
    static <T> List<T> of(GatewayConfig config, Topic<String, T> topic, String requestId, Function<T, String> idOf) {
        var props = KafkaClients.rawConsumer(config.kafka(), "e2e-" + topic.name() + "-reader-" + requestId, "e2e");
        List<T> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            consumer.subscribe(List.of(topic.name()));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long stopAfterMatch = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(until, stopAfterMatch)) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    T value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                    if (idOf.apply(value).equals(requestId)) {
                        found.add(value);
                        stopAfterMatch = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    }
                }
            }
        }
        return found;
    }
}
