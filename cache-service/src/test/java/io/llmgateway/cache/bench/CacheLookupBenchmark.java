package io.llmgateway.cache.bench;

import io.llmgateway.cache.CacheLookup;
import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.cache.embed.RecentEmbeddings;
import io.llmgateway.cache.index.CacheShard;
import io.llmgateway.cache.index.ShardSet;
import io.llmgateway.cache.key.CacheKeys;
import io.llmgateway.cache.key.CanonicalRequest;
import io.llmgateway.cache.policy.LearnedCacheability;
import io.llmgateway.cache.policy.LinguisticClassifier;
import io.llmgateway.cache.language.Lexicon;
import io.llmgateway.common.config.CacheSettings;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.TokenUsage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Lookup latency, embedding throughput, index size and heap of the cache, on a real Lucene shard
 * with the real embedding model. Not a test (timings on a shared machine are noisy): run it with
 * <pre>./mvnw -q -pl cache-service test-compile exec... or, simpler:
 * java --add-modules jdk.incubator.vector -cp "cache-service/target/test-classes:cache-service/target/classes:$(cat cp.txt)" \
 *     io.llmgateway.cache.bench.CacheLookupBenchmark 10000 100000</pre>
 * (see cache-service/README.md). Entries spread over 20 tenants, all of one model and scope.
 * Their questions come from a pool of 2,000 generated questions that are embedded for real; to
 * build 100k entries in minutes rather than an hour, entry vectors are the pool's vectors with
 * noise (little for the first copy of a question, more for the further copies, which stand for
 * other questions). Queries are real: a reworded pool question of the tenant that has it,
 * embedded per lookup.
 */
public final class CacheLookupBenchmark {

    private static final int TENANTS = 20;
    private static final int POOL = 2_000;
    private static final int WARMUP = 300;
    private static final int QUERIES = 2_000;
    private static final String MODEL = "gpt-4o-mini";

    private CacheLookupBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000);
        }
        System.out.printf("machine: %d cores, max heap %d MB, %s %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            List<String> pool = Questions.generate(POOL);
            float[][] vectors = new float[pool.size()][];
            for (int i = 0; i < 200; i++) {
                embedder.embed(pool.get(i)); // warm the ONNX session
            }
            long start = System.nanoTime();
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            for (int i = 0; i < pool.size(); i++) {
                vectors[i] = embedder.embed(pool.get(i));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("embedding: %d questions in %.1f s = %.0f per second on one thread (%.2f ms each; "
                            + "%.2f ms of this thread's CPU each); load average %.1f%n", pool.size(), seconds,
                    pool.size() / seconds, seconds * 1000 / pool.size(), cpuSeconds * 1000 / pool.size(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            for (int size : sizes) {
                run(size, pool, vectors, embedder);
            }
        }
    }

    private static void run(int size, List<String> pool, float[][] vectors, MiniLmEmbedder embedder)
            throws IOException {
        Path dir = Files.createTempDirectory("cache-bench-");
        Random random = new Random(42);
        Clock clock = Clock.systemUTC();
        long now = clock.millis();
        try (CacheShard shard = new CacheShard(0, dir)) {
            long start = System.nanoTime();
            for (int i = 0; i < size; i++) {
                int q = i % pool.size();
                String tenant = "tenant-" + (i % TENANTS);
                // Entry i asks pool question q, worded as a request of tenant i % TENANTS would be.
                CacheKeys keys = CanonicalRequest.keysOf(request(tenant, variant(pool.get(q), i / pool.size())));
                CacheEntry entry = new CacheEntry(tenant, MODEL, keys.exactKey(), keys.scopeKey(), keys.prompt(),
                        "answer " + i, FinishReason.STOP, MODEL, "bench", new TokenUsage(20, 50, 0), "r" + i, now,
                        now + 86_400_000L);
                // The first copy of a question sits next to its pool vector; further copies are other
                // questions in reality, so their vectors land farther away (cosine about 0.75).
                shard.put(entry, noisy(vectors[q], i < pool.size() ? 0.005 : 0.04, random));
            }
            shard.commit(size, now);
            double indexSeconds = (System.nanoTime() - start) / 1e9;
            shard.refreshNow();

            ShardSet shards = new ShardSet();
            shards.adopt(shard);
            // No memo of recent vectors: every lookup pays for its embedding, as a new question does.
            CacheLookup lookup = new CacheLookup(CacheSettings.DEFAULTS, shards, new RecentEmbeddings(embedder, 0),
                    new LinguisticClassifier(Lexicon.shared(), clock),
                    LearnedCacheability.shipped(CacheSettings.DEFAULT_MIN_FACTUAL_PROBABILITY), clock);
            Histogram search = new Histogram(3);
            Histogram whole = new Histogram(3);
            // CPU time of the calling thread: what a lookup costs without the waits a shared machine
            // adds (the ONNX runtime may run part of an embedding on its own threads: a lower bound).
            Histogram searchCpu = new Histogram(3);
            Histogram wholeCpu = new Histogram(3);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int hits = 0;
            for (int i = 0; i < WARMUP + QUERIES; i++) {
                int q = random.nextInt(Math.min(size, pool.size()));
                String tenant = "tenant-" + (q % TENANTS); // the tenant that has this question
                String asked = reworded(pool.get(q));
                GatewayRequest request = request(tenant, asked);
                CacheKeys keys = CanonicalRequest.keysOf(request);
                float[] vector = embedder.embed(asked);

                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                shard.nearest(tenant, MODEL, keys.scopeKey(), vector, CacheSettings.DEFAULTS.candidates(), now);
                long t1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                var result = lookup.lookup(request, 0);
                long t2 = System.nanoTime();
                long c2 = threads.getCurrentThreadCpuTime();
                if (i >= WARMUP) {
                    search.recordValue(t1 - t0);
                    whole.recordValue(t2 - t1);
                    searchCpu.recordValue(c1 - c0);
                    wholeCpu.recordValue(c2 - c1);
                    hits += result instanceof io.llmgateway.cache.Lookup.Hit ? 1 : 0;
                }
            }
            // A batch job's lookups: exact tier, embedding and policy, no semantic search (the default
            // for batch requests). Lookups per second per core = 1 / CPU time per lookup.
            Histogram batchCpu = new Histogram(3);
            long batchStart = System.nanoTime();
            for (int i = 0; i < WARMUP + QUERIES; i++) {
                int q = random.nextInt(Math.min(size, pool.size()));
                GatewayRequest request = request("tenant-" + (q % TENANTS), reworded(pool.get(q)), Priority.BATCH);
                long c0 = threads.getCurrentThreadCpuTime();
                lookup.lookup(request, 0);
                if (i >= WARMUP) {
                    batchCpu.recordValue(threads.getCurrentThreadCpuTime() - c0);
                }
            }
            double batchSeconds = (System.nanoTime() - batchStart) / 1e9;
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("%,d entries (%d tenants, %,d per tenant): indexed in %.1f s (%.0f/s), index %.1f MB on "
                            + "disk in %d segments, heap used after GC %.0f MB%n", size, TENANTS, size / TENANTS,
                    indexSeconds, size / indexSeconds, sizeOf(dir) / 1e6, shard.segments(), heap / 1e6);
            System.out.printf("  Lucene filtered kNN search (k=%d): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    CacheSettings.DEFAULTS.candidates(), search.getValueAtPercentile(50) / 1e6,
                    search.getValueAtPercentile(99) / 1e6, search.getMaxValue() / 1e6);
            System.out.printf("  whole semantic lookup (keys, classifier, exact tier, embedding, kNN, verifier): "
                            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d of %d were semantic hits%n",
                    whole.getValueAtPercentile(50) / 1e6, whole.getValueAtPercentile(99) / 1e6,
                    whole.getMaxValue() / 1e6, hits, QUERIES);
            System.out.printf("  thread CPU time: search p50 %.2f ms, p99 %.2f ms; whole lookup p50 %.2f ms, p99 %.2f ms%n",
                    searchCpu.getValueAtPercentile(50) / 1e6, searchCpu.getValueAtPercentile(99) / 1e6,
                    wholeCpu.getValueAtPercentile(50) / 1e6, wholeCpu.getValueAtPercentile(99) / 1e6);
            System.out.printf("  batch lookup (exact tier, embedding, policy; no semantic search): thread CPU p50 %.2f ms, "
                            + "p99 %.2f ms = %.0f lookups/s per core at p50 (%.0f/s measured on one thread)%n",
                    batchCpu.getValueAtPercentile(50) / 1e6, batchCpu.getValueAtPercentile(99) / 1e6,
                    1e9 / batchCpu.getValueAtPercentile(50), (WARMUP + QUERIES) / batchSeconds);
            System.out.printf("  load average now: %.1f%n", ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static GatewayRequest request(String tenant, String question) {
        return request(tenant, question, null);
    }

    private static GatewayRequest request(String tenant, String question, Priority priority) {
        long now = System.currentTimeMillis();
        return new GatewayRequest("b-" + System.nanoTime(), tenant, "default", "key", MODEL,
                List.of(ChatMessage.user(question)), null, false, "llm.replies.bench", now, now + 60_000, priority,
                null, null, 10, null);
    }

    /** Copies of a pool question beyond the pool's size differ in wording only. */
    private static String variant(String question, int copy) {
        return copy == 0 ? question : question + " (variant " + copy + ")";
    }

    /** A rewording the verifier accepts: framing words only. */
    private static String reworded(String question) {
        return "Please explain: " + question;
    }

    private static float[] noisy(float[] vector, double sigma, Random random) {
        float[] out = new float[vector.length];
        double norm = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = vector[i] + (float) (random.nextGaussian() * sigma);
            norm += out[i] * out[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return out;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
