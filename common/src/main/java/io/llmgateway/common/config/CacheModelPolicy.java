package io.llmgateway.common.config;

import java.time.Duration;

/** A model alias's cache overrides; a null field keeps the default. */
public record CacheModelPolicy(Double similarityThreshold, Duration ttl) {

    public CacheModelPolicy {
        similarityThreshold = CacheSettings.threshold(similarityThreshold, null, "similarity_threshold");
        ttl = ttl == null ? null : CacheSettings.positive(ttl, null, "ttl");
    }
}
