package io.llmgateway.cache.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The word lists the verifier reads questions with. They are general English, not tuned to any
 * question: function words (carry no topic), framing words (ask for an answer without changing
 * it), small synonym groups whose members never change an answer, and the words that name a
 * task, a format, an audience or a language (used to say why a candidate was rejected).
 */
final class Vocabulary {

    private Vocabulary() {}

    /** Words that carry no topic; negations and prepositions are handled separately. */
    static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
            "doing", "have", "has", "had", "i", "me", "my", "mine", "myself", "you", "your", "yours", "we", "our",
            "us", "it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "this", "that", "these",
            "those", "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
            "can", "could", "would", "should", "will", "shall", "may", "might", "must", "and", "or", "but", "if",
            "so", "then", "some", "any", "all", "just", "also", "really", "very", "much", "many", "one's",
            "something", "anything", "someone", "whether", "e.g", "i.e", "etc", "each", "every", "both",
            "whats", "hows", "s");

    /** Ask for an answer without changing what the answer is. */
    static final Set<String> FRAMING_WORDS = Set.of(
            "explain", "explanation", "tell", "describe", "description", "define", "definition", "know",
            "understand", "want", "like", "need", "help", "please", "way", "ways", "thing", "things", "exactly",
            "actually", "basically", "possible", "able", "kindly", "question", "wonder", "curious", "idea",
            "info", "information", "detail", "details", "overview", "simply", "go", "going", "about", "give",
            "show", "provide",
            // hedges and place-holders that do not change the answer asked for
            "located", "situated", "normally", "usually", "typically", "generally", "commonly", "really", "quick",
            "briefly", "speaking", "roughly", "approximately", "precisely", "specifically", "particular",
            // what a definition asks, however it is put: "what does X mean", "define the term X"
            "mean", "meaning", "meant", "term", "phrase", "concept", "notion", "called", "call", "known");

    /** Prepositions that open a phrase; the words after them belong to it. */
    static final Set<String> PREPOSITIONS = Set.of(
            "in", "on", "at", "by", "for", "with", "of", "to", "from", "into", "onto", "between", "through",
            "over", "under", "within", "across", "via", "per", "than", "toward", "towards", "vs", "versus",
            "against", "among", "inside", "outside", "upon", "off", "out", "using", "as");

    /** Prepositions whose object is a direction or a comparison: swapping their objects changes the answer. */
    static final Set<String> DIRECTIONAL = Set.of("to", "from", "than", "vs", "against");

    /** Written forms of one directional preposition. */
    static final Map<String, String> DIRECTION_ALIASES = Map.of(
            "into", "to", "onto", "to", "toward", "to", "towards", "to", "versus", "vs");

    /** Words that negate (after contractions were expanded: "don't" reads "do not"). */
    static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "none", "nor", "neither",
            "nothing", "nobody", "cannot");

    /** Number words read as digits, so "three" and "3" agree and "3" and "4" do not. */
    static final Map<String, String> NUMBER_WORDS = numberWords();

    private static Map<String, String> numberWords() {
        Map<String, String> words = new HashMap<>();
        String[] units = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
        for (int i = 0; i < units.length; i++) {
            words.put(units[i], Integer.toString(i));
        }
        String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int i = 0; i < tens.length; i++) {
            words.put(tens[i], Integer.toString((i + 2) * 10));
        }
        words.put("hundred", "100");
        words.put("thousand", "1000");
        words.put("million", "1000000");
        words.put("billion", "1000000000");
        words.put("dozen", "12");
        words.put("half", "0.5");
        words.put("twice", "2");
        String[] ordinals = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth"};
        String[] suffixes = {"st", "nd", "rd", "th", "th", "th", "th", "th", "th", "th"};
        for (int i = 0; i < ordinals.length; i++) {
            words.put(ordinals[i], (i + 1) + suffixes[i]);
        }
        return Map.copyOf(words);
    }

    /** Modal verbs, each read as the one it means: "could" asks what "can" asks. */
    static final Map<String, String> MODALS = Map.of("can", "can", "could", "can", "must", "must", "should",
            "should", "ought", "should", "may", "may", "might", "may", "would", "would");

    /** Quantifiers, each read as the one it means. */
    static final Map<String, String> QUANTIFIERS = Map.of("all", "all", "every", "all", "each", "all", "some",
            "some", "any", "any", "most", "most", "few", "few", "many", "many", "both", "both", "several", "several");

    /** Operators written as words, read as symbols; only between two numbers ("how many times" is no product). */
    static final Map<String, String> OPERATOR_WORDS = Map.of("plus", "+", "minus", "-", "times", "*",
            "multiplied", "*", "divided", "/", "over", "/", "squared", "^2", "cubed", "^3", "mod", "mod",
            "modulo", "mod");
}
