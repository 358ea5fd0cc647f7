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
        int verb = r.imperativeVerb();
        if (verb < 0 && r.word(0).equals("i") && r.lexicon.has(POS.VERB, r.word(1))) {
            verb = -1;
        }
        if (verb >= 0) {
            String lemma = r.verbLemma(verb);
            if (CHANCE_VERBS.contains(lemma) && (objectIs(r, verb, CHANCE_THINGS) || r.has("for") && r.has("me")
                    || r.has("or") || r.has("between"))) {
                return "asks for chance";
            }
            if ((lemma.equals("generate") || lemma.equals("create") || lemma.equals("make") || lemma.equals("give")
                    || lemma.equals("suggest")) && objectIs(r, verb, SECRETS)) {
                return "asks for a fresh secret";
            }
        }
        return null;
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
