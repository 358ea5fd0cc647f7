package io.llmgateway.schemas;

/**
 * What the cache service decided for a request it forwards to the router: the router copies
 * status and reason into the reply ({@code x-gateway-cache}, {@code x-gateway-cache-reason})
 * and the usage record, and stores the answer when {@code fill} is set.
 *
 * @param status {@link CacheStatus#MISS} or {@link CacheStatus#BYPASS} on a forwarded request
 * @param reason why, in a few words ({@code no_entry}, {@code time_sensitive: refers to the present moment}, ...)
 * @param fill set when the answer may be stored; null when it must not be
 */
public record CacheDecision(CacheStatus status, String reason, CacheFill fill) {

    public CacheDecision {
        Require.nonNull(status, "cache_decision.status");
        Require.nonBlank(reason, "cache_decision.reason");
    }
}
