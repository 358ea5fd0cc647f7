package io.llmgateway.cache.key;

/**
 * What the cache knows a request by.
 *
 * @param exactKey hash of the canonical request: equal only for requests that must get the
 *     same answer (tenant, model, every message, parameters, and any field a newer request
 *     format adds, such as tools)
 * @param scopeKey hash of the same without the conversation's user and assistant turns: model,
 *     system prompt, parameters, tools; a semantic hit must match it exactly
 * @param prompt the question of a single-turn request (one user message, no tools), else null:
 *     only such requests may be answered by the semantic tier
 * @param systemPrompt the system messages, joined; empty when none
 * @param userText the user messages, joined
 */
public record CacheKeys(String exactKey, String scopeKey, String prompt, String systemPrompt, String userText) {

    public boolean singleTurn() {
        return prompt != null;
    }
}
