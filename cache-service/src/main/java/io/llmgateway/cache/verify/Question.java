package io.llmgateway.cache.verify;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A question as the verifier compares it (see {@link QuestionReader}).
 *
 * @param form what kind of answer it asks for: {@code what} (also "which" and orders such as
 *     "explain"), {@code when}, {@code why}, {@code where}, {@code who}, {@code how}, {@code how
 *     many}, {@code how old} ..., or {@code yes-no}; after {@code |} the noun that types the
 *     answer ("which composer"), when there is one
 * @param passiveAgent the question word is the agent of a passive ("written by whom")
 * @param tense {@code past}, {@code present} or {@code future}
 * @param modals the modal verbs outside a "how do/can I" opener: can, must, should, may, would
 * @param negations how many negating words it has
 * @param quantifiers all, some, any, most, few... in order
 * @param arithmetic numbers (digits and number words) and operators (symbols and words) in order
 * @param content stems of its topic words (no function, framing or number words)
 * @param roles for each content stem, where it stands: {@code core} (subject, verb, object) or
 *     the preposition of its phrase ({@code of}, {@code to}, {@code in}...), {@code !} before it
 *     when a negation governs it
 * @param core content stems outside prepositional phrases, in order
 * @param surface a written form of each content stem (for synonym lookups)
 */
public record Question(
        String text,
        String form,
        boolean passiveAgent,
        String tense,
        Set<String> modals,
        int negations,
        List<String> quantifiers,
        List<String> arithmetic,
        Set<String> content,
        Map<String, Set<String>> roles,
        List<String> core,
        Map<String, String> surface) {

    /** The same question read as another kind ("what is the distance" as "how far") without the word that said so. */
    Question as(String newForm, String droppedStem) {
        Set<String> keptContent = new java.util.LinkedHashSet<>(content);
        keptContent.remove(droppedStem);
        Map<String, Set<String>> keptRoles = new java.util.HashMap<>(roles);
        keptRoles.remove(droppedStem);
        List<String> keptCore = core.stream().filter(c -> !c.equals(droppedStem)).toList();
        return new Question(text, newForm, passiveAgent, tense, modals, negations, quantifiers, arithmetic, Set.copyOf(keptContent),
                Map.copyOf(keptRoles), keptCore, surface);
    }
}
