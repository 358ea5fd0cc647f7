package io.llmgateway.cache.verify;

import io.llmgateway.cache.language.Lexicon;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.extjwnl.data.POS;

/**
 * Decides whether the question of a cached answer asks the same thing as a new question. The
 * vector search only proposes candidates: all-MiniLM-L6-v2 scores "list to tuple" vs "tuple to
 * list" at 0.99 and "when did the wall fall" vs "why did the wall fall" above most true
 * paraphrases. So a candidate is accepted only when, read with {@link QuestionReader}, both
 * questions agree on
 * <ol>
 *   <li>the kind of answer asked for (when / why / where / how many / yes-no ...),
 *   <li>numbers together with their operators and units, in order,
 *   <li>negation, quantifiers (all / some / any / most), modal verbs and tense,
 *   <li>their topic words, where a word may stand for another only when WordNet lists both in
 *       one synset among the usual senses of each ("car" and "automobile"),
 *   <li>the role of every topic word: which preposition governs it ("A into B" is not "B into
 *       A") and whether a negation does ("in A but not in B"), and
 *   <li>the order of the words outside prepositional phrases (subject before object).
 * </ol>
 * Precision is the goal (a false hit serves a wrong answer); recall is what this trades.
 */
public final class ParaphraseVerifier {

    /** Only the usual senses of both words count for synonymy. */
    private static final int SYNONYM_SENSES = 2;

    private final QuestionReader reader;
    private final Lexicon lexicon;

    public ParaphraseVerifier(QuestionReader reader, Lexicon lexicon) {
        this.reader = reader;
        this.lexicon = lexicon;
    }

    public ParaphraseVerifier(QuestionReader reader) {
        this(reader, Lexicon.shared());
    }

    public Verdict verify(String newQuestion, String cachedQuestion) {
        return verify(reader.read(newQuestion), reader.read(cachedQuestion));
    }

    public Verdict verify(Question asked, Question cached) {
        if (!sameForm(asked.form(), cached.form())) {
            Question askedAs = readAs(asked, base(cached.form()));
            Question cachedAs = askedAs == null ? readAs(cached, base(asked.form())) : null;
            if (askedAs == null && cachedAs == null) {
                return Verdict.reject("question type differs");
            }
            asked = askedAs != null ? askedAs : asked;
            cached = cachedAs != null ? cachedAs : cached;
        }
        // "which mountain is the tallest" types its answer with the noun that "what is the
        // tallest mountain" has as a topic word: the two are the same word
        cached = withoutTypeOf(asked, cached);
        asked = withoutTypeOf(cached, asked);
        if (!asked.arithmetic().equals(cached.arithmetic())) {
            return Verdict.reject("numbers or operators differ");
        }
        if (asked.negations() != cached.negations()) {
            return Verdict.reject("negation differs");
        }
        if (!asked.quantifiers().equals(cached.quantifiers())) {
            return Verdict.reject("quantifier differs");
        }
        if (!asked.modals().equals(cached.modals())) {
            return Verdict.reject("modality differs");
        }
        if (!asked.tense().equals(cached.tense())) {
            return Verdict.reject("tense differs");
        }
        if (asked.content().isEmpty()) {
            return Verdict.reject("too few topic words to compare");
        }
        Map<String, String> aligned = align(asked, cached);
        if (aligned == null) {
            return Verdict.reject("topic words differ");
        }
        for (Map.Entry<String, String> pair : aligned.entrySet()) {
            Set<String> askedRoles = asked.roles().getOrDefault(pair.getKey(), Set.of());
            Set<String> cachedRoles = cached.roles().getOrDefault(pair.getValue(), Set.of());
            if (!sameRoles(askedRoles, cachedRoles)) {
                return Verdict.reject("roles differ");
            }
        }
        List<String> cachedCore = cached.core().stream().map(c -> keyOf(aligned, c)).toList();
        if (asked.passiveAgent() == cached.passiveAgent() && !sharedInOrder(asked.core(), cachedCore).equals(sharedInOrder(cachedCore, asked.core()))) {
            return Verdict.reject("order differs");
        }
        return Verdict.accept("verified paraphrase");
    }

    /**
     * The same kind of answer: equal kinds, and equal typing nouns when both have one ("which
     * composer" may answer "who", never "which conductor").
     */
    private boolean sameForm(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (!base(a).equals(base(b))) {
            return false;
        }
        int barA = a.indexOf('|');
        int barB = b.indexOf('|');
        return barA < 0 || barB < 0 || synonyms(a.substring(barA + 1), b.substring(barB + 1));
    }

    private Question withoutTypeOf(Question typed, Question other) {
        int bar = typed.form().indexOf('|');
        if (bar < 0 || other.form().indexOf('|') >= 0) {
            return other;
        }
        String type = typed.form().substring(bar + 1);
        for (String stem : other.content()) {
            if (lexicon.lemma(POS.NOUN, other.surface().get(stem)).equals(type)) {
                return other.as(other.form(), stem);
            }
        }
        return other;
    }

    private static String base(String form) {
        int bar = form.indexOf('|');
        return bar < 0 ? form : form.substring(0, bar);
    }

    /** Nouns that ask for a count or an amount: "the number of moons" asks "how many moons". */
    private static final Set<String> AMOUNTS = Set.of("number", "amount", "quantity", "count");

    private static final List<Lexicon.Anchor> METHODS = List.of(Lexicon.Anchor.noun("method", 1),
            Lexicon.Anchor.noun("procedure", 1), Lexicon.Anchor.noun("process", 1), Lexicon.Anchor.noun("way", 1),
            Lexicon.Anchor.noun("formula", 1), Lexicon.Anchor.noun("instruction", 1), Lexicon.Anchor.noun("step", 1),
            Lexicon.Anchor.noun("syntax", 1), Lexicon.Anchor.noun("way", 2), Lexicon.Anchor.noun("command", 1));

    /**
     * A question that asks for a thing through a noun that names the other question's kind of
     * answer, read as that kind: "what is the distance to the Moon" asks "how far" (WordNet: far
     * is a value of distance), "what is the number of moons" asks "how many", "what is the method
     * for poaching eggs" asks "how", "what is the cause of tides" asks "why". Null otherwise.
     */
    private Question readAs(Question thing, String form) {
        if (!base(thing.form()).equals("thing")) {
            return null;
        }
        int bar = thing.form().indexOf('|');
        if (bar > 0 && form.equals("how") && lexicon.isKindOfAny(thing.form().substring(bar + 1), METHODS, 1)) {
            return thing.as(form, null); // "what command shows X" asks how to see X
        }
        for (String stem : thing.content()) {
            String word = lexicon.lemma(POS.NOUN, thing.surface().get(stem));
            boolean names = switch (form) {
                case "how many", "how much" -> AMOUNTS.contains(word);
                case "how" -> lexicon.isKindOfAny(word, METHODS, 2);
                case "why" -> word.equals("cause") || word.equals("reason");
                default -> form.startsWith("how ")
                        && lexicon.attributeNouns(form.substring(4), 2).contains(word);
            };
            if (names) {
                return thing.as(form, stem);
            }
        }
        return null;
    }

    /**
     * Pairs each topic word of the new question with one of the cached question: the same stem,
     * or a WordNet synonym. Null when a word of either side is left without a partner.
     */
    private Map<String, String> align(Question asked, Question cached) {
        Map<String, String> aligned = new HashMap<>();
        Set<String> cachedLeft = new LinkedHashSet<>(cached.content());
        List<String> askedLeft = new ArrayList<>();
        for (String stem : asked.content()) {
            if (cachedLeft.remove(stem)) {
                aligned.put(stem, stem);
            } else {
                askedLeft.add(stem);
            }
        }
        if (askedLeft.size() != cachedLeft.size()) {
            return null;
        }
        for (String stem : askedLeft) {
            String partner = null;
            for (String candidate : cachedLeft) {
                String a = asked.surface().get(stem);
                String b = cached.surface().get(candidate);
                if (synonyms(a, b) || typo(a, b)) {
                    partner = candidate;
                    break;
                }
            }
            if (partner == null) {
                return null;
            }
            cachedLeft.remove(partner);
            aligned.put(stem, partner);
        }
        return aligned;
    }

    /** "the capital of France" and "the capital in France" name the same relation; others must match. */
    private static boolean sameRoles(Set<String> a, Set<String> b) {
        return a.equals(b) || genitive(a).equals(genitive(b));
    }

    private static Set<String> genitive(Set<String> roles) {
        return roles.stream().map(r -> r.equals("in") ? "of" : r.equals("!in") ? "!of" : r)
                .collect(java.util.stream.Collectors.toSet());
    }

    private boolean synonyms(String a, String b) {
        if (lexicon.derivationallyRelated(a, b, 3)) {
            return true; // "painter" and "painted"
        }
        for (POS pos : List.of(POS.NOUN, POS.VERB, POS.ADJECTIVE, POS.ADVERB)) {
            if (lexicon.synonyms(pos, a, b, SYNONYM_SENSES)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One letter added, dropped, changed or two swapped, in a word of five letters or more that
     * WordNet does not know ("diference"): a typo. Two known words are never typos of each other
     * ("Austria", "Australia" are both known and further apart anyway).
     */
    private boolean typo(String a, String b) {
        if (a.length() < 5 || b.length() < 5 || known(a) && known(b)) {
            return false;
        }
        return editDistanceAtMostOne(a, b);
    }

    private boolean known(String w) {
        for (POS pos : List.of(POS.NOUN, POS.VERB, POS.ADJECTIVE, POS.ADVERB)) {
            if (lexicon.canBe(pos, w)) {
                return true;
            }
        }
        return false;
    }

    static boolean editDistanceAtMostOne(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1 || a.equals(b)) {
            return !a.equals(b) && Math.abs(a.length() - b.length()) <= 1 ? false : a.equals(b);
        }
        int i = 0;
        while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (a.length() == b.length()) {
            if (a.substring(i + 1).equals(b.substring(i + 1))) {
                return true; // one letter changed
            }
            return i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2)); // two swapped
        }
        String longer = a.length() > b.length() ? a : b;
        String shorter = a.length() > b.length() ? b : a;
        return longer.substring(i + 1).equals(shorter.substring(i)); // one letter added
    }

    private static String keyOf(Map<String, String> aligned, String cachedStem) {
        for (Map.Entry<String, String> pair : aligned.entrySet()) {
            if (pair.getValue().equals(cachedStem)) {
                return pair.getKey();
            }
        }
        return cachedStem;
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
}
