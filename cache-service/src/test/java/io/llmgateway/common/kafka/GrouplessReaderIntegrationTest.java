package io.llmgateway.common.kafka;

import static io.llmgateway.common.pipeline.BrokerTestSupport.createTopics;
import static io.llmgateway.common.pipeline.BrokerTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.pipeline.BrokerTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.llmgateway.testkit.KafkaBroker;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GrouplessReader} against a real broker: it recovers from failures and loses nothing meanwhile. */
class GrouplessReaderIntegrationTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private String topic;
    private KafkaProducer<String, byte[]> producer;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void topic() throws Exception {
        topic = uniqueTopic("groupless");
        createTopics(KAFKA.bootstrapServers(), 2, topic);
        producer = BrokerTestSupport.producer(KAFKA.bootstrapServers());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    private GrouplessReader reader(java.util.function.Consumer<ConsumerRecord<String, byte[]>> handler,
                                   Runnable afterEachPoll) {
        return new GrouplessReader(new KafkaSettings(KAFKA.bootstrapServers(), 2, (short) 1), topic,
                "test-" + topic, GrouplessReader.StartAt.END, handler, afterEachPoll, "the test sees nothing");
    }

    private void produce(String... keys) throws Exception {
        for (String key : keys) {
            BrokerTestSupport.send(producer, topic, key, key.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aHandlerThatThrowsSkipsItsRecordAndTheReaderReadsOnFromThere() throws Exception {
        try (GrouplessReader reader = reader(record -> {
            if (record.key().equals("poison")) {
                throw new IllegalStateException("cannot handle this one");
            }
            seen.add(record.key());
        }, () -> { }).start()) {
            await().atMost(WITHIN).until(reader::isReady);

            produce("a", "poison", "b");

            // The records may sit in different partitions: "b" can be read before or after the failure.
            await().atMost(WITHIN).until(() -> reader.failures() == 1 && reader.isReady()
                    && seen.containsAll(List.of("a", "b")));
            produce("c");
            await().atMost(WITHIN).until(() -> seen.contains("c"));
            assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(reader.failures()).as("the poison record is not read again").isEqualTo(1);
        }
    }

    @Test
    void aBrokenReaderIsNotReadyAndOnceItRecoversItReadsWhatWasWrittenMeanwhile() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        try (GrouplessReader reader = reader(record -> seen.add(record.key()), () -> {
            if (broken.get()) {
                throw new IllegalStateException("periodic work failed");
            }
        }).start()) {
            await().atMost(WITHIN).until(reader::isReady);
            produce("before");
            await().atMost(WITHIN).until(() -> seen.contains("before"));

            broken.set(true);
            await().atMost(WITHIN).until(() -> reader.failures() >= 3);
            await().atMost(WITHIN).until(() -> !reader.isReady());
            produce("while-broken-1", "while-broken-2", "while-broken-3");

            broken.set(false);

            await().atMost(WITHIN).until(reader::isReady);
            await().atMost(WITHIN).until(() -> seen.size() == 4);
            assertThat(seen).containsExactlyInAnyOrder("before", "while-broken-1", "while-broken-2",
                    "while-broken-3");
        }
    }
}
