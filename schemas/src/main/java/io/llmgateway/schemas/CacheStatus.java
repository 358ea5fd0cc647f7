package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the cache did for a request; surfaced to callers as {@code x-gateway-cache}. */
public enum CacheStatus {
    @JsonProperty("hit") HIT,
    @JsonProperty("semantic_hit") SEMANTIC_HIT,
    @JsonProperty("miss") MISS,
    @JsonProperty("bypass") BYPASS
}
