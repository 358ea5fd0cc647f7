package io.llmgateway.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cache service and the cache policy (the {@code cache} section).
 *
 * @param enabled false forwards every request to the router as a bypass
 * @param indexDir where the Lucene shards live; null: a temp directory, rebuilt from the topic
 *     at every start
 * @param adminHost where the admin endpoint (per-tenant purge) listens
 * @param adminPort its port; 0 (the default) picks a free one and logs it, -1 runs none
 * @param ttl how long an entry is served, unless a tenant or model says less
 * @param maxEntriesPerTenant entries kept per tenant; the oldest go first
 * @param maxTemperature requests with a higher temperature bypass the cache (0: only
 *     deterministic requests; a request that sets no temperature counts as 0)
 * @param similarityThreshold least cosine similarity for the semantic tier to propose a
 *     candidate (the verifier decides the hit)
 * @param candidates how many nearest neighbours one semantic lookup asks Lucene for (k); the
 *     best that passes the verifier wins
 * @param batchSemantic whether batch requests search the semantic tier by default (false: the
 *     exact tier only, unless a record asks for {@code cache_policy: semantic}); a filtered vector
 *     search over a job's thousands of similar prompts costs more than the job saves
 * @param minFactualProbability the cacheability model's least probability that a question is
 *     plain and factual for its answer to be cached (higher: fewer answers cached, fewer wrong)
 * @param refreshInterval how often new entries become visible to lookups (searcher refresh)
 * @param commitInterval how often a shard commits to disk with its topic offset
 * @param rebuildAfter a shard whose last commit is older than this is rebuilt from the start of
 *     the topic: tombstones older than the topic's {@code delete.retention.ms} may be gone
 * @param uncacheableTenants tenants that never use the cache
 * @param uncacheableModels model aliases that never use the cache
 * @param tenants per-tenant overrides
 * @param models per-model overrides
 */
public record CacheSettings(
        String groupId,
        Boolean enabled,
        String indexDir,
        String adminHost,
        Integer adminPort,
        Duration ttl,
        int maxEntriesPerTenant,
        Double maxTemperature,
        Double similarityThreshold,
        int candidates,
        Double minFactualProbability,
        Boolean batchSemantic,
        CacheEmbedderSettings embedder,
        Duration refreshInterval,
        Duration commitInterval,
        Duration rebuildAfter,
        Set<String> uncacheableTenants,
        Set<String> uncacheableModels,
        Map<String, CacheTenantPolicy> tenants,
        Map<String, CacheModelPolicy> models) {

    /** Only proposes: the verifier decides. Chosen on the dev pairs (precision 1.0 from 0.70 to 0.90, recall highest at 0.70). */
    public static final double DEFAULT_SIMILARITY_THRESHOLD = 0.70;

    /** Chosen on the dev split of the labelled prompts: no uncacheable prompt served there. */
    public static final double DEFAULT_MIN_FACTUAL_PROBABILITY = 0.5;

    public static final CacheSettings DEFAULTS = new CacheSettings((String) null);

    public CacheSettings {
        groupId = groupId == null || groupId.isBlank() ? "llm-cache" : groupId;
        enabled = enabled == null || enabled;
        adminHost = adminHost == null || adminHost.isBlank() ? "127.0.0.1" : adminHost;
        adminPort = adminPort == null ? 0 : adminPort;
        if (adminPort < -1 || adminPort > 65535) {
            throw new IllegalArgumentException("admin_port must be -1 (none), 0 (any) or a port, was " + adminPort);
        }
        ttl = positive(ttl, Duration.ofHours(24), "ttl");
        maxEntriesPerTenant = maxEntriesPerTenant <= 0 ? 100_000 : maxEntriesPerTenant;
        maxTemperature = maxTemperature == null ? 0.0 : maxTemperature;
        similarityThreshold = threshold(similarityThreshold, DEFAULT_SIMILARITY_THRESHOLD, "similarity_threshold");
        candidates = candidates <= 0 ? 8 : candidates;
        minFactualProbability = threshold(minFactualProbability, DEFAULT_MIN_FACTUAL_PROBABILITY,
                "min_factual_probability");
        batchSemantic = batchSemantic != null && batchSemantic;
        embedder = embedder == null ? CacheEmbedderSettings.DEFAULTS : embedder;
        refreshInterval = positive(refreshInterval, Duration.ofMillis(50), "refresh_interval");
        commitInterval = positive(commitInterval, Duration.ofSeconds(10), "commit_interval");
        rebuildAfter = positive(rebuildAfter, Duration.ofHours(12), "rebuild_after");
        uncacheableTenants = uncacheableTenants == null ? Set.of() : Set.copyOf(uncacheableTenants);
        uncacheableModels = uncacheableModels == null ? Set.of() : Set.copyOf(uncacheableModels);
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    /** Defaults but for the consumer group. */
    public CacheSettings(String groupId) {
        this(groupId, null, null, null, null, null, 0, null, null, 0, null, null, null, null, null, null, null, null,
                null, null);
    }

    static Duration positive(Duration value, Duration fallback, String field) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    static Double threshold(Double value, Double fallback, String field) {
        if (value == null) {
            return fallback;
        }
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(field + " must be between 0 and 1, was " + value);
        }
        return value;
    }

    /** Whether the policy keeps this tenant or model out of the cache altogether. */
    public boolean uncacheable(String tenant, String model) {
        return uncacheableTenants.contains(tenant) || uncacheableModels.contains(model);
    }

    /** The stricter of the tenant's and the model's threshold, else the default. */
    public double similarityThresholdFor(String tenant, String model) {
        Double byTenant = tenants.containsKey(tenant) ? tenants.get(tenant).similarityThreshold() : null;
        Double byModel = models.containsKey(model) ? models.get(model).similarityThreshold() : null;
        if (byTenant == null && byModel == null) {
            return similarityThreshold;
        }
        return Math.max(byTenant == null ? 0 : byTenant, byModel == null ? 0 : byModel);
    }

    /** The shortest of the default, the tenant's and the model's time to live. */
    public Duration ttlFor(String tenant, String model) {
        Duration shortest = ttl;
        Duration byTenant = tenants.containsKey(tenant) ? tenants.get(tenant).ttl() : null;
        Duration byModel = models.containsKey(model) ? models.get(model).ttl() : null;
        for (Duration d : List.of(byTenant == null ? ttl : byTenant, byModel == null ? ttl : byModel)) {
            if (d.compareTo(shortest) < 0) {
                shortest = d;
            }
        }
        return shortest;
    }

    public int maxEntriesFor(String tenant) {
        CacheTenantPolicy policy = tenants.get(tenant);
        return policy == null || policy.maxEntries() == null ? maxEntriesPerTenant : policy.maxEntries();
    }

    /** Classifier categories (creative, randomness, ...) this tenant still wants cached. */
    public Set<String> allowedCategoriesFor(String tenant) {
        CacheTenantPolicy policy = tenants.get(tenant);
        return policy == null ? Set.of() : policy.allow();
    }

    /** The same settings with the admin endpoint on {@code port} (-1: none, as when it is served elsewhere). */
    public CacheSettings withAdminPort(int port) {
        return new CacheSettings(groupId, enabled, indexDir, adminHost, port, ttl, maxEntriesPerTenant, maxTemperature,
                similarityThreshold, candidates, minFactualProbability, batchSemantic, embedder, refreshInterval,
                commitInterval, rebuildAfter, uncacheableTenants, uncacheableModels, tenants, models);
    }
}
