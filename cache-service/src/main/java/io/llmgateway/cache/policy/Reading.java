package io.llmgateway.cache.policy;

import io.llmgateway.cache.language.Lexicon;
import io.llmgateway.cache.language.Token;
import io.llmgateway.cache.language.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.extjwnl.data.POS;

/**
 * A prompt read for the cacheability rules: its tokens, whether it asks a question or gives an
 * order, its tense, and its nouns as WordNet entries (multi-word entries first: "prime minister",
 * "random access memory"). Only closed classes of English (pronouns, auxiliaries, question
 * words, determiners) are listed here; every open-class word is looked up in the {@link Lexicon}.
 */
final class Reading {

    static final Set<String> QUESTION_WORDS = Set.of("what", "which", "who", "whom", "whose", "when", "where", "why",
            "how");
    static final Set<String> PRESENT_AUXILIARIES = Set.of("is", "are", "am", "does", "do", "has", "have");
    static final Set<String> PAST_AUXILIARIES = Set.of("was", "were", "did", "had");
    static final Set<String> MODALS = Set.of("can", "could", "should", "would", "will", "shall", "may", "might",
            "must");
    static final Set<String> DETERMINERS = Set.of("a", "an", "the", "this", "that", "these", "those", "my", "your",
            "our", "their", "his", "her", "its", "some", "any", "every", "each", "no");
    static final Set<String> INDEFINITE = Set.of("a", "an", "some", "any", "another", "few", "several", "more");
    static final Set<String> PRONOUNS = Set.of("i", "me", "my", "mine", "myself", "you", "your", "yours", "we", "us",
            "our", "it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "this", "that", "there");
    /** Words a request may open with before its verb: "please write", "can you write". */
    static final Set<String> POLITE_OPENERS = Set.of("please", "pls", "plz", "kindly", "can", "could", "would",
            "will", "you", "u", "just", "now", "ok", "okay", "hey", "hi", "so");
    /** Ways of asking for something without a verb of one's own: "I want", "I need", "give me". */
    static final Set<String> WANT_VERBS = Set.of("want", "need", "like", "love");

    final String text;
    final List<Token> tokens;
    final Lexicon lexicon;
    /** Nouns of the prompt: one entry per WordNet noun, multi-word entries taking their words. */
    final List<Noun> nouns;

    record Noun(String lemma, int start, int end) {}

    Reading(String text, Lexicon lexicon) {
        this.text = text;
        this.tokens = Tokens.of(withoutQuotedTitles(text));
        this.lexicon = lexicon;
        this.nouns = findNouns();
    }

    /**
     * Quoted passages, code spans and names with a call ("TODAY()", {@code `now`}, 'Edge of
     * Tomorrow') are titles, code or text to work on: their words ask nothing. They read as one
     * placeholder word.
     */
    static String withoutQuotedTitles(String text) {
        return QUOTED.matcher(text).replaceAll(" quoted ");
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile(
            "\"[^\"]{1,200}\"|“[^”]{1,200}”|`[^`]{1,200}`|(?<![\\w])'[^']{1,120}'(?![\\w])|‘[^’]{1,120}’|[\\w.]+\\(\\)");

    int size() {
        return tokens.size();
    }

    String word(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i).lower() : "";
    }

    boolean has(String word) {
        return indexOf(word) >= 0;
    }

    int indexOf(String word) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    boolean hasAny(Set<String> words) {
        return tokens.stream().anyMatch(t -> words.contains(t.lower()));
    }

    /** Starts with a question word or an auxiliary, or ends with a question mark. */
    boolean isQuestion() {
        String first = word(0);
        return text.strip().endsWith("?") || QUESTION_WORDS.contains(first) || PRESENT_AUXILIARIES.contains(first)
                || PAST_AUXILIARIES.contains(first) || MODALS.contains(first);
    }

    boolean startsWithQuestionWord() {
        return QUESTION_WORDS.contains(word(0));
    }

    /**
     * The index of the request's main verb when the prompt gives an order ("write a poem",
     * "please pick one", "can you roll a die", "I want you to flip a coin"), else -1.
     */
    int imperativeVerb() {
        int i = 0;
        while (i < size() && (POLITE_OPENERS.contains(word(i)) || word(i).equals("me") && i > 0
                || word(i).endsWith("ly") && lexicon.canBe(POS.ADVERB, word(i)) && !lexicon.has(POS.VERB, word(i)))) {
            i++; // "please", "can you", "randomly": before the verb
        }
        if (word(i).equals("i") && WANT_VERBS.contains(word(i + 1))) {
            i += 2;
            if (word(i).equals("you")) {
                i++;
            }
            if (word(i).equals("to")) {
                i++;
            }
        }
        if (word(i).equals("help") && (word(i + 1).equals("me") || word(i + 1).equals("us"))) {
            i += 2;
        }
        if (i >= size() || !tokens.get(i).isWord() || QUESTION_WORDS.contains(word(i))
                || PRESENT_AUXILIARIES.contains(word(i)) || PAST_AUXILIARIES.contains(word(i))
                || PRONOUNS.contains(word(i)) || DETERMINERS.contains(word(i))) {
            return -1;
        }
        return lexicon.has(POS.VERB, word(i)) ? i : -1;
    }

    /** The lemma of the verb at {@code i}. */
    String verbLemma(int i) {
        return lexicon.lemma(POS.VERB, word(i));
    }

    /** A present-tense auxiliary or third-person verb: "is", "are", "does", "lives". */
    boolean hasPresentTense() {
        for (int i = 0; i < size(); i++) {
            String w = word(i);
            if (PRESENT_AUXILIARIES.contains(w) && !isPerfectAuxiliary(i)) {
                return true;
            }
            if (w.endsWith("s") && !w.endsWith("ss") && w.length() > 3 && i > 0 && lexicon.has(POS.VERB,
                    w.substring(0, w.length() - 1)) && (tokens.get(i - 1).capitalized() || isSubjectPronoun(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private boolean isSubjectPronoun(int i) {
        return word(i).equals("it") || word(i).equals("he") || word(i).equals("she");
    }

    /** "has won", "have been": present perfect tells of a finished event. */
    private boolean isPerfectAuxiliary(int i) {
        String w = word(i);
        return (w.equals("has") || w.equals("have")) && i + 1 < size() && isPastForm(i + 1);
    }

    /** "was", "did", a past form ("won", "founded") or a past year: the question is about a finished event. */
    boolean hasPastTense(int currentYear) {
        for (int i = 0; i < size(); i++) {
            String w = word(i);
            if (PAST_AUXILIARIES.contains(w) || isPastForm(i)) {
                return true;
            }
            Token t = tokens.get(i);
            if (t.number() && w.length() == 4 && w.chars().allMatch(Character::isDigit)) {
                int year = Integer.parseInt(w);
                if (year > 1000 && year < currentYear) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A verb form that is not the verb's base form and not an -s or -ing form: "won", "founded", "wrote". */
    boolean isPastForm(int i) {
        String w = word(i);
        if (w.length() < 3 || w.endsWith("ing") || !tokens.get(i).isWord() || lexicon.has(POS.VERB, w)) {
            return false;
        }
        for (String base : lexicon.baseForms(POS.VERB, w)) {
            if (!base.equals(w) && !(w.equals(base + "s") || w.equals(base + "es"))) {
                return true;
            }
        }
        return false;
    }

    /** The noun at token {@code i}, if one starts or covers it. */
    Noun nounAt(int i) {
        for (Noun noun : nouns) {
            if (noun.start() <= i && i < noun.end()) {
                return noun;
            }
        }
        return null;
    }

    /** The determiner-ish word just before a noun: "the", "a", a possessive, or "" when none. */
    String determinerOf(Noun noun) {
        int i = noun.start() - 1;
        while (i >= 0 && tokens.get(i).isWord() && !DETERMINERS.contains(word(i)) && lexicon.canBe(POS.ADJECTIVE, word(i))
                && nounAt(i) == null) {
            i--;
        }
        if (i >= 0 && (DETERMINERS.contains(word(i)) || word(i).equals("'s"))) {
            return word(i);
        }
        return "";
    }

    private List<Noun> findNouns() {
        List<Noun> found = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            int taken = 0;
            for (int n = Math.min(4, tokens.size() - i); n >= 2 && taken == 0; n--) {
                String phrase = joined(i, i + n);
                if (phrase != null && lexicon.has(POS.NOUN, phrase)) {
                    found.add(new Noun(phrase, i, i + n));
                    taken = n;
                }
            }
            if (taken == 0) {
                Token t = tokens.get(i);
                if (t.isWord() && !DETERMINERS.contains(t.lower()) && !PRONOUNS.contains(t.lower())
                        && !QUESTION_WORDS.contains(t.lower()) && t.lower().length() > 1
                        && lexicon.canBe(POS.NOUN, t.lower())) {
                    found.add(new Noun(lexicon.lemma(POS.NOUN, t.lower()), i, i + 1));
                }
                taken = 1;
            }
            i += taken;
        }
        return List.copyOf(found);
    }

    private String joined(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (!t.isWord()) {
                return null;
            }
            if (i > from) {
                sb.append(' ');
            }
            sb.append(t.lower());
        }
        return sb.toString();
    }
}
