package io.llmgateway.schemas;

/**
 * One cached answer on the compacted {@code llm.cache.entries} topic, the cache's source of
 * truth. Its Kafka key is {@link #kafkaKey(String, String)} (tenant and exact key), so the topic
 * keeps the latest answer per tenant and request; it is written to the partition of its tenant
 * (the partition {@code llm.admitted} gives the tenant), so the cache instance that serves a
 * tenant's requests also owns that tenant's entries.
 *
 * <p>A null value (tombstone) removes the entry of its key; a tombstone under
 * {@link #purgeKey(String)} removes every entry of the tenant written before it.
 *
 * @param exactKey hash of the canonical request (tenant, model, system prompt, messages,
 *     sampling parameters and whatever else the request carries that can change the answer)
 * @param scopeKey hash of everything but the user's question (model, system prompt, parameters):
 *     a semantic hit must match it exactly
 * @param prompt the user's question of a single-turn request, embedded for the semantic tier;
 *     null for a multi-turn conversation, which only the exact tier may answer
 * @param usage the tokens the provider spent on it, for reporting what hits saved
 * @param requestId the request whose answer this is
 */
public record CacheEntry(
        String tenantId,
        String model,
        String exactKey,
        String scopeKey,
        String prompt,
        String content,
        FinishReason finishReason,
        String modelServed,
        String provider,
        TokenUsage usage,
        String requestId,
        long createdAtMs,
        long expiresAtMs) {

    /** Separates tenant and exact key in the Kafka key; never part of a tenant id. */
    public static final char KEY_SEPARATOR = '/';

    public CacheEntry {
        Require.nonBlank(tenantId, "tenant_id");
        if (tenantId.indexOf(KEY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("tenant_id must not contain '" + KEY_SEPARATOR + "'");
        }
        Require.nonBlank(model, "model");
        Require.nonBlank(exactKey, "exact_key");
        Require.nonBlank(scopeKey, "scope_key");
        Require.nonNull(content, "content");
        Require.nonNull(finishReason, "finish_reason");
        if (finishReason != FinishReason.STOP) {
            throw new IllegalArgumentException("only complete answers (finish_reason stop) are cached, was "
                    + finishReason);
        }
        usage = usage == null ? TokenUsage.NONE : usage;
        Require.nonNegative(createdAtMs, "created_at_ms");
        if (expiresAtMs <= createdAtMs) {
            throw new IllegalArgumentException("expires_at_ms must be after created_at_ms");
        }
    }

    /** This entry's key on the topic. */
    public String kafkaKey() {
        return kafkaKey(tenantId, exactKey);
    }

    public static String kafkaKey(String tenantId, String exactKey) {
        return tenantId + KEY_SEPARATOR + exactKey;
    }

    /** The key of a tenant's purge marker (a tombstone): every earlier entry of the tenant is gone. */
    public static String purgeKey(String tenantId) {
        return tenantId + KEY_SEPARATOR + "*";
    }

    /** The tenant part of a key on the topic. */
    public static String tenantOf(String kafkaKey) {
        int at = kafkaKey.indexOf(KEY_SEPARATOR);
        if (at <= 0) {
            throw new IllegalArgumentException("not a cache entry key: " + kafkaKey);
        }
        return kafkaKey.substring(0, at);
    }

    public static boolean isPurgeKey(String kafkaKey) {
        return kafkaKey.endsWith(KEY_SEPARATOR + "*");
    }
}
