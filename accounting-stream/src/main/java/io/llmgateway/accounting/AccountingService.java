package io.llmgateway.accounting;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link AccountingTopology} on Kafka: exactly-once, committing every
 * {@code accounting.commit_interval}. One instance per process; more processes share the work.
 */
public final class AccountingService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccountingService.class);
    private static final long DEFAULT_POLL_MS = 100;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<KafkaStreams.State> STOPPED = Set.of(KafkaStreams.State.NOT_RUNNING,
            KafkaStreams.State.ERROR);

    private final GatewayConfig config;
    private final Path stateDir;
    private final boolean ownsStateDir;
    private final KafkaStreams streams;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();

    public AccountingService(GatewayConfig config) {
        this.config = config;
        String configuredDir = config.accounting().stateDir();
        this.ownsStateDir = configuredDir == null || configuredDir.isBlank();
        this.stateDir = ownsStateDir ? newTempDir() : Path.of(configuredDir);
        this.streams = new KafkaStreams(AccountingTopology.build(config), streamsProperties(config, stateDir));
        streams.setStateListener((newState, oldState) -> {
            log.info("accounting streams {} -> {}", oldState, newState);
            signalStateChange();
        });
        streams.setUncaughtExceptionHandler(e -> {
            // Poison never gets here (it is dead-lettered), so this is a bug or a broken cluster:
            // stop this instance loudly and let its supervisor restart it from committed state.
            log.error("accounting stream thread failed; shutting this instance down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /** The Streams settings of the app; tests drive {@link AccountingTopology} with the same. */
    static Properties streamsProperties(GatewayConfig config, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.accounting().applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Under exactly-once, outputs reach read_committed readers only at commit: this interval
        // is added to the latency of every request admitted.
        long commitMs = config.accounting().commitInterval().toMillis();
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        // The thread commits only between polls: a poll that blocks for the default 100 ms while
        // no new input comes holds the last transaction (and its caller) open that long.
        props.put(StreamsConfig.POLL_MS_CONFIG, pollMs(commitMs));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Changelog and repartition topics; a dev cluster has a single broker.
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        // Streams lingers 100 ms by default; each hop of an interactive request would pay it.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        return props;
    }

    /** Block in poll no longer than a commit interval (but never spin: at least 1 ms, at most Streams' default). */
    static long pollMs(long commitMs) {
        return Math.clamp(commitMs, 1, DEFAULT_POLL_MS);
    }

    /** Creates the pipeline topics when missing, then starts processing. */
    public void start() {
        PipelineTopics.ensure(config);
        log.info("starting accounting streams {} on {} (exactly_once_v2, commit every {} ms, state in {})",
                config.accounting().applicationId(), config.kafka().bootstrapServers(),
                config.accounting().commitInterval().toMillis(), stateDir);
        streams.start();
    }

    /**
     * Waits until the app runs (tasks assigned, state restored).
     *
     * @throws IllegalStateException if it stopped, or is still not running after {@code timeout}
     */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        stateLock.lock();
        try {
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (STOPPED.contains(streams.state())) {
                    throw new IllegalStateException("accounting streams stopped in state " + streams.state());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("accounting streams not running after " + timeout
                            + ", state " + streams.state());
                }
                stateChanged.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            stateLock.unlock();
        }
    }

    /** Blocks until the app has stopped, by {@link #close()} or by a failure, and says which. */
    public KafkaStreams.State awaitTermination() throws InterruptedException {
        stateLock.lock();
        try {
            while (!STOPPED.contains(streams.state())) {
                stateChanged.await();
            }
            return streams.state();
        } finally {
            stateLock.unlock();
        }
    }

    private void signalStateChange() {
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    /** Stops processing (leaving the group, so another instance takes over at once); safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean stopped = streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
        if (!stopped) {
            log.warn("accounting streams did not stop within {}; leaving its state in {}", CLOSE_TIMEOUT, stateDir);
            return;
        }
        log.info("accounting streams closed");
        if (ownsStateDir) {
            deleteTree(stateDir);
        }
    }

    private static Path newTempDir() {
        try {
            return Files.createTempDirectory("llm-accounting-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the accounting streams", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("cannot delete the temporary state directory {}", root, e);
        }
    }
}
