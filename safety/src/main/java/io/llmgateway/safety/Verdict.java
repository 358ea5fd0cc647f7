package io.llmgateway.safety;

import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a filter chain answers for a text: allow (nothing found), flag (found and logged), redact
 * (with the spans replaced), or block, with the counts per category. It holds the text as it may
 * pass on (redacted), never what was matched.
 *
 * @param text the text with every redacted span replaced; the input itself when nothing was redacted
 * @param blockedBy the category that blocks the text; null when it may pass
 * @param counts findings per category, with the action the policy took
 */
public record Verdict(Decision decision, String text, SafetyCategory blockedBy,
                      Map<SafetyCategory, Integer> counts, Map<SafetyCategory, SafetyAction> actions) {

    public enum Decision { ALLOW, FLAG, REDACT, BLOCK }

    public Verdict {
        if (decision == null || text == null) {
            throw new IllegalArgumentException("verdict.decision and verdict.text are required");
        }
        if ((decision == Decision.BLOCK) != (blockedBy != null)) {
            throw new IllegalArgumentException("a blocking verdict names its category, and only a blocking one");
        }
        counts = counts.isEmpty() ? Map.of() : new EnumMap<>(counts);
        actions = actions.isEmpty() ? Map.of() : new EnumMap<>(actions);
    }

    public static Verdict allow(String text) {
        return new Verdict(Decision.ALLOW, text, null, Map.of(), Map.of());
    }

    public boolean blocked() {
        return decision == Decision.BLOCK;
    }

    /** The counts as usage-record entries of the given stage. */
    public List<FilterResult> results(FilterResult.Stage stage) {
        return counts.entrySet().stream()
                .map(e -> new FilterResult(stage, e.getKey(), actions.get(e.getKey()), e.getValue()))
                .toList();
    }
}
