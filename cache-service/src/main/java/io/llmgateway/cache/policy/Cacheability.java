package io.llmgateway.cache.policy;

import java.util.Optional;

/**
 * A classifier's judgement of one request: cacheable (store and serve), or not (neither) with
 * the category and the feature that decided it.
 *
 * @param category null when the request may be cached
 * @param cue the feature that decided, in general words ("asks who holds a position now"): never
 *     words quoted from the prompt, so that a reason is safe to show and to log
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

    /** {@code time_sensitive: refers to the present moment}. */
    public String reason() {
        return cacheable() ? "cacheable" : category.label() + ": " + cue;
    }
}
