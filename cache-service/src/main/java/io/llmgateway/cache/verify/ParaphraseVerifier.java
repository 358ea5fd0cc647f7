package io.llmgateway.cache.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether the question of a cached answer asks the same thing as a new question. The
 * vector search only proposes candidates: all-MiniLM-L6-v2 scores "list to tuple" vs "tuple to
 * list" at 0.99 and "capital of Slovakia" vs "Slovenia" above most true paraphrases. So a
 * candidate is accepted only when, read with {@link QuestionReader}, both questions have
 * <ul>
 *   <li>the same numbers in the same order (units are words: they must match too),
 *   <li>as many negations,
 *   <li>the same topic words after synonyms and stemming: a different name, task verb,
 *       format, audience, language or antonym is a different word,
 *   <li>the same objects after directional prepositions (to, from, than), and
 *   <li>their shared subject/verb/object words in the same order.
 * </ul>
 * Precision is the goal (a false hit serves a wrong answer); recall is what this trades.
 */
public final class ParaphraseVerifier {

    private final QuestionReader reader;

    public ParaphraseVerifier(QuestionReader reader) {
        this.reader = reader;
    }

    public Verdict verify(String newQuestion, String cachedQuestion) {
        return verify(reader.read(newQuestion), reader.read(cachedQuestion));
    }

    public Verdict verify(Question asked, Question cached) {
        if (!asked.numbers().equals(cached.numbers())) {
            return Verdict.reject("numbers differ: " + asked.numbers() + " vs " + cached.numbers());
        }
        if (asked.negations() != cached.negations()) {
            return Verdict.reject("negation differs");
        }
        if (asked.content().isEmpty()) {
            return Verdict.reject("too few topic words to compare");
        }
        Set<String> onlyAsked = minus(asked.content(), cached.content());
        Set<String> onlyCached = minus(cached.content(), asked.content());
        if (!onlyAsked.isEmpty() || !onlyCached.isEmpty()) {
            return Verdict.reject(differingWords(asked, onlyAsked, cached, onlyCached));
        }
        if (!asked.directional().equals(cached.directional())) {
            return Verdict.reject("direction differs: " + new TreeSet<>(asked.directional()) + " vs "
                    + new TreeSet<>(cached.directional()));
        }
        List<String> askedOrder = sharedInOrder(asked.core(), cached.core());
        List<String> cachedOrder = sharedInOrder(cached.core(), asked.core());
        if (!askedOrder.equals(cachedOrder)) {
            return Verdict.reject("order differs: " + askedOrder + " vs " + cachedOrder);
        }
        return Verdict.accept("verified paraphrase");
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new LinkedHashSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    /** The first occurrence of each word of {@code order} that {@code other} has too. */
    private static List<String> sharedInOrder(List<String> order, List<String> other) {
        List<String> shared = new ArrayList<>();
        for (String word : order) {
            if (other.contains(word) && !shared.contains(word)) {
                shared.add(word);
            }
        }
        return shared;
    }

    private static String differingWords(Question asked, Set<String> onlyAsked, Question cached,
                                         Set<String> onlyCached) {
        List<String> askedWords = onlyAsked.stream().map(s -> asked.surface().get(s)).toList();
        List<String> cachedWords = onlyCached.stream().map(s -> cached.surface().get(s)).toList();
        List<String> all = new ArrayList<>(askedWords);
        all.addAll(cachedWords);
        String kind;
        if (all.stream().anyMatch(Vocabulary.LANGUAGE_NAMES::contains)) {
            kind = "language differs";
        } else if (all.stream().anyMatch(Vocabulary.AUDIENCE_WORDS::contains)) {
            kind = "audience differs";
        } else if (all.stream().anyMatch(Vocabulary.FORMAT_WORDS::contains)) {
            kind = "format differs";
        } else if (all.stream().anyMatch(Vocabulary.TASK_VERBS::contains)) {
            kind = "task differs";
        } else if (onlyAsked.stream().anyMatch(asked.capitalized()::contains)
                || onlyCached.stream().anyMatch(cached.capitalized()::contains)) {
            kind = "named entity differs";
        } else {
            kind = "topic words differ";
        }
        return kind + ": " + askedWords + " vs " + cachedWords;
    }
}
