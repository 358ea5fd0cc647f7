package io.llmgateway.safety.detect;

import io.llmgateway.safety.Detector;
import io.llmgateway.safety.Span;
import io.llmgateway.schemas.SafetyCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A tenant's own block list: words and phrases (case-insensitive, whole words) and regular expressions. */
public final class BlocklistDetector implements Detector {

    private final List<Pattern> patterns;

    public BlocklistDetector(List<String> words, List<Pattern> patterns) {
        List<Pattern> all = new ArrayList<>(patterns);
        if (!words.isEmpty()) {
            StringBuilder alternatives = new StringBuilder();
            for (String word : words) {
                alternatives.append(alternatives.isEmpty() ? "" : "|").append(Pattern.quote(word.strip()));
            }
            all.add(Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternatives + ")(?![\\p{L}\\p{N}_])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        this.patterns = List.copyOf(all);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public SafetyCategory category() {
        return SafetyCategory.BLOCKLIST;
    }

    @Override
    public void find(String text, List<Span> found) {
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) {
                    found.add(new Span(m.start(), m.end(), SafetyCategory.BLOCKLIST));
                }
            }
        }
    }
}
