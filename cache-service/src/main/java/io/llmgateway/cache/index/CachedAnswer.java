package io.llmgateway.cache.index;

import io.llmgateway.schemas.TokenUsage;

/**
 * An entry found by a lookup.
 *
 * @param similarity cosine similarity to the asked question (1 for an exact hit)
 */
public record CachedAnswer(String kafkaKey, String prompt, String content, String modelServed, String provider,
                           TokenUsage usage, long createdAtMs, double similarity) {
}
