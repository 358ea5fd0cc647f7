package io.llmgateway.cache.policy;

import io.llmgateway.cache.language.Lexicon;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges cacheability from the structure of the prompt and WordNet, not from phrases: chance
 * ({@link ChanceCues}), the asker's own data or missing context ({@link PersonalCues}), time
 * ({@link TimeCues}) and invention ({@link CreativeCues}). Any finding keeps the answer out of
 * the cache; the order only picks the most specific reason. A system prompt that describes the
 * user makes every answer personal.
 */
public final class LinguisticClassifier implements CacheabilityClassifier {

    /** A system prompt that tells the model about this user: the answer is theirs. */
    private static final Pattern USER_CONTEXT = Pattern.compile(
            "(?i)\\b(?:user|customer|client|patient|member|student|employee)(?:'s)?\\s+(?:[a-z]+\\s+){0,2}(?:is|are|:)"
            + "|\\b(?:talking|speaking|chatting)\\s+(?:to|with)\\b");

    private final Lexicon lexicon;
    private final Clock clock;

    public LinguisticClassifier(Lexicon lexicon, Clock clock) {
        this.lexicon = lexicon;
        this.clock = clock;
    }

    /** Sentence ends: a prompt may set a scene before it asks. */
    private static final Pattern SENTENCE_END = Pattern.compile(
            "(?<=[.!?:;])\\s+|\\n+|,\\s+(?=(?:what|which|who|when|where|why|how|is|are|can|do|does)\\b)");

    @Override
    public Cacheability classify(String systemPrompt, String userText) {
        Reading reading = new Reading(request(userText), lexicon);
        int year = clock.instant().atZone(ZoneOffset.UTC).getYear();
        String cue;
        if ((cue = ChanceCues.find(reading)) != null) {
            return Cacheability.not(Category.RANDOMNESS, cue);
        }
        if ((cue = PersonalCues.find(reading, year)) != null) {
            return Cacheability.not(Category.PERSONAL, cue);
        }
        if (PersonalCues.refersToMissingContext(new Reading(userText, lexicon))) {
            // the whole prompt, scene included: "I uploaded my report. Which values are off?"
            return Cacheability.not(Category.PERSONAL, "refers to context the prompt does not contain");
        }
        if ((cue = TimeCues.find(reading, year)) != null) {
            return Cacheability.not(Category.TIME_SENSITIVE, cue);
        }
        if ((cue = CreativeCues.find(reading)) != null) {
            return Cacheability.not(Category.CREATIVE, cue);
        }
        Matcher context = USER_CONTEXT.matcher(systemPrompt);
        if (context.find()) {
            return Cacheability.not(Category.PERSONAL, "the system prompt describes the user");
        }
        return Cacheability.CACHEABLE;
    }

    /**
     * The sentences that ask: "My kid has a project due tomorrow. What is magma?" asks what magma
     * is, and the first sentence only sets the scene. The questions and orders of the prompt, or
     * all of it when none is one.
     */
    private String request(String text) {
        String[] sentences = SENTENCE_END.split(text.strip());
        if (sentences.length < 2) {
            return text;
        }
        StringBuilder asks = new StringBuilder();
        for (String sentence : sentences) {
            Reading r = new Reading(sentence, lexicon);
            if (r.isQuestion() || r.imperativeVerb() >= 0) {
                asks.append(sentence).append(' ');
            }
        }
        return asks.isEmpty() ? text : asks.toString().strip();
    }
}
