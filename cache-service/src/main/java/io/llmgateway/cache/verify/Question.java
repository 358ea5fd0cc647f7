package io.llmgateway.cache.verify;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A question as the verifier compares it (see {@link QuestionReader}).
 *
 * @param numbers numbers in the order they appear, digits and number words alike
 * @param negations how many negating words it has
 * @param content stems of its topic words (no function, framing or number words)
 * @param core content stems outside prepositional phrases, in order: the subject, verb and
 *     object whose order changes the meaning ("is a square a rectangle")
 * @param directional {@code to:tuple}, {@code from:mysql}: objects of directional prepositions
 * @param surface a written form of each content stem, for the reason of a rejection
 * @param capitalized content stems written capitalized inside the sentence: names
 */
public record Question(
        String text,
        List<String> numbers,
        int negations,
        Set<String> content,
        List<String> core,
        Set<String> directional,
        Map<String, String> surface,
        Set<String> capitalized) {
}
