package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the content filters did to one request for one category: counts only, never the text.
 *
 * @param stage {@code input} (the prompt, at the ingress) or {@code output} (the answer, in the router)
 * @param count findings of the category in that stage
 */
public record FilterResult(Stage stage, SafetyCategory category, SafetyAction action, int count) {

    public enum Stage {
        @JsonProperty("input") INPUT,
        @JsonProperty("output") OUTPUT
    }

    public FilterResult {
        Require.nonNull(stage, "filter.stage");
        Require.nonNull(category, "filter.category");
        Require.nonNull(action, "filter.action");
        if (count < 1) {
            throw new IllegalArgumentException("filter.count must be >= 1");
        }
    }
}
