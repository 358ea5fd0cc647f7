package io.llmgateway.cache.policy;

import io.llmgateway.cache.language.Lexicon.Anchor;
import java.util.List;
import java.util.Set;
import net.sf.extjwnl.data.POS;

/**
 * Finds requests to produce something original: a verb of making or telling with a piece of
 * writing, a saying, a joke, a song, a name or an idea as its object ("write an elegy", "give me
 * a motto", "dream up names"), a bare noun phrase naming such a piece ("An elegy for a
 * lighthouse keeper"), or an invitation to imagine. Code, queries and translations are made
 * too, but their right answer does not vary: they are not creative here.
 */
final class CreativeCues {

    private CreativeCues() {}

    /** Pieces whose right answer is not unique. */
    private static final List<Anchor> CREATIONS = List.of(
            Anchor.noun("literary composition", 1), Anchor.noun("writing", 2), Anchor.noun("verse", 2),
            Anchor.noun("saying", 1), Anchor.noun("joke", 1), Anchor.noun("wit", 1), Anchor.noun("song", 1),
            Anchor.noun("musical composition", 1), Anchor.noun("name", 1), Anchor.noun("title", 1),
            Anchor.noun("idea", 1), Anchor.noun("story", 2), Anchor.noun("story", 1), Anchor.noun("speech", 2),
            Anchor.noun("toast", 3), Anchor.noun("fictional character", 1), Anchor.noun("character", 4),
            Anchor.noun("plot", 1), Anchor.noun("promotion", 1), Anchor.noun("slogan", 1), Anchor.noun("message", 1),
            Anchor.noun("letter", 1), Anchor.noun("description", 2), Anchor.noun("design", 1),
            Anchor.noun("riddle", 1), Anchor.noun("pun", 1), Anchor.noun("greeting", 1), Anchor.noun("compliment", 1),
            Anchor.noun("recipe", 1), Anchor.noun("plan", 1), Anchor.noun("itinerary", 1), Anchor.noun("menu", 1),
            Anchor.noun("scenario", 1), Anchor.noun("dialogue", 1), Anchor.noun("caption", 1),
            Anchor.noun("nickname", 1), Anchor.noun("catchphrase", 1));
    /** Made things whose right answer is fixed: a query does one thing. */
    private static final List<Anchor> DETERMINATE = List.of(
            Anchor.noun("code", 3), Anchor.noun("computer program", 1), Anchor.noun("command", 1),
            Anchor.noun("function", 5), Anchor.noun("query", 2), Anchor.noun("formula", 1),
            Anchor.noun("regular expression", 1), Anchor.noun("translation", 1), Anchor.noun("summary", 1),
            Anchor.noun("definition", 1), Anchor.noun("equation", 1), Anchor.noun("proof", 1));
    /** Verbs that ask for a new thing to be made, told or thought of. */
    private static final List<Anchor> MAKING = List.of(
            Anchor.verb("create", 2), Anchor.verb("make", 3), Anchor.verb("compose", 1), Anchor.verb("compose", 2),
            Anchor.verb("write", 1), Anchor.verb("write", 2), Anchor.verb("invent", 1), Anchor.verb("think", 4),
            Anchor.verb("imagine", 1), Anchor.verb("devise", 1), Anchor.verb("draft", 1), Anchor.verb("suggest", 1),
            Anchor.verb("give", 3), Anchor.verb("tell", 1), Anchor.verb("tell", 2), Anchor.verb("generate", 1),
            Anchor.verb("produce", 2), Anchor.verb("come up", 1), Anchor.verb("brainstorm", 1),
            Anchor.verb("pitch", 1), Anchor.verb("coin", 1), Anchor.verb("name", 1), Anchor.verb("design", 1),
            Anchor.verb("sing", 1), Anchor.verb("dream", 1), Anchor.verb("craft", 1), Anchor.verb("propose", 1),
            Anchor.verb("plan", 1), Anchor.verb("rewrite", 1), Anchor.verb("describe", 1));
    /** Words that ask for the made-up and the new. */
    private static final Set<String> INVENTION = Set.of("imagine", "pretend", "fictional", "fictitious", "imaginary",
            "made-up", "invent", "roleplay", "role-play", "brainstorm", "catchy", "witty", "funny", "original",
            "creative", "hypothetical", "unique", "cute", "clever", "rhyming", "whimsical", "inspiring",
            "motivational", "heartfelt", "fun");

    static String find(Reading r) {
        int verb = r.imperativeVerb();
        if (verb >= 0 && isMaking(r, verb) && objectIsCreation(r, verb)) {
            return "asks to make something original";
        }
        if (!r.isQuestion() && startsWithCreation(r)) {
            return "names a piece to be written";
        }
        for (int i = 0; i < r.size(); i++) {
            if (INVENTION.contains(r.word(i)) && (verb >= 0 || i == 0 || r.has("me") || r.has("us"))
                    && !r.startsWithQuestionWord()) {
                return "asks to invent";
            }
        }
        if ((r.word(0).equals("what") || r.word(0).equals("which") || r.word(0).equals("who"))
                && r.word(1).equals("would") && r.word(2).equals("you")) {
            return "asks for an invented answer";
        }
        return null;
    }

    /** Verbs that ask for what is already known, however they are worded: explain, define, translate, state. */
    private static final List<Anchor> EXPLAINING = List.of(Anchor.verb("explain", 1), Anchor.verb("explain", 2),
            Anchor.verb("define", 1), Anchor.verb("define", 2), Anchor.verb("translate", 1), Anchor.verb("state", 1),
            Anchor.verb("summarize", 1), Anchor.verb("list", 1));

    private static boolean isMaking(Reading r, int verb) {
        String lemma = r.verbLemma(verb);
        if (r.lexicon.isKindOfAny(lemma, EXPLAINING, 1)) {
            return false;
        }
        if (lemma.equals("describe") || lemma.equals("tell")) {
            // "describe a fictional planet" is made up; "describe the water cycle" is not
            return true;
        }
        String phrasal = lemma + " " + r.word(verb + 1);
        return r.lexicon.isKindOfAny(lemma, MAKING, 3)
                || r.lexicon.has(POS.VERB, phrasal) && r.lexicon.isKindOfAny(phrasal, MAKING, 2);
    }

    /** The first noun after the verb, read past "me", numbers and adjectives: a creation, not code. */
    private static boolean objectIsCreation(Reading r, int verb) {
        for (int i = verb + 1; i < Math.min(r.size(), verb + 8); i++) {
            Reading.Noun noun = r.nounAt(i);
            if (noun == null || r.lexicon.canBe(POS.ADJECTIVE, r.word(i)) && r.nounAt(i + 1) != null
                    && !r.lexicon.has(POS.NOUN, noun.lemma() + " " + r.word(i + 1))) {
                if (r.word(i).equals("the") && !r.word(verb).equals("tell")) {
                    return false; // "give me the names of": names that exist
                }
                continue;
            }
            Reading.Noun head = noun;
            while (r.nounAt(head.end()) != null && r.tokens.get(head.end()).isWord()) {
                head = r.nounAt(head.end());
            }
            if (r.lexicon.isKindOfAny(head.lemma(), DETERMINATE, 2)) {
                return false;
            }
            return r.lexicon.isKindOfAny(head.lemma(), CREATIONS, 2) || r.lexicon.isKindOfAny(noun.lemma(), CREATIONS, 2);
        }
        return false;
    }

    /** "An elegy for a lighthouse keeper", "Three slogans for a bakery". */
    private static boolean startsWithCreation(Reading r) {
        String first = r.word(0);
        if (r.lexicon.has(POS.VERB, first) && !r.lexicon.isKindOfAny(r.lexicon.lemma(POS.NOUN, first), CREATIONS, 2)) {
            return false; // "Define irony": an order about a piece, not the piece
        }
        int i = 0;
        if (Reading.INDEFINITE.contains(r.word(0)) || r.tokens.size() > 0 && r.tokens.get(0).number()) {
            i = 1;
        }
        for (int j = i; j < Math.min(r.size(), i + 4); j++) {
            Reading.Noun noun = r.nounAt(j);
            if (noun != null && r.lexicon.isKindOfAny(noun.lemma(), CREATIONS, 2)
                    && !r.lexicon.isKindOfAny(noun.lemma(), DETERMINATE, 2)
                    && !r.lexicon.isKindOf(noun.lemma(), io.llmgateway.cache.language.Lexicon.Anchor.noun("concept", 1), 2)) {
                String next = r.word(noun.end());
                return next.equals("for") || next.equals("about") || next.equals("on") || next.equals("to")
                        || next.equals("in") || next.equals("celebrating") || next.isEmpty() || next.equals("that");
            }
        }
        return false;
    }
}
