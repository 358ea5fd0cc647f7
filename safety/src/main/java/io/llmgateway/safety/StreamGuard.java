package io.llmgateway.safety;

import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Output filtering of one streamed answer with a bounded hold-back window. Pieces go in as the
 * provider sends them; what comes out is the text that is safe to pass on now, redacted. The last
 * {@code holdBack} characters stay behind until more text (or the end) shows whether they start a
 * secret or a card number, so one split across two, three or more chunks is still seen whole. The
 * window also never ends inside a run of non-blank characters or a finding, nor after an
 * unfinished PEM block, within a hard bound of 16 windows (8 KiB at least). Not thread-safe: one per stream.
 */
public final class StreamGuard {

    private static final String PEM_START = "-----BEGIN";
    /** Enough for a 4096-bit RSA key in PEM, the longest secret a window must hold whole. */
    private static final int MIN_HARD_BOUND = 8192;

    private final FilterChain chain;
    private final int holdBack;
    private final int maxHeld;
    private final StringBuilder pending = new StringBuilder();
    private final Map<SafetyCategory, Integer> counts = new EnumMap<>(SafetyCategory.class);
    private final Map<SafetyCategory, SafetyAction> actions = new EnumMap<>(SafetyCategory.class);
    private SafetyCategory blockedBy;

    public StreamGuard(FilterChain chain, int holdBack) {
        if (holdBack < 0) {
            throw new IllegalArgumentException("holdBack must be >= 0, was " + holdBack);
        }
        this.chain = chain;
        this.holdBack = holdBack;
        this.maxHeld = Math.max(16 * holdBack, MIN_HARD_BOUND);
    }

    /** The text that may go to the caller now (often empty); nothing at all once the answer is blocked. */
    public String accept(String piece) {
        if (blockedBy != null) {
            return "";
        }
        if (chain.isEmpty()) {
            return piece;
        }
        pending.append(piece);
        if (pending.length() <= holdBack) {
            return "";
        }
        String text = pending.toString();
        List<Span> spans = chain.spans(text);
        if (block(spans)) {
            return "";
        }
        int cut = cutPoint(text, spans);
        return cut <= 0 ? "" : emit(text, spans, cut);
    }

    /** The rest of the answer at its end, redacted; empty when blocked. */
    public String finish() {
        if (blockedBy != null || pending.isEmpty()) {
            return "";
        }
        String text = pending.toString();
        List<Span> spans = chain.spans(text);
        return block(spans) ? "" : emit(text, spans, text.length());
    }

    public boolean blocked() {
        return blockedBy != null;
    }

    public SafetyCategory blockedBy() {
        return blockedBy;
    }

    /** What was found in the answer so far, per category (counted when passed on or when blocking). */
    public List<FilterResult> results() {
        List<FilterResult> results = new ArrayList<>();
        counts.forEach((category, n) -> results.add(new FilterResult(FilterResult.Stage.OUTPUT, category,
                actions.get(category), n)));
        return results;
    }

    private boolean block(List<Span> spans) {
        for (Span span : spans) {
            if (chain.policy().action(span.category()) == SafetyAction.BLOCK) {
                blockedBy = span.category();
                counts.merge(span.category(), 1, Integer::sum);
                actions.put(span.category(), SafetyAction.BLOCK);
                pending.setLength(0);
                return true;
            }
        }
        return false;
    }

    private int cutPoint(String text, List<Span> spans) {
        int cut = text.length() - holdBack;
        int floor = text.length() - maxHeld;
        while (cut > 0 && cut > floor && !Character.isWhitespace(text.charAt(cut - 1))
                && !Character.isWhitespace(text.charAt(cut))) {
            cut--;
        }
        int pem = text.lastIndexOf(PEM_START);
        if (pem >= 0 && text.indexOf("-----END", pem) < 0) {
            cut = Math.min(cut, pem);
        }
        for (Span span : spans) {
            if (span.start() < cut && span.end() > cut) {
                cut = span.start();
            }
        }
        return Math.max(cut, Math.max(floor, 0));
    }

    private String emit(String text, List<Span> spans, int cut) {
        List<Span> passed = new ArrayList<>();
        for (Span span : spans) {
            if (span.end() <= cut) {
                passed.add(span);
            } else if (span.start() < cut) {
                passed.add(new Span(span.start(), cut, span.category())); // only when the hard bound forced the cut
            }
        }
        Verdict verdict = chain.decide(text.substring(0, cut), passed);
        verdict.counts().forEach((category, n) -> counts.merge(category, n, Integer::sum));
        actions.putAll(verdict.actions());
        pending.delete(0, cut);
        return verdict.text();
    }
}
