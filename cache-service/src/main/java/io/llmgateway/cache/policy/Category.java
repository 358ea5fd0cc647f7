package io.llmgateway.cache.policy;

import java.util.Locale;

/** Why an answer must not come from (or go into) the cache. */
public enum Category {
    /** Changes with time: "today", "latest", prices, scores, weather. */
    TIME_SENSITIVE,
    /** About the user: their account, orders, files, history, or user context in the system prompt. */
    PERSONAL,
    /** Asks for a new piece of writing: poems, stories, slogans, names. */
    CREATIVE,
    /** Asks for chance: "pick a random", "surprise me", passwords. */
    RANDOMNESS;

    /** The name in config and reasons: {@code time_sensitive}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
