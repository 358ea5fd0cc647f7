package io.llmgateway.common.config;

import java.time.Duration;
import java.util.Set;

/**
 * A tenant's cache overrides; a null field keeps the default.
 *
 * @param allow classifier categories the tenant accepts to have cached anyway (for example
 *     {@code creative} for a tenant that wants one fixed slogan per product); time_sensitive
 *     and personal cannot be allowed
 */
public record CacheTenantPolicy(Double similarityThreshold, Duration ttl, Integer maxEntries, Set<String> allow) {

    /** Never overridable: serving them from a cache is wrong for everyone. */
    public static final Set<String> ALWAYS_BYPASSED = Set.of("time_sensitive", "personal");

    public CacheTenantPolicy {
        similarityThreshold = CacheSettings.threshold(similarityThreshold, null, "similarity_threshold");
        ttl = ttl == null ? null : CacheSettings.positive(ttl, null, "ttl");
        if (maxEntries != null && maxEntries < 1) {
            throw new IllegalArgumentException("max_entries must be >= 1, was " + maxEntries);
        }
        allow = allow == null ? Set.of() : Set.copyOf(allow);
        for (String category : allow) {
            if (ALWAYS_BYPASSED.contains(category)) {
                throw new IllegalArgumentException("allow: '" + category + "' answers are never cached");
            }
        }
    }
}
