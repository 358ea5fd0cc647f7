package io.llmgateway.safety.detect;

import io.llmgateway.safety.Detector;
import io.llmgateway.safety.Span;
import io.llmgateway.schemas.SafetyCategory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A heuristic for text that tries to take over the model's instructions: telling it to ignore or
 * forget what it was told before, to reveal its system prompt, or to switch into an unrestricted
 * persona. It only flags (the default policy logs it): plenty of honest prompts talk about these
 * things, and a determined attacker rephrases. Not measured on the labelled set (which has no
 * injection items): treat its counts as a signal to look, not a verdict.
 */
public final class PromptInjectionDetector implements Detector {

    private static final Pattern CUES = Pattern.compile("(?i)"
            + "\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:all\\s+|any\\s+|the\\s+|your\\s+|every\\s+)*"
            + "(?:previous|prior|above|earlier|preceding|system|original|initial)\\s+"
            + "(?:instructions?|prompts?|rules?|directions?|guidelines?|messages?)"
            + "|\\b(?:reveal|print|show|repeat|output|leak)\\s+(?:me\\s+)?(?:your|the)\\s+(?:system|hidden|initial)\\s+"
            + "(?:prompt|instructions?|message)"
            + "|\\byou\\s+are\\s+now\\s+(?:in\\s+)?(?:DAN|developer\\s+mode|jailbroken|unrestricted|unfiltered)\\b"
            + "|\\bdo\\s+anything\\s+now\\b");

    @Override
    public SafetyCategory category() {
        return SafetyCategory.PROMPT_INJECTION;
    }

    /** Words one of the cues starts with: the pattern is tried only where one of them starts. */
    private static final List<String> CUE_WORDS = List.of("ignor", "disregard", "forget", "overrid", "bypass",
            "reveal", "print", "show", "repeat", "output", "leak", "you are now", "do anything");

    @Override
    public void find(String text, List<Span> found) {
        String lower = PatternDetector.lowerCase(text);
        Matcher m = CUES.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (String word : CUE_WORDS) {
            for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
                m.region(at, text.length());
                if (m.lookingAt()) {
                    found.add(new Span(at, m.end(), SafetyCategory.PROMPT_INJECTION));
                }
            }
        }
    }
}
