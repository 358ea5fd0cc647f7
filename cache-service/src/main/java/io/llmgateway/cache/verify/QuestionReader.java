package io.llmgateway.cache.verify;

import io.llmgateway.cache.language.Lexicon;
import io.llmgateway.cache.language.Token;
import io.llmgateway.cache.language.Tokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.extjwnl.data.POS;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * Reads a question into a {@link Question}: {@link Tokens} (contractions written out, operators
 * kept), the Snowball English stemmer, WordNet ({@link Lexicon}) for past-tense forms and words
 * of time, and the closed word classes of {@link Vocabulary}. Thread-safe: every call uses its
 * own stemmer.
 */
public final class QuestionReader {

    /** Question words; "how" takes the measure after it ("how many", "how old"). */
    private static final Set<String> WH = Set.of("what", "which", "who", "whom", "whose", "when", "where", "why",
            "how");
    private static final Set<String> HOW_MEASURES = Set.of("many", "much", "long", "old", "far", "big", "tall",
            "often", "fast", "large", "high", "deep", "heavy", "hot", "cold", "wide", "small", "soon", "early",
            "late");
    private static final Set<String> AUXILIARIES = Set.of("is", "are", "am", "do", "does", "has", "have", "was",
            "were", "did", "had", "will", "shall", "can", "could", "should", "would", "may", "might", "must");
    private static final Set<String> PAST_AUXILIARIES = Set.of("was", "were", "did", "had");
    private static final Set<String> PRESENT_AUXILIARIES = Set.of("is", "are", "am", "do", "does", "has", "have");
    private static final Set<String> SUBJECT_PRONOUNS = Set.of("i", "you", "we", "one", "u");
    /** Orders that ask what something is: "explain X" asks what "what is X" asks. */
    private static final Set<String> ASKING_VERBS = Set.of("explain", "describe", "define", "tell", "give", "show",
            "list", "name", "summarize", "summarise", "outline", "clarify", "please", "help");

    private final Lexicon lexicon;

    public QuestionReader(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    public QuestionReader() {
        this(Lexicon.shared());
    }

    public Question read(String text) {
        List<Token> tokens = Tokens.of(text);
        List<String> words = tokens.stream().map(Token::lower).toList();
        int opener = politeOpenerEnd(words);
        Form asked = form(words, opener, text.strip().endsWith("?"));
        int procedureEnd = procedureOpenerEnd(words, opener);

        Set<String> modals = new LinkedHashSet<>();
        List<String> quantifiers = new ArrayList<>();
        List<String> arithmetic = new ArrayList<>();
        Set<String> content = new LinkedHashSet<>();
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        List<String> core = new ArrayList<>();
        Map<String, String> surface = new HashMap<>();
        EnglishStemmer stemmer = new EnglishStemmer();
        int negations = 0;
        boolean negated = false;
        String phrase = null; // the preposition of the phrase being read
        boolean phraseHasHead = false;
        String possessor = null; // "X's", waiting for its noun
        boolean lastWasLight = false; // the last topic word names a way or an amount of what follows
        String lastStem = null;

        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String w = words.get(i);
            if (i < opener || i == asked.typeAt()) {
                continue;
            }
            if (Vocabulary.MODALS.containsKey(w) && i >= procedureEnd) {
                modals.add(Vocabulary.MODALS.get(w));
            } else if ((w.equals("have") || w.equals("has") || w.equals("had") || w.equals("need")
                    || w.equals("needs")) && word(words, i + 1).equals("to") && i >= procedureEnd) {
                modals.add("must");
            }
            if (Vocabulary.QUANTIFIERS.containsKey(w) && !word(words, i - 1).equals("how")) {
                quantifiers.add(Vocabulary.QUANTIFIERS.get(w));
            }
            boolean operatorWord = Vocabulary.OPERATOR_WORDS.containsKey(w) && isNumber(tokens, words, i - 1)
                    && (isNumber(tokens, words, i + 1) || w.equals("squared") || w.equals("cubed")
                    || word(words, i + 1).equals("by"));
            if (isNumber(tokens, words, i)) {
                arithmetic.add(Vocabulary.NUMBER_WORDS.getOrDefault(w, w.replace(",", "")));
                phrase = null;
                continue;
            }
            if (token.symbol() || operatorWord) {
                arithmetic.add(operatorWord ? Vocabulary.OPERATOR_WORDS.get(w) : w);
                continue;
            }
            if (w.equals("'s") && lastStem != null && core.contains(lastStem)) {
                // "France's capital" is "the capital of France": the possessor follows its noun
                core.remove(lastStem);
                possessor = lastStem;
                continue;
            }
            if (Vocabulary.NEGATIONS.contains(w)) {
                negations++;
                negated = true;
                phrase = null;
                continue;
            }
            if (w.equals("and") || w.equals("or")) {
                continue; // "between A and B": B is in the phrase too
            }
            if (w.equals("but")) {
                negated = false;
                phrase = null;
                continue;
            }
            if (w.equals("to") && isInfinitive(tokens, words, i + 1)) {
                phrase = null; // "steps to change a tyre": an infinitive, not a direction
                continue;
            }
            if (w.equals("of") && (phrase == null || phraseHasHead)) {
                // "the founder of X", "the capital of X": the genitive joins its noun, like "X's"
                phrase = null;
                continue;
            }
            if (Vocabulary.PREPOSITIONS.contains(w) && lastWasLight) {
                phrase = null; // "the method for poaching eggs": what the method is for is the topic
                lastWasLight = false;
                continue;
            }
            if (Vocabulary.PREPOSITIONS.contains(w)) {
                String preposition = Vocabulary.DIRECTION_ALIASES.getOrDefault(w, w);
                // "out of water" is not "of water"; "with the skin on" ends in a particle that counts
                phrase = phrase != null && !phraseHasHead ? phrase + " " + preposition : preposition;
                phraseHasHead = false;
                if (WH.contains(word(words, i + 1)) || i + 1 == asked.typeAt() - 1) {
                    phrase = null; // "by whom", "in which year": the question word is the object
                } else if (!hasObject(tokens, words, i + 1)) {
                    String particle = "~" + phrase;
                    content.add(particle);
                    surface.putIfAbsent(particle, w);
                    roles.computeIfAbsent(particle, k -> new LinkedHashSet<>()).add((negated ? "!" : "") + "core");
                    phrase = null;
                }
                continue;
            }
            boolean contentWord = token.isWord() && !Vocabulary.FUNCTION_WORDS.contains(w)
                    && !Vocabulary.FRAMING_WORDS.contains(w) && !AUXILIARIES.contains(w)
                    && !Vocabulary.QUANTIFIERS.containsKey(w) && !(i < procedureEnd);
            if (!contentWord) {
                if (!isDeterminer(w)) {
                    phrase = null;
                }
                continue;
            }
            String stem = stem(stemmer, lemma(w, word(words, i - 1)));
            lastWasLight = phrase == null && isLight(w);
            phraseHasHead |= phrase != null;
            content.add(stem);
            surface.putIfAbsent(stem, w);
            String role = (negated ? "!" : "") + (phrase == null ? "core" : phrase);
            roles.computeIfAbsent(stem, k -> new LinkedHashSet<>()).add(role);
            if (phrase == null && !isOnlyAdjective(w) && i != asked.outOfOrderAt()) {
                // an adjective may stand before or after its noun ("the longest river", "which
                // river is the longest"): its position says nothing; nor does the position of
                // what "how many" counts ("how many legs does a spider have")
                core.add(stem);
                if (possessor != null && !possessor.equals(stem)) {
                    core.add(possessor);
                    possessor = null;
                }
            }
            lastStem = stem;
        }
        if (possessor != null) {
            core.add(possessor);
        }
        return new Question(text, asked.form(), asked.byAgent(), tense(tokens, words), Set.copyOf(modals), negations, List.copyOf(quantifiers),
                List.copyOf(arithmetic), Set.copyOf(content), Map.copyOf(roles), List.copyOf(core), Map.copyOf(surface));
    }

    /** "Can you tell me", "please explain", "I want to know": words before the question itself. */
    private static int politeOpenerEnd(List<String> words) {
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i);
            if (w.equals("please") || w.equals("pls") || w.equals("kindly") || w.equals("hey") || w.equals("hi")
                    || w.equals("quick") || w.equals("q") || w.equals("so")) {
                i++;
            } else if ((w.equals("can") || w.equals("could") || w.equals("would") || w.equals("will"))
                    && (word(words, i + 1).equals("you") || word(words, i + 1).equals("u"))
                    && ASKING_VERBS.contains(word(words, i + 2))) {
                i += 2;
            } else if (w.equals("do") && word(words, i + 1).equals("you") && word(words, i + 2).equals("know")) {
                i += 3;
            } else if (w.equals("i") && (word(words, i + 1).equals("want") || word(words, i + 1).equals("would")
                    || word(words, i + 1).equals("need")) && word(words, i + 2).equals("to")
                    || w.equals("i") && word(words, i + 1).equals("would") && word(words, i + 2).equals("like")) {
                i += 3;
                if (word(words, i).equals("to")) {
                    i++;
                }
                if (word(words, i).equals("know") || word(words, i).equals("understand")) {
                    i++;
                }
            } else if (ASKING_VERBS.contains(w) && (word(words, i + 1).equals("me") || word(words, i + 1).equals("us"))
                    && WH.contains(word(words, i + 2))) {
                i += 2; // "tell me why", "explain to me how"
            } else if (ASKING_VERBS.contains(w) && WH.contains(word(words, i + 1))) {
                i += 1; // "explain why"
            } else {
                break;
            }
        }
        return i;
    }

    /** "How do I", "how can you", "how to": an opener of a procedure, whose modal changes nothing. */
    private static int procedureOpenerEnd(List<String> words, int from) {
        if (!word(words, from).equals("how")) {
            return from;
        }
        if (word(words, from + 1).equals("to")) {
            return from + 2;
        }
        if ((Vocabulary.MODALS.containsKey(word(words, from + 1)) || word(words, from + 1).equals("do")
                || word(words, from + 1).equals("does")) && SUBJECT_PRONOUNS.contains(word(words, from + 2))) {
            return from + 3;
        }
        return from;
    }

    /**
     * The kind of answer asked for, {@code |} the noun that types it when there is one ("which
     * composer": {@code thing|composer}; "in what year": {@code when|year}). The question word
     * may stand anywhere ("Titanic won how many awards?"); "what" and "which" followed by a word
     * of time ask when, after "in" or "at" and followed by a place they ask where; "who", "what",
     * "which" and an order ("explain X") all ask for a thing.
     *
     * @param typeAt the index of the typing noun or the measure after "how" (not a topic word), or -1
     * @param byAgent the question word is the agent of a passive verb ("written by whom"): the
     *     subject and object have swapped places
     * @param outOfOrderAt the index of the noun "how many" counts (a topic word, but fronted with
     *     the question word, so its position says nothing), or -1
     */
    private record Form(String form, int typeAt, boolean byAgent, int outOfOrderAt) {

        Form(String form, int typeAt, boolean byAgent) {
            this(form, typeAt, byAgent, -1);
        }
    }

    private Form form(List<String> words, int from, boolean asks) {
        int at = -1;
        for (int i = from; i < words.size(); i++) {
            if (WH.contains(words.get(i)) && (i == from || asks)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return new Form(AUXILIARIES.contains(word(words, from)) ? "yes-no" : "thing", -1, false);
        }
        String wh = words.get(at);
        String next = word(words, at + 1);
        String before = word(words, at - 1);
        boolean byAgent = before.equals("by");
        switch (wh) {
            case "how" -> {
                boolean counts = next.equals("many") || next.equals("much");
                // "how fast": the measure is the kind of answer, not a topic word
                return new Form(HOW_MEASURES.contains(next) ? "how " + next : "how",
                        HOW_MEASURES.contains(next) ? at + 1 : -1, false, counts ? nounAfter(words, at + 2) : -1);
            }
            case "what", "which" -> {
                if (next.isEmpty() || AUXILIARIES.contains(next) || !lexicon.canBe(POS.NOUN, next)
                        || Vocabulary.FUNCTION_WORDS.contains(next) || Vocabulary.PREPOSITIONS.contains(next)) {
                    return new Form("thing", -1, byAgent);
                }
                if (lexicon.lemma(POS.NOUN, next).equals("cause") || next.equals("reason")) {
                    return new Form("why", at + 1, false); // "what causes tides" asks why
                }
                int head = at + 1;
                while (head + 1 < words.size() && lexicon.canBe(POS.NOUN, words.get(head + 1))
                        && !AUXILIARIES.contains(words.get(head + 1)) && !Vocabulary.PREPOSITIONS.contains(words.get(head + 1))
                        && !Vocabulary.FUNCTION_WORDS.contains(words.get(head + 1))) {
                    head++; // "which Roman deity": the type is the deity
                }
                next = words.get(head);
                String type = lexicon.lemma(POS.NOUN, next);
                if (isTimeWord(next)) {
                    return new Form("when|" + type, head, false);
                }
                if ((before.equals("in") || before.equals("at")) && lexicon.isKindOfAny(next, PLACES, 2)) {
                    return new Form("where|" + type, head, false);
                }
                return new Form("thing|" + type, head, byAgent);
            }
            case "who", "whom" -> {
                return new Form("thing", -1, byAgent);
            }
            default -> {
                return new Form(wh, -1, false);
            }
        }
    }

    /** The head of the noun phrase starting at {@code from} ("how many Academy Awards": Awards), or -1. */
    private int nounAfter(List<String> words, int from) {
        int head = -1;
        for (int i = from; i < words.size() && lexicon.canBe(POS.NOUN, words.get(i))
                && !AUXILIARIES.contains(words.get(i)) && !Vocabulary.FUNCTION_WORDS.contains(words.get(i))
                && !Vocabulary.PREPOSITIONS.contains(words.get(i)); i++) {
            head = i;
        }
        return head;
    }

    private static final List<Lexicon.Anchor> PLACES = List.of(Lexicon.Anchor.noun("location", 1),
            Lexicon.Anchor.noun("region", 1), Lexicon.Anchor.noun("geographical area", 1),
            Lexicon.Anchor.noun("country", 2), Lexicon.Anchor.noun("city", 1), Lexicon.Anchor.noun("state", 1));

    private boolean isTimeWord(String word) {
        return !word.isEmpty() && (lexicon.isKindOf(word, Lexicon.Anchor.noun("time unit", 1), 1)
                || lexicon.isKindOf(word, Lexicon.Anchor.noun("calendar day", 1), 1)
                || lexicon.isKindOf(word, Lexicon.Anchor.noun("date", 1), 1)
                || lexicon.isKindOf(word, Lexicon.Anchor.noun("time period", 1), 1));
    }

    /** The tense of the first auxiliary, else past when a verb is in a past form. */
    private String tense(List<Token> tokens, List<String> words) {
        for (String w : words) {
            if (PAST_AUXILIARIES.contains(w)) {
                return "past";
            }
            if (PRESENT_AUXILIARIES.contains(w)) {
                return "present";
            }
            if (w.equals("will") || w.equals("shall")) {
                return "future";
            }
        }
        for (int i = 0; i < words.size(); i++) {
            if (isPastForm(tokens.get(i), words.get(i), i > 0 && !isDeterminer(words.get(i - 1))
                    && !tokens.get(i - 1).number())) {
                return "past";
            }
        }
        return "present";
    }

    private boolean isPastForm(Token token, String w, boolean afterQuestionWord) {
        if (!token.isWord() || w.length() < 3 || w.endsWith("ing") || lexicon.has(POS.VERB, w)
                || Vocabulary.FUNCTION_WORDS.contains(w)) {
            return false;
        }
        for (String base : lexicon.baseForms(POS.VERB, w)) {
            if (!base.equals(w) && !w.equals(base + "s") && !w.equals(base + "es")) {
                return !lexicon.has(POS.NOUN, w) || w.endsWith("ed") || afterQuestionWord;
            }
        }
        return false;
    }

    /** Nouns that name a way of doing or an amount of what their phrase names: "the steps to", "the number of". */
    private static final List<Lexicon.Anchor> LIGHT = List.of(Lexicon.Anchor.noun("method", 1),
            Lexicon.Anchor.noun("procedure", 1), Lexicon.Anchor.noun("process", 1), Lexicon.Anchor.noun("way", 1),
            Lexicon.Anchor.noun("way", 2), Lexicon.Anchor.noun("formula", 1), Lexicon.Anchor.noun("step", 1),
            Lexicon.Anchor.noun("syntax", 1), Lexicon.Anchor.noun("command", 1), Lexicon.Anchor.noun("number", 1),
            Lexicon.Anchor.noun("amount", 1), Lexicon.Anchor.noun("quantity", 1));

    private boolean isLight(String w) {
        return lexicon.canBe(POS.NOUN, w) && lexicon.isKindOfAny(lexicon.lemma(POS.NOUN, w), LIGHT, 1);
    }

    /** A verb follows "to" directly, without a determiner: "to change", not "to the moon" or "to JSON". */
    private boolean isInfinitive(List<Token> tokens, List<String> words, int at) {
        return at < tokens.size() && tokens.get(at).isWord() && !tokens.get(at).capitalized()
                && lexicon.has(POS.VERB, words.get(at)) && !isDeterminer(words.get(at))
                && !Vocabulary.FUNCTION_WORDS.contains(words.get(at));
    }

    /** A content word or a number follows before the next preposition, auxiliary or question word. */
    private static boolean hasObject(List<Token> tokens, List<String> words, int from) {
        for (int i = from; i < tokens.size(); i++) {
            String w = words.get(i);
            if (isDeterminer(w) || Vocabulary.QUANTIFIERS.containsKey(w)) {
                continue;
            }
            return !Vocabulary.PREPOSITIONS.contains(w) && !AUXILIARIES.contains(w) && !WH.contains(w)
                    && !w.equals("and") && !w.equals("or") && !w.equals("but") && (tokens.get(i).isWord()
                    || tokens.get(i).number()) && !Vocabulary.FUNCTION_WORDS.contains(w);
        }
        return false;
    }

    /** The dictionary form: "bacteria" is "bacterium", "wrote" is "write"; names with signs stay as written. */
    private String lemma(String w, String before) {
        if (!w.chars().allMatch(Character::isLetter)) {
            return w;
        }
        if ((WH.contains(before) || AUXILIARIES.contains(before)) && lexicon.canBe(POS.VERB, w)) {
            return lexicon.lemma(POS.VERB, w); // "who won": a verb, not the currency
        }
        if (lexicon.canBe(POS.NOUN, w)) {
            return lexicon.lemma(POS.NOUN, w);
        }
        return lexicon.canBe(POS.VERB, w) ? lexicon.lemma(POS.VERB, w) : w;
    }

    private boolean isOnlyAdjective(String w) {
        return lexicon.canBe(POS.ADJECTIVE, w) && !lexicon.canBe(POS.NOUN, w) && !lexicon.canBe(POS.VERB, w);
    }

    private static boolean isNumber(List<Token> tokens, List<String> words, int i) {
        return i >= 0 && i < tokens.size() && (tokens.get(i).number() || Vocabulary.NUMBER_WORDS.containsKey(words.get(i)));
    }

    private static boolean isDeterminer(String w) {
        return w.equals("a") || w.equals("an") || w.equals("the") || w.equals("my") || w.equals("your")
                || w.equals("our") || w.equals("their") || w.equals("his") || w.equals("her") || w.equals("its")
                || w.equals("this") || w.equals("that") || w.equals("these") || w.equals("those");
    }

    private static String word(List<String> words, int i) {
        return i >= 0 && i < words.size() ? words.get(i) : "";
    }

    private static String stem(EnglishStemmer stemmer, String word) {
        stemmer.setCurrent(word);
        stemmer.stem();
        return stemmer.getCurrent();
    }
}
