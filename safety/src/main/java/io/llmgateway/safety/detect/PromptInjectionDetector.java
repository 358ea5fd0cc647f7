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

    @Override
    public void find(String text, List<Span> found) {
        Matcher m = CUES.matcher(text);
        while (m.find()) {
            found.add(new Span(m.start(), m.end(), SafetyCategory.PROMPT_INJECTION));
        }
    }
}
