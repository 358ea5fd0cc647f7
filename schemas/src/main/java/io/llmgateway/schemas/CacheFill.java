package io.llmgateway.schemas;

/**
 * The cache's request to the router: when this request's answer is complete (finish reason
 * stop, not streamed), publish it as a {@link CacheEntry} with these keys.
 *
 * @param prompt the single user question to embed; null for a multi-turn conversation
 * @param ttlMs how long the entry may be served
 */
public record CacheFill(String exactKey, String scopeKey, String prompt, long ttlMs) {

    public CacheFill {
        Require.nonBlank(exactKey, "cache_fill.exact_key");
        Require.nonBlank(scopeKey, "cache_fill.scope_key");
        if (ttlMs <= 0) {
            throw new IllegalArgumentException("cache_fill.ttl_ms must be > 0, was " + ttlMs);
        }
    }
}
