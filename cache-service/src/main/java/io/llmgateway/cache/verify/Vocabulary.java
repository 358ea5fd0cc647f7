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
            "show", "provide");

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

    /**
     * Interchangeable words, each group read as its first member. A group never holds two words
     * that can change an answer (not "stop" and "kill", not "big" and "huge").
     */
    static final Map<String, String> SYNONYMS = synonyms(List.of(
            List.of("get", "find", "obtain", "retrieve", "determine"),
            List.of("check", "see", "view", "inspect", "verify"),
            List.of("create", "make", "generate"),
            List.of("remove", "delete", "erase", "eliminate"),
            List.of("largest", "biggest"),
            List.of("large", "big"),
            List.of("fast", "quick", "rapid"),
            List.of("quickly", "fast", "rapidly"),
            List.of("calculate", "compute"),
            List.of("kill", "terminate"),
            List.of("start", "begin"),
            List.of("fix", "repair", "resolve", "solve"),
            List.of("several", "multiple"),
            List.of("picture", "image", "photo"),
            List.of("buy", "purchase"),
            List.of("cheap", "inexpensive"),
            List.of("summarize", "summary", "summarise"),
            List.of("run", "execute"),
            List.of("terminal", "console", "shell"),
            List.of("folder", "directory"),
            List.of("sign", "symptom"),
            List.of("tallest", "highest"),
            List.of("kilometer", "kilometre", "km"),
            List.of("meter", "metre"),
            List.of("kilogram", "kilo", "kg"),
            List.of("gram", "grams"),
            List.of("percent", "percentage"),
            List.of("capitalize", "uppercase"),
            List.of("mean", "meaning"),
            List.of("app", "application")));

    private static Map<String, String> synonyms(List<List<String>> groups) {
        Map<String, String> canonical = new HashMap<>();
        for (List<String> group : groups) {
            for (String word : group) {
                canonical.putIfAbsent(word, group.getFirst());
            }
        }
        return Map.copyOf(canonical);
    }

    /** Words that name what to do with the subject; a different one asks for a different answer. */
    static final Set<String> TASK_VERBS = Set.of("write", "implement", "code", "list", "summarize", "translate",
            "draw", "spell", "install", "play", "proofread", "perform", "compare", "rewrite", "convert",
            "calculate", "design", "debug", "review", "test", "build", "deploy");

    /** Words that name the answer's format or length. */
    static final Set<String> FORMAT_WORDS = Set.of("json", "yaml", "csv", "xml", "table", "markdown", "bullet",
            "bullets", "numbered", "sentence", "sentences", "word", "words", "paragraph", "paragraphs", "list",
            "uppercase", "lowercase", "example", "diagram", "ascii", "format", "formatted", "short", "brief",
            "briefly", "detailed", "code", "page", "pages", "haiku", "poem", "essay", "tweet");

    /** Words that name who the answer is for. */
    static final Set<String> AUDIENCE_WORDS = Set.of("child", "children", "kid", "kids", "year-old", "old",
            "beginner", "beginners", "expert", "experts", "student", "students", "grandmother", "grandma",
            "professional", "phd", "novice", "layman", "laymen", "level", "investor", "engineer", "developer",
            "manager", "executive", "teenager", "toddler");

    /** Names of languages: a different one asks for the answer in another language. */
    static final Set<String> LANGUAGE_NAMES = Set.of("english", "spanish", "french", "german", "italian",
            "portuguese", "japanese", "chinese", "mandarin", "korean", "russian", "arabic", "hindi", "dutch",
            "polish", "swedish", "turkish", "greek", "hebrew");
}
