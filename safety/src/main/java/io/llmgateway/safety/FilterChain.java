package io.llmgateway.safety;

import io.llmgateway.common.config.SafetyPolicy;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The detectors one tenant and model run, with the policy's action for each category: a text goes
 * in, a {@link Verdict} comes out. Detectors of categories the policy turns off do not run.
 * Overlapping findings of one category count once; a redacted region swallows whatever else
 * overlaps it. Thread-safe.
 */
public final class FilterChain {

    private final List<Detector> detectors;
    private final SafetyPolicy policy;

    public FilterChain(List<Detector> detectors, SafetyPolicy policy) {
        this.policy = policy;
        this.detectors = detectors.stream().filter(d -> policy.action(d.category()) != SafetyAction.OFF).toList();
    }

    public boolean isEmpty() {
        return detectors.isEmpty();
    }

    public SafetyPolicy policy() {
        return policy;
    }

    /** Every finding in the text, merged per category (overlapping spans of one category become one), by start. */
    public List<Span> spans(String text) {
        List<Span> found = new ArrayList<>();
        for (Detector detector : detectors) {
            detector.find(text, found);
        }
        if (found.size() < 2) {
            return found;
        }
        found.sort(Comparator.comparingInt(Span::start).thenComparing(Span::category));
        List<Span> merged = new ArrayList<>(found.size());
        for (Span span : found) {
            Span same = null;
            for (int i = merged.size() - 1; i >= 0 && same == null; i--) {
                Span previous = merged.get(i);
                if (previous.category() == span.category() && previous.overlaps(span)) {
                    same = previous;
                    merged.set(i, new Span(previous.start(), Math.max(previous.end(), span.end()), span.category()));
                }
            }
            if (same == null) {
                merged.add(span);
            }
        }
        return merged;
    }

    public Verdict inspect(String text) {
        if (detectors.isEmpty() || text.isEmpty()) {
            return Verdict.allow(text);
        }
        return decide(text, spans(text));
    }

    /** The verdict for spans found in text: block, redact, flag or allow. */
    public Verdict decide(String text, List<Span> spans) {
        if (spans.isEmpty()) {
            return Verdict.allow(text);
        }
        Map<SafetyCategory, Integer> counts = new EnumMap<>(SafetyCategory.class);
        Map<SafetyCategory, SafetyAction> actions = new EnumMap<>(SafetyCategory.class);
        SafetyCategory blockedBy = null;
        List<Span> redacted = new ArrayList<>();
        for (Span span : spans) {
            SafetyAction action = policy.action(span.category());
            counts.merge(span.category(), 1, Integer::sum);
            actions.put(span.category(), action);
            if (action == SafetyAction.BLOCK && (blockedBy == null || span.category().compareTo(blockedBy) < 0)) {
                blockedBy = span.category();
            } else if (action == SafetyAction.REDACT) {
                redacted.add(span);
            }
        }
        if (blockedBy != null) {
            return new Verdict(Verdict.Decision.BLOCK, text, blockedBy, counts, actions);
        }
        if (redacted.isEmpty()) {
            return new Verdict(Verdict.Decision.FLAG, text, null, counts, actions);
        }
        return new Verdict(Verdict.Decision.REDACT, redact(text, redacted), null, counts, actions);
    }

    /** The text with each region replaced by {@code [redacted:<category>]}; overlapping regions become one. */
    static String redact(String text, List<Span> spans) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        int i = 0;
        while (i < spans.size()) {
            Span first = spans.get(i);
            int end = first.end();
            i++;
            while (i < spans.size() && spans.get(i).start() < end) {
                end = Math.max(end, spans.get(i).end());
                i++;
            }
            if (first.start() >= at) {
                out.append(text, at, first.start());
            }
            out.append(marker(first.category()));
            at = Math.max(at, end);
        }
        return out.append(text, Math.min(at, text.length()), text.length()).toString();
    }

    public static String marker(SafetyCategory category) {
        return "[redacted:" + category.wireName() + "]";
    }
}
