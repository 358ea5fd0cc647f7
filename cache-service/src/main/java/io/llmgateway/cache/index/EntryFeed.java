package io.llmgateway.cache.index;

import io.llmgateway.cache.embed.EmbeddingException;
import io.llmgateway.cache.embed.RecentEmbeddings;
import io.llmgateway.cache.policy.AnswerJudge;
import io.llmgateway.common.config.CacheSettings;
import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.kafka.TenantPartitions;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the shards of the owned partitions in step with the compacted cache entries topic, the
 * source of truth. One thread owns a consumer (no group: it follows the partitions the cache's
 * request pipeline was assigned) and every write to the shards:
 * <ul>
 *   <li>on assignment, opens the partition's shard and resumes from the offset in its last
 *       Lucene commit, or rebuilds it from the start when it has none, when the offset is no
 *       longer on the topic, or when the commit is older than {@code rebuild_after} (tombstones
 *       older than the topic's {@code delete.retention.ms} may be gone); lookups on it miss until
 *       it has read up to the end the topic had at assignment;
 *   <li>applies entries (embedding their question, or reusing the vector the lookup of the same
 *       question computed a moment ago), tombstones and tenant purges;
 *   <li>deletes expired entries and a tenant's oldest beyond its cap, and writes tombstones for
 *       them so the topic forgets them too;
 *   <li>commits each shard with its offset every {@code commit_interval}, and on revocation,
 *       when it closes the shard (the files stay for a later assignment).
 * </ul>
 */
public final class EntryFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EntryFeed.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration EXPIRY_SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final CacheSettings settings;
    private final Topic<String, CacheEntry> topic;
    private final Path indexRoot;
    private final RecentEmbeddings embeddings;
    private final Producer<String, byte[]> producer;
    private final ShardSet shards;
    private final Clock clock;
    private final AnswerJudge answers = new AnswerJudge();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private volatile boolean closing;
    private volatile Throwable failure;
    private volatile Runnable onFailure = () -> { };

    // Owned by the feed thread.
    private final Map<Integer, Long> loadUntil = new HashMap<>();
    private final Map<Integer, Set<String>> touchedTenants = new HashMap<>();
    private final List<Future<?>> pendingTombstones = new ArrayList<>();
    private int partitionCount = -1;
    private long lastCommitNanos = System.nanoTime();
    private long lastSweepNanos = System.nanoTime();

    /**
     * @param embeddings shared with the lookups: an entry's question was usually embedded by the
     *     lookup that missed it, on this instance (requests and entries are co-partitioned)
     * @param producer writes tombstones; the caller owns it and closes it after this feed
     */
    public EntryFeed(CacheSettings settings, KafkaSettings kafka, Topic<String, CacheEntry> topic, Path indexRoot,
                     RecentEmbeddings embeddings, Producer<String, byte[]> producer, ShardSet shards, Clock clock,
                     String clientId) {
        this.settings = settings;
        this.topic = topic;
        this.indexRoot = indexRoot;
        this.embeddings = embeddings;
        this.producer = producer;
        this.shards = shards;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(consumerProperties(kafka, clientId), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name("cache-entry-feed").unstarted(this::run);
    }

    private static Properties consumerProperties(KafkaSettings kafka, String clientId) {
        Properties props = KafkaClients.connection(kafka);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return props;
    }

    public EntryFeed start() {
        thread.start();
        return this;
    }

    /** Called on the feed thread when it stops on a failure (the service then stops as a whole). */
    public void onFailure(Runnable action) {
        this.onFailure = action;
    }

    /** Why the feed thread stopped on its own, if it did. */
    public java.util.Optional<Throwable> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** The request pipeline was given these partitions: build their shards. Any thread. */
    public void assign(Collection<Integer> partitions) {
        List<Integer> copy = List.copyOf(partitions);
        submit(() -> copy.forEach(this::open));
    }

    /** The request pipeline gave these partitions up: commit and close their shards. Any thread. */
    public void revoke(Collection<Integer> partitions) {
        List<Integer> copy = List.copyOf(partitions);
        // Lookups stop using them at once; the feed thread closes them.
        copy.forEach(p -> {
            ShardSet.Owned owned = shards.get(p);
            if (owned != null) {
                owned.ready = false;
            }
        });
        submit(() -> copy.forEach(this::release));
    }

    /**
     * Runs {@code command} on the feed thread, within a poll interval. No consumer wakeup: it
     * would interrupt whichever blocking call comes next, opening a shard half-way included.
     */
    private void submit(Runnable command) {
        synchronized (commands) {
            commands.add(command);
            commands.notifyAll();
        }
    }

    private void run() {
        try {
            while (!closing) {
                runCommands();
                if (consumer.assignment().isEmpty()) {
                    synchronized (commands) {
                        if (commands.isEmpty() && !closing) {
                            commands.wait(POLL.toMillis());
                        }
                    }
                    continue;
                }
                apply(consumer.poll(POLL));
                markLoaded();
                trimTouchedTenants();
                sweepIfDue();
                commitIfDue(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            log.error("cache entry feed stopped", t);
        } finally {
            closeAll();
        }
        if (failure != null) {
            onFailure.run();
        }
    }

    private void runCommands() {
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
        }
    }

    private void open(int partition) {
        if (shards.owns(partition)) {
            return;
        }
        TopicPartition tp = new TopicPartition(topic.name(), partition);
        try {
            CacheShard shard = new CacheShard(partition, indexRoot.resolve(topic.name() + "-" + partition));
            long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            OptionalLong committed = shard.committedOffset();
            OptionalLong committedAt = shard.committedAtMs();
            long start;
            String how;
            if (committed.isEmpty() || committedAt.isEmpty()) {
                shard.clear();
                start = begin;
                how = "building from the start";
            } else if (clock.millis() - committedAt.getAsLong() > settings.rebuildAfter().toMillis()) {
                shard.clear();
                start = begin;
                how = "rebuilding: its last commit is older than rebuild_after " + settings.rebuildAfter();
            } else if (committed.getAsLong() < begin || committed.getAsLong() > end) {
                shard.clear();
                start = begin;
                how = "rebuilding: its offset " + committed.getAsLong() + " is outside the topic's " + begin + ".."
                        + end;
            } else {
                start = committed.getAsLong();
                how = "resuming from offset " + start + " of its last commit";
            }
            Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
            assignment.add(tp);
            consumer.assign(assignment);
            consumer.seek(tp, start);
            ShardSet.Owned owned = new ShardSet.Owned(shard);
            owned.ready = start >= end;
            loadUntil.put(partition, end);
            shards.add(owned);
            log.info("cache shard {}: {} (topic end {})", tp, how, end);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cache shard of " + tp, e);
        }
    }

    private void release(int partition) {
        ShardSet.Owned owned = shards.remove(partition);
        if (owned == null) {
            return;
        }
        TopicPartition tp = new TopicPartition(topic.name(), partition);
        try {
            commit(owned.shard, tp);
        } catch (IOException | KafkaException e) {
            log.warn("cache shard {}: could not commit before closing; the next owner re-reads from its last commit: {}",
                    tp, e.toString());
        }
        closeShard(owned.shard);
        Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
        assignment.remove(tp);
        consumer.assign(assignment);
        loadUntil.remove(partition);
        touchedTenants.remove(partition);
        log.info("cache shard {} released", tp);
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records) throws IOException {
        for (ConsumerRecord<String, byte[]> record : records) {
            ShardSet.Owned owned = shards.get(record.partition());
            if (owned == null) {
                continue; // released meanwhile
            }
            try {
                applyOne(owned.shard, record);
            } catch (SerializationException | IllegalArgumentException e) {
                log.error("cache entry {}-{}@{} (key {}) skipped: {}", record.topic(), record.partition(),
                        record.offset(), record.key(), e.getMessage());
            }
        }
    }

    private void applyOne(CacheShard shard, ConsumerRecord<String, byte[]> record) throws IOException {
        String key = record.key();
        if (key == null) {
            throw new IllegalArgumentException("a cache entry needs a key");
        }
        String tenant = CacheEntry.tenantOf(key);
        if (record.value() == null) {
            if (CacheEntry.isPurgeKey(key)) {
                List<String> purged = shard.purge(tenant);
                purged.forEach(k -> tombstone(record.partition(), k));
                log.info("cache shard {}-{}: purged {} entries of tenant {} at offset {}", record.topic(),
                        record.partition(), purged.size(), tenant, record.offset());
            } else {
                shard.delete(key);
            }
            return;
        }
        CacheEntry entry = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (!entry.kafkaKey().equals(key)) {
            throw new IllegalArgumentException("key " + key + " does not match the entry's " + entry.kafkaKey());
        }
        int home = TenantPartitions.partitionOf(tenant, partitionCount());
        if (home != record.partition()) {
            throw new IllegalArgumentException("tenant " + tenant + " belongs in partition " + home);
        }
        if (entry.expiresAtMs() <= clock.millis()) {
            shard.delete(key);
            return;
        }
        Optional<String> refused = answers.refusal(entry.content());
        if (refused.isPresent()) {
            // judged at store time: the answer is known now, and refusing costs no request latency
            log.debug("cache entry {}-{}@{} not stored: {}", record.topic(), record.partition(), record.offset(),
                    refused.get());
            shard.delete(key);
            return;
        }
        float[] vector = null;
        if (entry.prompt() != null) {
            try {
                vector = embeddings.embedReusing(entry.prompt());
            } catch (EmbeddingException e) {
                log.warn("cache entry {}-{}@{}: no embedding ({}); served by the exact tier only", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }
        shard.put(entry, vector);
        touchedTenants.computeIfAbsent(record.partition(), p -> new HashSet<>()).add(tenant);
    }

    private int partitionCount() {
        if (partitionCount < 0) {
            partitionCount = consumer.partitionsFor(topic.name()).size();
        }
        return partitionCount;
    }

    private void tombstone(int partition, String key) {
        pendingTombstones.add(producer.send(new ProducerRecord<>(topic.name(), partition, key, null)));
    }

    private void markLoaded() {
        for (ShardSet.Owned owned : shards.owned()) {
            if (!owned.ready) {
                int partition = owned.shard.partition();
                Long until = loadUntil.get(partition);
                if (until != null && consumer.position(new TopicPartition(topic.name(), partition)) >= until) {
                    try {
                        owned.shard.refreshNow();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    owned.ready = true;
                    log.info("cache shard {}-{} loaded: {} entries", topic.name(), partition, sizeOf(owned.shard));
                }
            }
        }
    }

    private static String sizeOf(CacheShard shard) {
        try {
            return Integer.toString(shard.size());
        } catch (IOException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private void trimTouchedTenants() throws IOException {
        for (var touched : touchedTenants.entrySet()) {
            ShardSet.Owned owned = shards.get(touched.getKey());
            if (owned == null) {
                continue;
            }
            for (String tenant : touched.getValue()) {
                List<String> trimmed = owned.shard.trimTenant(tenant, settings.maxEntriesFor(tenant));
                trimmed.forEach(k -> tombstone(touched.getKey(), k));
                if (!trimmed.isEmpty()) {
                    log.info("cache shard {}-{}: tenant {} over its cap of {}: {} oldest entries removed",
                            topic.name(), touched.getKey(), tenant, settings.maxEntriesFor(tenant), trimmed.size());
                }
            }
        }
        touchedTenants.clear();
    }

    private void sweepIfDue() throws IOException {
        if (System.nanoTime() - lastSweepNanos < EXPIRY_SWEEP_INTERVAL.toNanos()) {
            return;
        }
        lastSweepNanos = System.nanoTime();
        sweepExpired();
    }

    /** Deletes expired entries from every owned shard and from the topic. */
    void sweepExpired() throws IOException {
        for (ShardSet.Owned owned : shards.owned()) {
            List<String> expired = owned.shard.deleteExpired(clock.millis());
            expired.forEach(k -> tombstone(owned.shard.partition(), k));
            if (!expired.isEmpty()) {
                log.info("cache shard {}-{}: {} expired entries removed", topic.name(), owned.shard.partition(),
                        expired.size());
            }
        }
    }

    private void commitIfDue(boolean now) throws IOException {
        if (!now && System.nanoTime() - lastCommitNanos < settings.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        for (ShardSet.Owned owned : shards.owned()) {
            commit(owned.shard, new TopicPartition(topic.name(), owned.shard.partition()));
        }
    }

    private void commit(CacheShard shard, TopicPartition tp) throws IOException {
        awaitTombstones();
        shard.commit(consumer.position(tp), clock.millis());
    }

    /** Tombstones go out before a commit moves past what caused them. */
    private void awaitTombstones() {
        if (pendingTombstones.isEmpty()) {
            return;
        }
        producer.flush();
        for (Future<?> sent : pendingTombstones) {
            try {
                sent.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while sending tombstones", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new KafkaException("a tombstone could not be sent", e.getCause());
            }
        }
        pendingTombstones.clear();
    }

    private void closeAll() {
        for (ShardSet.Owned owned : shards.owned()) {
            shards.remove(owned.shard.partition());
            try {
                commit(owned.shard, new TopicPartition(topic.name(), owned.shard.partition()));
            } catch (IOException | RuntimeException e) {
                log.warn("cache shard {}: no commit at shutdown; the next start re-reads from its last commit: {}",
                        owned.shard.partition(), e.toString());
            }
            closeShard(owned.shard);
        }
        consumer.close();
    }

    private static void closeShard(CacheShard shard) {
        try {
            shard.close();
        } catch (IOException e) {
            log.error("cannot close cache shard {} at {}", shard.partition(), shard.path(), e);
        }
    }

    /** Stops the feed thread: commits and closes every shard, then the consumer. */
    @Override
    public void close() {
        closing = true;
        synchronized (commands) {
            commands.notifyAll();
        }
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            return;
        }
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.error("cache entry feed did not stop");
        }
    }
}
