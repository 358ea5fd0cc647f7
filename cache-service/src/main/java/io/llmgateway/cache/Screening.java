package io.llmgateway.cache;

import io.llmgateway.cache.key.CacheKeys;
import io.llmgateway.schemas.CacheFill;

/**
 * What a request needs after the cheap checks (policy, classifier, keys): nothing more, or a
 * search of the index (the exact tier, then embedding and a kNN query), the costly part.
 */
public sealed interface Screening {

    /** Decided without the index: a bypass, forwarded as it is. */
    record Decided(Lookup.Forward forward) implements Screening {}

    /** Needs the index: the keys to search with, and what the router stores the answer under. */
    record Search(CacheKeys keys, CacheFill fill) implements Screening {}
}
