package io.llmgateway.cache.policy;

import java.util.Optional;

/**
 * A classifier's judgement of one request: cacheable (store and serve), or not (neither) with
 * the category and the words that decided it.
 *
 * @param category null when the request may be cached
 * @param cue the words that decided, for {@code x-gateway-cache-reason}
 */
public record Cacheability(Category category, String cue) {

    public static final Cacheability CACHEABLE = new Cacheability(null, null);

    public static Cacheability not(Category category, String cue) {
        return new Cacheability(category, cue);
    }

    public boolean cacheable() {
        return category == null;
    }

    public Optional<Category> refusal() {
        return Optional.ofNullable(category);
    }

    /** {@code time_sensitive: "today"}. */
    public String reason() {
        return cacheable() ? "cacheable" : category.label() + ": \"" + cue + "\"";
    }
}
