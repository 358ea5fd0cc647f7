package io.llmgateway.cache.policy;

import io.llmgateway.cache.language.Lexicon.Anchor;
import java.util.List;
import java.util.Set;
import net.sf.extjwnl.data.POS;

/**
 * Finds requests for chance: to roll, flip, deal, draw or pick ("roll three dice", "pick a
 * card", "choose one for me"), for something random (but not "random access memory" or "a
 * random variable", which WordNet knows as entries), or for a fresh secret.
 */
final class ChanceCues {

    private ChanceCues() {}

    private static final Set<String> RANDOM_WORDS = Set.of("random", "randomly", "arbitrary", "arbitrarily",
            "randomize", "randomise", "shuffle", "shuffled");
    /** What one plays chance with. */
    private static final List<Anchor> CHANCE_THINGS = List.of(
            Anchor.noun("die", 1), Anchor.noun("dice", 1), Anchor.noun("coin", 1), Anchor.noun("playing card", 1),
            Anchor.noun("lottery", 1), Anchor.noun("lottery", 2), Anchor.noun("number", 1), Anchor.noun("number", 2),
            Anchor.noun("straw", 1), Anchor.noun("tarot card", 1), Anchor.noun("hand", 10), Anchor.noun("card", 1),
            Anchor.noun("winner", 1), Anchor.noun("color", 1), Anchor.noun("letter", 2), Anchor.noun("word", 1),
            Anchor.noun("side", 1), Anchor.noun("one", 1), Anchor.noun("option", 2), Anchor.noun("restaurant", 1));
    /** Secrets that must be new each time. */
    private static final List<Anchor> SECRETS = List.of(
            Anchor.noun("password", 1), Anchor.noun("passphrase", 1), Anchor.noun("key", 4),
            Anchor.noun("personal identification number", 1), Anchor.noun("identifier", 1), Anchor.noun("token", 1));
    /** Verbs of chance and of picking. */
    private static final Set<String> CHANCE_VERBS = Set.of("roll", "flip", "toss", "deal", "draw", "shuffle", "spin",
            "pick", "choose", "select", "decide", "throw");

    static String find(Reading r) {
        for (int i = 0; i < r.size(); i++) {
            if (RANDOM_WORDS.contains(r.word(i)) && !inEntry(r, i) && !isDefinition(r)) {
                return "asks for something random";
            }
        }
        if (r.has("heads") && r.has("tails") || r.has("surprise") && r.has("me")) {
            return "asks for chance";
        }
        if (asksToChooseBetween(r)) {
            return "asks to choose between alternatives";
        }
        if (leavesTheChoiceToTheModel(r)) {
            return "leaves a choice to chance";
        }
        int verb = r.imperativeVerb();
        if (verb >= 0) {
            String lemma = r.verbLemma(verb);
            if (GAME_VERBS.contains(lemma) && !r.word(verb + 1).equals("with")) {
                return "asks for chance";
            }
            if (CHANCE_VERBS.contains(lemma) && (objectIs(r, verb, CHANCE_THINGS) || r.has("for") && r.has("me")
                    || r.has("or") || r.has("between") || asksForAnyOne(r, verb))) {
                return "asks for chance";
            }
            if (PICKING_VERBS.contains(lemma) && asksForAnyOne(r, verb)) {
                return "asks for an arbitrary one";
            }
            if ((lemma.equals("generate") || lemma.equals("create") || lemma.equals("make") || lemma.equals("give")
                    || lemma.equals("suggest")) && (objectIs(r, verb, SECRETS) || r.hasAny(IDENTIFIERS))) {
                return "asks for a fresh secret";
            }
        }
        return null;
    }

    /** Verbs of games of chance: an order to roll, flip or spin is one to play. */
    private static final Set<String> GAME_VERBS = Set.of("roll", "flip", "toss", "shuffle", "spin", "shake");
    /** Verbs that name one of many: "pick an animal", "name a number", "give me a word". */
    private static final Set<String> PICKING_VERBS = Set.of("pick", "choose", "select", "name", "say", "think",
            "give", "tell", "draw", "pull", "throw", "deal", "assign", "split", "decide");
    /** Identifiers that must be new each time; not WordNet entries. */
    private static final Set<String> IDENTIFIERS = Set.of("uuid", "guid", "uuids", "guids", "pin", "nonce", "salt");
    /** Made things whose choice is fixed: "give me an example of" asks for a typical one. */
    private static final Set<String> FIXED_CHOICES = Set.of("example", "examples", "definition", "summary",
            "overview", "explanation", "list", "formula", "hint", "tip", "tips");

    /**
     * "Odd or even?", "Which one, A or B?": a short question made of alternatives, with no verb
     * of its own to ask about them ("Is a tomato a fruit or a vegetable?" has one).
     */
    private static boolean asksToChooseBetween(Reading r) {
        if (!r.text.strip().endsWith("?") || !r.has("or") || r.size() > 8) {
            return false;
        }
        for (int i = 0; i < r.size(); i++) {
            String w = r.word(i);
            if (Reading.PRESENT_AUXILIARIES.contains(w) || Reading.PAST_AUXILIARIES.contains(w)
                    || Reading.MODALS.contains(w) || Reading.QUESTION_WORDS.contains(w) && !w.equals("which")) {
                return false;
            }
        }
        return true;
    }

    /** "You decide", "just pick": the asker hands the choice over, with nothing to choose by. */
    private static boolean leavesTheChoiceToTheModel(Reading r) {
        for (int i = 0; i + 1 < r.size(); i++) {
            String verb = r.verbLemma(i + 1);
            if ((r.word(i).equals("you") || r.word(i).equals("just")) && (verb.equals("decide") || verb.equals("choose")
                    || verb.equals("pick") || verb.equals("select")) && !r.tokens.get(Math.min(i + 2, r.size() - 1)).isWord()) {
                return true;
            }
            if ((r.word(i).equals("you") || r.word(i).equals("just")) && (verb.equals("decide") || verb.equals("choose")
                    || verb.equals("pick")) && i + 2 >= r.size()) {
                return true;
            }
        }
        return r.has("any") && r.has("way") && (r.has("like") || r.has("want"));
    }

    /** "a number", "any word", "someone": one of many, with nothing to single it out. */
    private static boolean asksForAnyOne(Reading r, int verb) {
        for (int i = verb + 1; i < Math.min(r.size(), verb + 4); i++) {
            String w = r.word(i);
            if (w.equals("me") || w.equals("us") || w.equals("of") && r.word(i - 1).equals("think")) {
                continue;
            }
            if (w.equals("any") || w.equals("someone") || w.equals("something") || w.equals("anyone")
                    || w.equals("one")) {
                return true;
            }
            if (w.equals("a") || w.equals("an")) {
                String next = r.word(i + 1);
                return !FIXED_CHOICES.contains(next) && r.lexicon.canBe(POS.NOUN, next)
                        && !r.has("to") && !r.has("for") && !r.has("about") && !r.has("that") && !r.has("which");
            }
            return false;
        }
        return false;
    }

    /** "random access memory", "random variable": the word is part of a WordNet entry. */
    private static boolean inEntry(Reading r, int i) {
        Reading.Noun noun = r.nounAt(i);
        if (noun != null && noun.end() - noun.start() > 1) {
            return true;
        }
        String next = r.word(i + 1);
        return r.lexicon.has(POS.NOUN, r.word(i) + " " + next) || r.lexicon.has(POS.NOUN, r.word(i) + "-" + next);
    }

    /** "What is a random seed", "how does random sampling work": a question about the idea. */
    private static boolean isDefinition(Reading r) {
        boolean asksAbout = false;
        for (int i = 0; i < r.size() && !asksAbout; i++) {
            String w = r.word(i);
            asksAbout = w.equals("what") || w.equals("how") || w.equals("why") || w.equals("explain")
                    || w.equals("define") || w.equals("does");
        }
        boolean wantsOne = r.has("me") || r.has("give") || r.has("between") || r.has("pick") || r.has("choose")
                || r.tokens.stream().anyMatch(t -> t.number());
        boolean procedure = r.word(0).equals("how") && (Reading.MODALS.contains(r.word(1)) || r.word(1).equals("do")
                || r.word(1).equals("to"));
        return procedure && !(r.has("for") && r.has("me")) || asksAbout && !wantsOne;
    }

    private static boolean objectIs(Reading r, int verb, List<Anchor> kinds) {
        for (int i = verb + 1; i < Math.min(r.size(), verb + 6); i++) {
            Reading.Noun noun = r.nounAt(i);
            if (noun != null && r.lexicon.isKindOfAny(noun.lemma(), kinds, 2)) {
                return true;
            }
        }
        return false;
    }
}
