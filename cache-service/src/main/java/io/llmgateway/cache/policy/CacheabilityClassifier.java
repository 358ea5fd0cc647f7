package io.llmgateway.cache.policy;

/**
 * Judges whether a request's answer may be cached at all: only deterministic, factual questions
 * may; time-sensitive, personal, creative and random ones may not. Rules first
 * ({@link LinguisticClassifier}: fast, explainable, read with WordNet); {@link LearnedCacheability}
 * judges the question's embedding after it, in the lookup.
 */
public interface CacheabilityClassifier {

    /**
     * @param systemPrompt the system messages joined, empty when none
     * @param userText the user messages joined
     */
    Cacheability classify(String systemPrompt, String userText);
}
