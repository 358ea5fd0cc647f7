package io.llmgateway.safety.detect;

import io.llmgateway.safety.Detector;
import io.llmgateway.safety.Span;
import io.llmgateway.schemas.SafetyCategory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector made of a candidate pattern and a check of each candidate (a checksum, a validator):
 * the pattern finds what looks right, the check keeps what is right. The span is the pattern's
 * group {@code value} when it has one, else the whole match.
 */
abstract class PatternDetector implements Detector {

    private final SafetyCategory category;
    private final Pattern candidates;
    private final boolean valueGroup;

    PatternDetector(SafetyCategory category, Pattern candidates) {
        this.category = category;
        this.candidates = candidates;
        this.valueGroup = candidates.pattern().contains("(?<value>");
    }

    @Override
    public final SafetyCategory category() {
        return category;
    }

    /** A cheap test that lets a text without any candidate skip the pattern. */
    boolean mayContain(String text) {
        return true;
    }

    /** Whether the candidate is a real finding. */
    abstract boolean accept(Matcher match, String text);

    @Override
    public final void find(String text, List<Span> found) {
        if (!mayContain(text)) {
            return;
        }
        Matcher m = candidates.matcher(text);
        while (m.find()) {
            if (accept(m, text)) {
                int start = valueGroup ? m.start("value") : m.start();
                int end = valueGroup ? m.end("value") : m.end();
                found.add(new Span(start, end, category));
            }
        }
    }

    /** The digits of a candidate, separators dropped. */
    static String digitsOf(CharSequence s) {
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }
}
