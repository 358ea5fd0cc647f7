package io.llmgateway.common.pipeline;

import io.llmgateway.common.kafka.DeadLetters;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The consume-process-produce loop of the services that are not Kafka Streams apps (cache,
 * router): one consumer in a consumer group, a handler per record on virtual threads, offsets
 * committed only up to the lowest unfinished record of each partition.
 *
 * <p>Guarantees: a record is committed only after its handler returned (its output acknowledged,
 * see {@link RecordHandler}) or after the broker acknowledged its dead letter, so a crash
 * re-delivers and never loses. Poison input (undeserializable, failing its record's checks, or
 * making the handler throw) goes to the dead-letter topic with the reason and the loop moves on;
 * when the handler threw, its {@link GiveUp} first answers whoever waits on the record (a
 * request's caller). A dead letter that fails leaves its record unfinished: the commit stays
 * below it (logged) and the partition's next owner processes it again. At most
 * {@code maxInFlight} handlers run at once; the partitions are paused while that many run and
 * resumed when one finishes. With a {@link BatchLane}, interactive records are started before
 * batch records and batch records never take all the slots.
 *
 * <p>Threads: one platform thread, {@code <service>-poll}, owns the consumer and all of the
 * state below; handlers run on virtual threads {@code <service>-worker-N} and report back
 * through a queue. {@link #close()} is the one shutdown path.
 */
public final class RecordPipeline<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordPipeline.class);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Poll timeout while paused and full: how soon a freed slot is noticed. */
    private static final Duration FULL_POLL_TIMEOUT = Duration.ofMillis(5);

    /** How often the consumer's meters are matched against Kafka's metrics (new partitions' lag). */
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(10);

    private final PipelineSettings settings;
    private final Topic<String, V> source;
    private final RecordHandler<V> handler;
    private final GiveUp<V> giveUp;
    private final PartitionListener partitionListener;
    private final BatchLane<V> batchLane;
    private final Producer<String, byte[]> producer;
    private final DeadLetters deadLetters;
    private final Consumer<String, byte[]> consumer;
    private final ExecutorService workers;
    private final Thread pollThread;

    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private volatile boolean closing;
    /** Set when shutdown gave up waiting: handlers failing from then on are abandoned, not dead-lettered. */
    private volatile boolean abandoning;
    private volatile Throwable failure;
    private volatile KafkaClientMetrics clientMetrics;
    private final ScheduledExecutorService metricsRefresh = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kafka-metrics-refresh-", 0).factory());

    // Owned by the poll thread.
    private final OffsetTracker offsets = new OffsetTracker();
    private final ArrayDeque<Work<V>> waitingInteractive = new ArrayDeque<>();
    private final ArrayDeque<Work<V>> waitingBatch = new ArrayDeque<>();
    private int running;
    private int runningBatch;
    /** Dead letters of records that failed to parse, sent and not yet acknowledged or failed. */
    private int lettersInFlight;
    private long lastCommitNanos;

    /**
     * @param producer shared with the handlers; used here for dead letters. The caller owns it and
     *     closes it after this pipeline.
     * @param clock stamps dead letters
     */
    public RecordPipeline(PipelineSettings settings, Topic<String, V> source, RecordHandler<V> handler,
                          Producer<String, byte[]> producer, Clock clock) {
        this(settings, source, handler, PartitionListener.NONE, producer, clock);
    }

    /** @param partitionListener told when partitions of the source are assigned and given up */
    public RecordPipeline(PipelineSettings settings, Topic<String, V> source, RecordHandler<V> handler,
                          PartitionListener partitionListener, Producer<String, byte[]> producer, Clock clock) {
        this(settings, source, handler, GiveUp.nobodyWaits(), partitionListener, BatchLane.none(), producer, clock);
    }

    /**
     * @param giveUp answers whoever waits on a record whose handler threw, before it is dead-lettered
     * @param batchLane which records are batch work, served after interactive records
     */
    public RecordPipeline(PipelineSettings settings, Topic<String, V> source, RecordHandler<V> handler,
                          GiveUp<V> giveUp, PartitionListener partitionListener, BatchLane<V> batchLane,
                          Producer<String, byte[]> producer, Clock clock) {
        this.settings = settings;
        this.source = source;
        this.handler = handler;
        this.giveUp = giveUp;
        this.partitionListener = partitionListener;
        this.batchLane = batchLane;
        this.producer = producer;
        this.deadLetters = new DeadLetters(settings.deadLetterTopic(), producer, settings.serviceName(), clock);
        this.consumer = new KafkaConsumer<>(consumerProperties(settings));
        this.workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(settings.serviceName() + "-worker-", 0).factory());
        this.pollThread = Thread.ofPlatform().name(settings.serviceName() + "-poll").unstarted(this::run);
    }

    private static Properties consumerProperties(PipelineSettings settings) {
        // Unique per pipeline: the all-in-one launcher and tests run several in one JVM.
        Properties props = KafkaClients.rawConsumer(settings.kafka(), settings.groupId(),
                settings.serviceName() + "-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        // Incremental rebalancing: an eager rebalance would revoke every partition, and the records
        // still running here would be handed out again and run twice.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // What one poll returns waits locally while the pipeline is full; this bounds that backlog.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(500, settings.maxInFlight()));
        if (settings.sessionTimeout() != null) {
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100,
                    settings.sessionTimeout().toMillis() / 3));
        }
        return props;
    }

    /**
     * Publishes the consumer's own meters (Micrometer's {@link KafkaClientMetrics}: fetch rates,
     * {@code kafka.consumer.fetch.manager.records.lag.max} and per-partition lag), tagged with the
     * consumer group as {@code group}. Closed with the pipeline.
     */
    public RecordPipeline<V> bindMetrics(MeterRegistry registry) {
        // Kafka makes the per-partition lag meters only once partitions are assigned; Micrometer
        // looks for new ones every METRICS_REFRESH (its default, a minute, would hide them that long).
        KafkaClientMetrics bound = new KafkaClientMetrics(consumer, Tags.of("group", settings.groupId()),
                metricsRefresh, METRICS_REFRESH);
        bound.bindTo(registry);
        clientMetrics = bound;
        return this;
    }

    /** Joins the consumer group and starts consuming. */
    public RecordPipeline<V> start() {
        pollThread.start();
        return this;
    }

    /** Blocks until the poll thread ends: after {@link #close()}, or when the loop failed. */
    public void awaitStopped() throws InterruptedException {
        pollThread.join();
    }

    /** Why the loop stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(source.name()), new Rebalancing());
            log.info("{} consuming {} in group {} (max in flight {})", settings.serviceName(), source.name(),
                    settings.groupId(), settings.maxInFlight());
            while (!closing) {
                boolean full = settle();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(full ? FULL_POLL_TIMEOUT
                        : settings.pollTimeout())) {
                    take(record);
                }
                commitIfDue();
            }
            finishRunningWork();
            commitSync(offsets.positions(offsets.partitions()));
        } catch (Throwable e) {
            failure = e;
            log.error("{} stopped consuming {}: {}", settings.serviceName(), source.name(), e.toString(), e);
        } finally {
            workers.shutdownNow();
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (KafkaException e) {
                log.warn("{} consumer did not close cleanly: {}", settings.serviceName(), e.toString(), e);
            }
        }
    }

    /** Parses a polled record and starts it, queues it, or dead-letters it. */
    private void take(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.started(partition, record.offset());
        V value;
        try {
            value = source.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (value == null) {
                throw new SerializationException("record has no value");
            }
        } catch (RuntimeException e) {
            // Anything the serde or the record's constructor rejects is poison for this record only.
            // Finished once its dead letter is acknowledged: the acknowledgement comes back as a completion.
            deadLetterThen(record, e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        Work<V> work = new Work<>(record, new InboundRecord<>(record.topic(), record.partition(), record.offset(),
                record.key(), value, record.timestamp(), record.headers()), batchLane.isBatch().test(value));
        (work.batch() ? waitingBatch : waitingInteractive).add(work);
        startWaiting();
    }

    /** Starts waiting work while there are slots: interactive first, batch within its lane. */
    private void startWaiting() {
        while (running < settings.maxInFlight() && !waitingInteractive.isEmpty()) {
            dispatch(waitingInteractive.poll());
        }
        while (running < settings.maxInFlight() && runningBatch < batchLane.maxInFlight() && !waitingBatch.isEmpty()) {
            dispatch(waitingBatch.poll());
        }
    }

    private void dispatch(Work<V> work) {
        running++;
        if (work.batch()) {
            runningBatch++;
        }
        workers.execute(() -> perform(work));
    }

    /** Runs on a worker thread; every log line of the record's handling carries its trace id. */
    private void perform(Work<V> work) {
        InboundRecord<V> record = work.parsed();
        boolean finished = true;
        Tracing.traceIdOf(record.headers()).ifPresent(traceId -> MDC.put(Stage.TRACE_ID, traceId));
        try {
            handler.handle(record);
        } catch (Exception e) {
            if (abandoning || e instanceof InterruptedException) {
                // Shutdown interrupted it: left unfinished, so the next owner of the partition redoes it.
                log.warn("abandoned {} (key {}) at shutdown: {}", record.position(), record.key(), e.toString());
                finished = false;
            } else {
                log.error("handler failed on {} (key {})", record.position(), record.key(), e);
                finished = deadLetterAndWait(work.raw(), "handler failed: " + e + answerGivenUp(record, e));
            }
        } catch (Error e) {
            log.error("handler failed on {} (key {}); left unfinished", record.position(), record.key(), e);
            finished = false;
            throw e;
        } finally {
            MDC.remove(Stage.TRACE_ID);
            completions.add(Completion.ofHandler(new TopicPartition(record.topic(), record.partition()),
                    record.offset(), finished, work.batch()));
        }
    }

    /**
     * On a worker thread: the {@link GiveUp} answers whoever waits on the record.
     *
     * @return nothing when they were answered, else why not, for the dead letter's reason
     */
    private String answerGivenUp(InboundRecord<V> record, Exception cause) {
        try {
            giveUp.answer(record, cause);
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while answering the caller of {} (key {})", record.position(), record.key());
            return "; its caller was not answered: interrupted";
        } catch (Exception e) {
            log.error("cannot answer the caller of {} (key {})", record.position(), record.key(), e);
            return "; its caller was not answered: " + e;
        }
    }

    /**
     * On a worker thread: sends the dead letter and waits for the broker's acknowledgement.
     *
     * @return whether it was acknowledged; if not, the record stays unfinished and the commit below it
     */
    private boolean deadLetterAndWait(ConsumerRecord<String, byte[]> record, String reason) {
        try {
            deadLetters.send(record, reason, (metadata, e) -> { }).get();
            return true;
        } catch (ExecutionException e) {
            cannotDeadLetter(record, e.getCause());
            return false;
        } catch (KafkaException e) {
            cannotDeadLetter(record, e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("abandoned the dead letter of {}-{}@{} at shutdown", record.topic(), record.partition(),
                    record.offset());
            return false;
        }
    }

    /** On the poll thread: sends the dead letter; its acknowledgement finishes the record through the completions. */
    private void deadLetterThen(ConsumerRecord<String, byte[]> record, String reason) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            deadLetters.send(record, reason, (metadata, e) -> {
                if (e != null) {
                    cannotDeadLetter(record, e);
                }
                completions.add(Completion.ofDeadLetter(partition, record.offset(), e == null));
            });
            lettersInFlight++;
        } catch (KafkaException e) {
            cannotDeadLetter(record, e);
        }
    }

    private void cannotDeadLetter(ConsumerRecord<String, byte[]> record, Throwable e) {
        // Not finished: the commit stays below it, and the partition's next owner processes it again.
        log.error("cannot dead-letter {}-{}@{}; offsets of its partition are not committed past it until it is "
                + "processed again: {}", record.topic(), record.partition(), record.offset(), e.toString(), e);
    }

    /**
     * Takes finished work, starts waiting work, and pauses or resumes the partitions: paused while
     * every slot is taken, while as many interactive records wait as there are slots, or while the
     * batch lane's read-ahead is full (how far interactive records can overtake batch records).
     *
     * @return whether the pipeline is full (partitions paused)
     */
    private boolean settle() {
        takeCompletions();
        startWaiting();
        boolean full = running >= settings.maxInFlight()
                || waitingInteractive.size() >= settings.maxInFlight()
                || waitingBatch.size() >= batchLane.readAhead();
        if (full) {
            if (!consumer.paused().containsAll(consumer.assignment())) {
                log.debug("{} full ({} running): pausing {}", settings.serviceName(), running, consumer.assignment());
                consumer.pause(consumer.assignment());
            }
        } else if (!consumer.paused().isEmpty()) {
            log.debug("{} has room ({} running): resuming", settings.serviceName(), running);
            consumer.resume(consumer.paused());
        }
        return full;
    }

    private void takeCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            complete(completion);
        }
    }

    private void complete(Completion completion) {
        if (completion.heldSlot()) {
            running--;
            if (completion.batch()) {
                runningBatch--;
            }
        } else {
            lettersInFlight--;
        }
        if (completion.finished()) {
            offsets.finished(completion.partition(), completion.offset());
        }
    }

    private void commitIfDue() {
        // Commit cadence is a property of the process, not of business time: System.nanoTime, so a
        // test's fixed Clock cannot stop commits.
        long now = System.nanoTime();
        if (now - lastCommitNanos < settings.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> due = offsets.committable();
        if (due.isEmpty()) {
            return;
        }
        offsets.markCommitted(due);
        consumer.commitAsync(due, (committed, e) -> {
            if (e != null) {
                // A later commit, and always the one before a partition is given up, covers it.
                log.warn("{} offset commit {} failed: {}", settings.serviceName(), committed, e.toString());
            }
        });
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> positions) {
        if (positions.isEmpty()) {
            return;
        }
        consumer.commitSync(positions);
        offsets.markCommitted(positions);
        log.debug("{} committed {}", settings.serviceName(), positions);
    }

    /**
     * Waits for the dead letters of unparsable records still under way, so that the commit that
     * follows can pass the ones the broker acknowledged. {@code flush} returns after their
     * callbacks ran.
     */
    private void settleDeadLetters() {
        if (lettersInFlight > 0) {
            producer.flush();
            takeCompletions();
        }
    }

    /** Stops taking records, then waits for running handlers until the shutdown timeout. */
    private void finishRunningWork() throws InterruptedException {
        // Never started: unfinished in the tracker, so re-delivered.
        waitingInteractive.clear();
        waitingBatch.clear();
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            Completion completion = left > 0 ? completions.poll(left, TimeUnit.NANOSECONDS) : null;
            if (completion == null) {
                break;
            }
            complete(completion);
        }
        if (running > 0) {
            log.warn("{}: {} handlers still running after {}; interrupting them, their records will be re-delivered",
                    settings.serviceName(), running, settings.shutdownTimeout());
            abandoning = true;
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
            takeCompletions();
        }
        settleDeadLetters();
    }

    /** Stops consuming, lets running handlers finish (up to the shutdown timeout), commits, leaves the group. */
    @Override
    public void close() {
        closing = true;
        if (pollThread.isAlive()) {
            try {
                pollThread.join(settings.shutdownTimeout().plusSeconds(20).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (pollThread.isAlive()) {
                log.error("{} poll thread did not stop", settings.serviceName());
            }
        } else if (pollThread.getState() == Thread.State.NEW) {
            // Never started: the consumer is still ours to close.
            workers.shutdownNow();
            consumer.close();
        }
        KafkaClientMetrics bound = clientMetrics;
        if (bound != null) {
            bound.close(); // removes the consumer's meters: a closed client's would read stale
        }
        metricsRefresh.shutdownNow();
    }

    /** Rebalance callbacks run on the poll thread, inside {@code poll}. */
    private final class Rebalancing implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("{} assigned {}", settings.serviceName(), partitions);
                partitionListener.assigned(partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            takeCompletions();
            settleDeadLetters();
            try {
                commitSync(offsets.positions(partitions));
            } catch (KafkaException e) {
                log.warn("{} could not commit {} before giving them up; finished records will run again: {}",
                        settings.serviceName(), partitions, e.toString());
            }
            // Handlers still running for these partitions finish here; the new owner may run them
            // again from the committed offset, which every consumer downstream tolerates (idempotent).
            forget(partitions);
            partitionListener.revoked(partitions);
            log.info("{} revoked {}", settings.serviceName(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
            partitionListener.revoked(partitions);
            log.warn("{} lost {} without a chance to commit", settings.serviceName(), partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            waitingInteractive.removeIf(work -> partitions.contains(
                    new TopicPartition(work.raw().topic(), work.raw().partition())));
            waitingBatch.removeIf(work -> partitions.contains(
                    new TopicPartition(work.raw().topic(), work.raw().partition())));
            offsets.forget(partitions);
        }
    }

    private record Work<V>(ConsumerRecord<String, byte[]> raw, InboundRecord<V> parsed, boolean batch) {}

    /**
     * A record is done with: its handler returned or gave up ({@code heldSlot}), or the dead letter
     * of a record that could not be parsed was acknowledged or failed.
     */
    private record Completion(TopicPartition partition, long offset, boolean finished, boolean batch,
                              boolean heldSlot) {

        static Completion ofHandler(TopicPartition partition, long offset, boolean finished, boolean batch) {
            return new Completion(partition, offset, finished, batch, true);
        }

        static Completion ofDeadLetter(TopicPartition partition, long offset, boolean acknowledged) {
            return new Completion(partition, offset, acknowledged, false, false);
        }
    }
}
