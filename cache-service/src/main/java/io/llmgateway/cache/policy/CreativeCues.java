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
            Anchor.noun("definition", 1), Anchor.noun("equation", 1), Anchor.noun("proof", 1),
            Anchor.noun("list", 1), Anchor.noun("example", 1), Anchor.noun("table", 1), Anchor.noun("chart", 1),
            Anchor.noun("script", 3), Anchor.noun("instruction", 1), Anchor.noun("algorithm", 1),
            Anchor.noun("explanation", 1), Anchor.noun("explanation", 2));
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
        if (!r.isQuestion() && (startsWithCreation(r) || isFragmentNamingAPiece(r))) {
            return "names a piece to be written";
        }
        for (int i = 0; i < r.size(); i++) {
            if (INVENTION.contains(r.word(i)) && (verb >= 0 || i == 0 || r.has("me") || r.has("us"))
                    && !r.startsWithQuestionWord()) {
                return "asks to invent";
            }
        }
        String first = r.word(0);
        if ((first.equals("what") || first.equals("which") || first.equals("who"))
                && r.word(1).equals("would") && r.word(2).equals("you")
                || first.equals("what") && r.word(1).equals("if")
                || first.equals("what") && r.word(1).equals("should") && (r.has("call") || r.has("name"))) {
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
        if (lemma.equals("describe") || lemma.equals("tell") || lemma.equals("imagine") || lemma.equals("outline")
                || lemma.equals("sketch")) {
            // "describe a dragon afraid of heights" is made up; "describe the water cycle" is not:
            // the object decides
            return true;
        }
        if (r.lexicon.isKindOfAny(lemma, EXPLAINING, 1)) {
            return false;
        }
        String phrasal = lemma + " " + r.word(verb + 1);
        return r.lexicon.isKindOfAny(lemma, MAKING, 3)
                || r.lexicon.has(POS.VERB, phrasal) && r.lexicon.isKindOfAny(phrasal, MAKING, 2);
    }

    /**
     * The object of a verb of making, read past "me", numbers and adjectives: a creation when it
     * is indefinite ("a rap", "some names", "three taglines") and a piece of communication, a
     * name, a character or a word WordNet does not know; never code, a query, a formula or a
     * summary, whose right answer is fixed; "the" makes it a known thing ("describe the water
     * cycle").
     */
    private static boolean objectIsCreation(Reading r, int verb) {
        String determiner = "";
        for (int i = verb + 1; i < Math.min(r.size(), verb + 8); i++) {
            String w = r.word(i);
            if (w.equals("me") || w.equals("us") || w.equals("up") || w.equals("with") || w.equals("out")) {
                continue;
            }
            if (Reading.DETERMINERS.contains(w) || Reading.INDEFINITE.contains(w) || r.tokens.get(i).number()
                    || w.equals("three") || w.equals("five") || w.equals("ten")) {
                determiner = determiner.isEmpty() ? w : determiner;
                continue;
            }
            Reading.Noun noun = r.nounAt(i);
            if (noun == null) {
                if (r.lexicon.canBe(POS.ADJECTIVE, w) || w.contains("-")) {
                    continue;
                }
                // a word WordNet does not know, lower-case, after "a": "a creepypasta"
                return !r.tokens.get(i).capitalized() && !r.lexicon.canBe(POS.VERB, w) && !w.equals("quoted")
                        && (determiner.equals("a") || determiner.equals("an"));
            }
            Reading.Noun head = noun;
            while (r.nounAt(head.end()) != null && r.tokens.get(head.end()).isWord()) {
                head = r.nounAt(head.end());
            }
            if (r.lexicon.isKindOfAny(head.lemma(), DETERMINATE, 2)) {
                return false;
            }
            if (r.lexicon.isKindOfAny(head.lemma(), CREATIONS, 2) || r.lexicon.isKindOfAny(noun.lemma(), CREATIONS, 2)) {
                return !determiner.equals("the") || r.word(verb).equals("tell") || r.word(verb).equals("write");
            }
            boolean indefinite = !determiner.equals("the") && !determiner.equals("this") && !determiner.equals("my")
                    && !determiner.equals("your") && !determiner.equals("that");
            return indefinite && (r.lexicon.isKindOf(head.lemma(), Anchor.noun("communication", 2), 2)
                    || r.lexicon.isKindOf(head.lemma(), Anchor.noun("fictional character", 1), 2))
                    || indefinite && isInventing(r.verbLemma(verb));
        }
        return false;
    }

    /** Verbs that make up whatever their object is: "conjure up a spell", "create a mascot". */
    private static boolean isInventing(String lemma) {
        return lemma.equals("invent") || lemma.equals("imagine") || lemma.equals("create") || lemma.equals("conjure")
                || lemma.equals("dream") || lemma.equals("come");
    }

    /**
     * "A toast for my brother's wedding", "Band name for retired accountants", "a sitcom premise
     * involving a llama": no verb, an indefinite or creative head, and what it is for.
     */
    private static boolean isFragmentNamingAPiece(Reading r) {
        for (int i = 0; i < r.size(); i++) {
            String w = r.word(i);
            if (Reading.PRESENT_AUXILIARIES.contains(w) || Reading.PAST_AUXILIARIES.contains(w)
                    || Reading.MODALS.contains(w) || Reading.QUESTION_WORDS.contains(w)) {
                return false;
            }
        }
        int start = Reading.INDEFINITE.contains(r.word(0)) || r.tokens.get(0).number() ? 1 : 0;
        for (int i = start; i < Math.min(r.size(), start + 5); i++) {
            String next = r.word(i + 1);
            if (next.equals("for") || next.equals("about") || next.equals("featuring") || next.equals("involving")
                    || next.equals("between") || next.equals("from") || next.equals("whose") || next.equals("where")
                    || next.equals("that") || next.equals("on") || next.equals("celebrating")) {
                Reading.Noun head = r.nounAt(i);
                if (head == null || r.lexicon.isKindOfAny(head.lemma(), DETERMINATE, 2) || FIXED.contains(head.lemma())) {
                    return false;
                }
                return start == 1 || r.lexicon.isKindOfAny(head.lemma(), CREATIONS, 2)
                        || r.lexicon.isKindOf(head.lemma(), Anchor.noun("communication", 2), 2);
            }
        }
        return false;
    }

    /** Heads that ask for what is known: "a list of", "an example of", "the difference between". */
    private static final Set<String> FIXED = Set.of("list", "example", "difference", "summary", "definition",
            "overview", "comparison", "explanation", "history", "timeline");

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
