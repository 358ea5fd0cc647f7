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

    /**
     * The regions of the text where a candidate may be, by start (lookarounds still see past
     * them); null: the whole text.
     */
    List<int[]> regions(String text) {
        return null;
    }

    /** Whether the candidate is a real finding. */
    abstract boolean accept(Matcher match, String text);

    @Override
    public final void find(String text, List<Span> found) {
        if (!mayContain(text)) {
            return;
        }
        Matcher m = candidates.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        List<int[]> regions = regions(text);
        if (regions == null) {
            collect(m, text, found);
            return;
        }
        int start = -1;
        int end = -1;
        for (int[] region : regions) { // sorted by start; overlapping ones are scanned as one
            if (start >= 0 && region[0] > end) {
                m.region(start, end);
                collect(m, text, found);
                start = -1;
            }
            if (start < 0) {
                start = region[0];
            }
            end = Math.max(end, region[1]);
        }
        if (start >= 0) {
            m.region(start, end);
            collect(m, text, found);
        }
    }

    private void collect(Matcher m, String text, List<Span> found) {
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

    /** Lower case char by char, so that offsets stay those of the text (String.toLowerCase may change lengths). */
    static String lowerCase(String text) {
        char[] chars = new char[text.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(text.charAt(i));
        }
        return new String(chars);
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
