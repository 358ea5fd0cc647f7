package io.llmgateway.safety;

import io.llmgateway.schemas.SafetyCategory;

/** Where in a text a detector found something, and what: offsets only, never the text itself. */
public record Span(int start, int end, SafetyCategory category) {

    public Span {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span [" + start + ", " + end + ") is empty or negative");
        }
        if (category == null) {
            throw new IllegalArgumentException("span.category is required");
        }
    }

    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }
}
