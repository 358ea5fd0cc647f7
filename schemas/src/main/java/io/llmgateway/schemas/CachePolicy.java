package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the caller allows the cache to do: from its {@code Cache-Control} header, or from the
 * record a batch job produces.
 */
public enum CachePolicy {
    /** Serve from and store to the cache when the gateway's own policy allows it. */
    @JsonProperty("default") DEFAULT,
    /** {@code no-cache}: do not serve a cached answer, but the fresh answer may be stored. */
    @JsonProperty("no_cache") NO_CACHE,
    /** {@code no-store}: neither serve nor store. */
    @JsonProperty("no_store") NO_STORE,
    /** Serve and store through the exact tier only: no semantic search (a batch job's cheap choice). */
    @JsonProperty("exact") EXACT,
    /** Both tiers, also for a batch job (whose default is the exact tier: see {@code cache.batch_semantic}). */
    @JsonProperty("semantic") SEMANTIC
}
