package io.llmgateway.cache;

import io.llmgateway.cache.index.CachedAnswer;
import io.llmgateway.schemas.CacheDecision;
import io.llmgateway.schemas.CacheStatus;

/** What the cache does with one request: answer it, or forward it to the router with a decision. */
public sealed interface Lookup {

    /** Answered from the cache: {@link CacheStatus#HIT} or {@link CacheStatus#SEMANTIC_HIT}. */
    record Hit(CachedAnswer answer, CacheStatus status, String reason) implements Lookup {}

    /** Goes on to the router: a miss or a bypass, and whether the answer may be stored. */
    record Forward(CacheDecision decision) implements Lookup {}
}
