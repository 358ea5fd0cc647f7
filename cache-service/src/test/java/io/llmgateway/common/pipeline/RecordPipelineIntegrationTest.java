package io.llmgateway.common.pipeline;

import static io.llmgateway.common.pipeline.BrokerTestSupport.committed;
import static io.llmgateway.common.pipeline.BrokerTestSupport.createTopics;
import static io.llmgateway.common.pipeline.BrokerTestSupport.read;
import static io.llmgateway.common.pipeline.BrokerTestSupport.request;
import static io.llmgateway.common.pipeline.BrokerTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RecordPipeline} against a real broker: commits, bounds, dead letters, re-delivery. */
class RecordPipelineIntegrationTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private Topic<String, GatewayRequest> source;
    private Topic<String, DeadLetter> deadLetters;
    private String group;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void topics() throws Exception {
        source = Topics.ROUTABLE.named(uniqueTopic("source"));
        deadLetters = Topics.DEAD_LETTER.named(uniqueTopic("dead"));
        group = uniqueTopic("group");
        createTopics(KAFKA.bootstrapServers(), 1, source.name(), deadLetters.name());
        producer = BrokerTestSupport.producer(KAFKA.bootstrapServers());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    private RecordPipeline<GatewayRequest> pipeline(int maxInFlight, Duration shutdownTimeout,
                                                    RecordHandler<GatewayRequest> handler) {
        PipelineSettings settings = new PipelineSettings("test", new KafkaSettings(KAFKA.bootstrapServers(), 1,
                (short) 1), group, deadLetters, maxInFlight, Duration.ofMillis(50), Duration.ofMillis(20),
                shutdownTimeout);
        return new RecordPipeline<>(settings, source, handler, producer, Clock.systemUTC());
    }

    private void produce(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            GatewayRequest request = request("r" + i, "m", "replies", 0, Long.MAX_VALUE);
            BrokerTestSupport.send(producer, source.name(), request.requestId(),
                    source.valueSerde().serializer().serialize(source.name(), request));
        }
    }

    private long committedOffset() throws Exception {
        return committed(KAFKA.bootstrapServers(), group, new TopicPartition(source.name(), 0));
    }

    @Test
    void offsetsAreCommittedOnlyUpToTheLowestUnfinishedRecord() throws Exception {
        CountDownLatch releaseSecond = new CountDownLatch(1);
        Set<Long> done = ConcurrentHashMap.newKeySet();
        produce(5);

        try (RecordPipeline<GatewayRequest> pipeline = pipeline(10, Duration.ofSeconds(5), record -> {
            if (record.offset() == 1) {
                releaseSecond.await();
            }
            done.add(record.offset());
        }).start()) {
            await().atMost(WITHIN).until(() -> done.containsAll(List.of(0L, 2L, 3L, 4L)));
            await().atMost(WITHIN).until(() -> committedOffset() == 1);
            Thread.sleep(300); // several commit intervals: the position must not pass the unfinished record
            assertThat(committedOffset()).isEqualTo(1);

            releaseSecond.countDown();

            await().atMost(WITHIN).until(() -> committedOffset() == 5);
            assertThat(pipeline.failure()).isEmpty();
        }
    }

    /** One request per id, in order: batch priority when the id starts with "b", else interactive. */
    private void produceByPriority(List<String> ids) throws Exception {
        for (String id : ids) {
            GatewayRequest plain = request(id, "m", "replies", 0, Long.MAX_VALUE);
            GatewayRequest request = new GatewayRequest(id, plain.tenantId(), plain.projectId(), plain.apiKeyId(),
                    plain.model(), plain.messages(), null, false, plain.replyTopic(), 0, Long.MAX_VALUE,
                    id.startsWith("b") ? Priority.BATCH : Priority.INTERACTIVE, null, null, 4, null);
            BrokerTestSupport.send(producer, source.name(), id, source.valueSerde().serializer()
                    .serialize(source.name(), request));
        }
    }

    @Test
    void interactiveRecordsStartBeforeWaitingBatchRecordsAndBatchNeverTakesEverySlot() throws Exception {
        List<String> order = List.of("b0", "b1", "b2", "i0", "i1");
        produceByPriority(order);
        List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        PipelineSettings settings = new PipelineSettings("test", new KafkaSettings(KAFKA.bootstrapServers(), 1,
                (short) 1), group, deadLetters, 4, Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofSeconds(5));
        BatchLane<GatewayRequest> lane = new BatchLane<>(request -> request.priority() == Priority.BATCH, 1);

        try (RecordPipeline<GatewayRequest> pipeline = new RecordPipeline<>(settings, source, record -> {
            started.add(record.value().requestId());
            release.await();
        }, GiveUp.nobodyWaits(), PartitionListener.NONE, lane, producer, Clock.systemUTC()).start()) {
            // One batch record runs; the interactive ones behind the waiting batch records take free slots.
            await().atMost(WITHIN).until(() -> started.size() == 3);
            assertThat(started).containsExactlyInAnyOrder("b0", "i0", "i1");

            release.countDown();

            await().atMost(WITHIN).until(() -> committedOffset() == order.size());
            assertThat(started).endsWith("b1", "b2");
            assertThat(pipeline.failure()).isEmpty();
        }
    }

    @Test
    void interactiveRecordsBehindABatchBurstLongerThanTheSlotsStillStartFirst() throws Exception {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            order.add("b" + i);
        }
        order.addAll(List.of("i0", "i1"));
        produceByPriority(order);
        List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        PipelineSettings settings = new PipelineSettings("test", new KafkaSettings(KAFKA.bootstrapServers(), 1,
                (short) 1), group, deadLetters, 4, Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofSeconds(5));
        // 4 slots, 1 for batch; 40 batch records in front: far more than the slots, within the read-ahead.
        BatchLane<GatewayRequest> lane = new BatchLane<>(request -> request.priority() == Priority.BATCH, 1, 64);

        try (RecordPipeline<GatewayRequest> pipeline = new RecordPipeline<>(settings, source, record -> {
            started.add(record.value().requestId());
            if (record.value().priority() == Priority.BATCH) {
                release.await();
            }
        }, GiveUp.nobodyWaits(), PartitionListener.NONE, lane, producer, Clock.systemUTC()).start()) {
            await().atMost(WITHIN).until(() -> started.containsAll(List.of("i0", "i1")));
            assertThat(started).containsExactlyInAnyOrder("b0", "i0", "i1");

            release.countDown();

            await().atMost(WITHIN).until(() -> committedOffset() == order.size());
            assertThat(pipeline.failure()).isEmpty();
        }
    }

    @Test
    void neverMoreThanMaxInFlightHandlersRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<String> handled = ConcurrentHashMap.newKeySet();
        produce(30);

        try (RecordPipeline<GatewayRequest> pipeline = pipeline(3, Duration.ofSeconds(5), record -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(20);
            running.decrementAndGet();
            handled.add(record.value().requestId());
        }).start()) {
            await().atMost(WITHIN).until(() -> handled.size() == 30);
            await().atMost(WITHIN).until(() -> committedOffset() == 30);
            assertThat(pipeline.failure()).isEmpty();
        }
        assertThat(mostAtOnce.get()).isEqualTo(3);
    }

    @Test
    void poisonGoesToTheDeadLetterTopicWithTheReasonAndTheNextRecordIsProcessed() throws Exception {
        BrokerTestSupport.send(producer, source.name(), "bad-json", "{not json".getBytes(StandardCharsets.UTF_8));
        BrokerTestSupport.send(producer, source.name(), "no-model",
                ("{\"request_id\":\"x\",\"tenant_id\":\"t\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"stream\":false,\"reply_topic\":\"r\",\"created_at_ms\":0,\"deadline_ms\":1,"
                        + "\"estimated_input_tokens\":0}").getBytes(StandardCharsets.UTF_8));
        produce(1);
        Set<String> handled = ConcurrentHashMap.newKeySet();

        try (RecordPipeline<GatewayRequest> pipeline = pipeline(10, Duration.ofSeconds(5),
                record -> handled.add(record.value().requestId())).start()) {
            await().atMost(WITHIN).until(() -> handled.contains("r0"));
            await().atMost(WITHIN).until(() -> committedOffset() == 3);
            assertThat(pipeline.failure()).isEmpty();
        }

        List<DeadLetter> letters = read(KAFKA.bootstrapServers(), deadLetters.name(), 2, WITHIN).stream()
                .map(r -> deadLetters.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
        assertThat(letters).hasSize(2);
        assertThat(letters).extracting(DeadLetter::originalKey).containsExactly("bad-json", "no-model");
        assertThat(letters).extracting(DeadLetter::offset).containsExactly(0L, 1L);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.sourceTopic()).isEqualTo(source.name());
            assertThat(letter.stage()).isEqualTo("test");
            assertThat(letter.originalValue()).isNotBlank();
        });
        assertThat(letters.get(0).reason()).contains("GatewayRequest");
        assertThat(letters.get(1).reason()).contains("model is required");
    }

    /** Throws on the record at offset 1; adds the request ids of the others to {@code handled}. */
    private static RecordHandler<GatewayRequest> throwingOnTheSecondRecord(Set<String> handled) {
        return record -> {
            if (record.offset() == 1) {
                throw new IllegalStateException("cannot route this one");
            }
            handled.add(record.value().requestId());
        };
    }

    @Test
    void aHandlerThatThrowsDeadLettersItsRecordAndTheLoopGoesOn() throws Exception {
        produce(3);
        Set<String> handled = ConcurrentHashMap.newKeySet();

        try (RecordPipeline<GatewayRequest> pipeline = pipeline(10, Duration.ofSeconds(5),
                throwingOnTheSecondRecord(handled)).start()) {
            await().atMost(WITHIN).until(() -> handled.containsAll(List.of("r0", "r2")));
            await().atMost(WITHIN).until(() -> committedOffset() == 3);
            assertThat(pipeline.failure()).isEmpty();
        }

        List<ConsumerRecord<String, byte[]>> letters = read(KAFKA.bootstrapServers(), deadLetters.name(), 1, WITHIN);
        assertThat(letters).hasSize(1);
        DeadLetter letter = deadLetters.valueSerde().deserializer().deserialize(deadLetters.name(),
                letters.getFirst().value());
        assertThat(letter.offset()).isEqualTo(1);
        assertThat(letter.reason()).contains("handler failed").contains("cannot route this one");
    }

    /** A dead-letter topic whose broker refuses every letter: records this small, letters far bigger. */
    private void deadLettersRefused() throws Exception {
        deadLetters = Topics.DEAD_LETTER.named(uniqueTopic("dead-refusing"));
        BrokerTestSupport.createTopic(KAFKA.bootstrapServers(), deadLetters.name(), 1,
                Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100"));
    }

    @Test
    void aRecordWhoseHandlerThrewIsNotCommittedPastUntilItsDeadLetterIsAcknowledged() throws Exception {
        deadLettersRefused();
        produce(3);
        Set<String> handled = ConcurrentHashMap.newKeySet();

        try (RecordPipeline<GatewayRequest> pipeline = pipeline(10, Duration.ofSeconds(5),
                throwingOnTheSecondRecord(handled)).start()) {
            await().atMost(WITHIN).until(() -> handled.containsAll(List.of("r0", "r2")));
            await().atMost(WITHIN).until(() -> committedOffset() == 1);
            Thread.sleep(500); // many commit intervals: the position must stay below the lost dead letter
            assertThat(committedOffset()).isEqualTo(1);
            assertThat(pipeline.failure()).isEmpty();
        }
        assertThat(committedOffset()).as("the last commit, at shutdown, too").isEqualTo(1);
    }

    @Test
    void anUnparsableRecordIsNotCommittedPastUntilItsDeadLetterIsAcknowledged() throws Exception {
        deadLettersRefused();
        produce(1);
        BrokerTestSupport.send(producer, source.name(), "bad-json", "{not json".getBytes(StandardCharsets.UTF_8));
        produce(1);
        List<Long> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (RecordPipeline<GatewayRequest> pipeline = pipeline(10, Duration.ofSeconds(5),
                record -> handled.add(record.offset())).start()) {
            await().atMost(WITHIN).until(() -> handled.containsAll(List.of(0L, 2L)));
            await().atMost(WITHIN).until(() -> committedOffset() == 1);
            Thread.sleep(500);
            assertThat(committedOffset()).isEqualTo(1);
            assertThat(pipeline.failure()).isEmpty();
        }
        assertThat(committedOffset()).isEqualTo(1);
    }

    @Test
    void aRecordUnfinishedAtShutdownIsDeliveredAgainToTheNextConsumerOfTheGroup() throws Exception {
        produce(2);
        CountDownLatch firstStarted = new CountDownLatch(1);
        Set<Long> finishedByFirst = ConcurrentHashMap.newKeySet();

        try (RecordPipeline<GatewayRequest> first = pipeline(10, Duration.ofMillis(200), record -> {
            if (record.offset() == 0) {
                firstStarted.countDown();
                new CountDownLatch(1).await(); // a provider call that never returns
            }
            finishedByFirst.add(record.offset());
        }).start()) {
            await().atMost(WITHIN).until(() -> firstStarted.getCount() == 0 && finishedByFirst.contains(1L));
            assertThat(first.failure()).isEmpty();
        }
        assertThat(committedOffset()).isZero();

        Set<Long> seenBySecond = ConcurrentHashMap.newKeySet();
        try (RecordPipeline<GatewayRequest> second = pipeline(10, Duration.ofSeconds(5),
                record -> seenBySecond.add(record.offset())).start()) {
            await().atMost(WITHIN).until(() -> seenBySecond.containsAll(List.of(0L, 1L)));
            await().atMost(WITHIN).until(() -> committedOffset() == 2);
            assertThat(second.failure()).isEmpty();
        }
    }

    @Test
    void aSecondInstanceJoiningTheGroupTakesOverPartitionsAndNothingIsLost() throws Exception {
        source = Topics.ROUTABLE.named(uniqueTopic("source3"));
        createTopics(KAFKA.bootstrapServers(), 3, source.name());
        produce(60);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        Set<String> handledBySecond = ConcurrentHashMap.newKeySet();
        RecordHandler<GatewayRequest> slowHandler = record -> {
            Thread.sleep(100);
            handled.add(record.value().requestId());
        };

        try (RecordPipeline<GatewayRequest> first = pipeline(2, Duration.ofSeconds(5), slowHandler).start()) {
            await().atMost(WITHIN).until(() -> handled.size() >= 4);
            try (RecordPipeline<GatewayRequest> second = pipeline(2, Duration.ofSeconds(5), record -> {
                slowHandler.handle(record);
                handledBySecond.add(record.value().requestId());
            }).start()) {
                await().atMost(WITHIN).until(() -> handled.size() == 60);
                await().atMost(WITHIN).until(() -> committedTotal(3) == 60);
                assertThat(second.failure()).isEmpty();
            }
            assertThat(first.failure()).isEmpty();
        }
        assertThat(handledBySecond).as("the second instance took over partitions").isNotEmpty();
    }

    private long committedTotal(int partitions) throws Exception {
        long total = 0;
        for (int p = 0; p < partitions; p++) {
            total += Math.max(0, committed(KAFKA.bootstrapServers(), group, new TopicPartition(source.name(), p)));
        }
        return total;
    }
}
