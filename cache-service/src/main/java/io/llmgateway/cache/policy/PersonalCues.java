package io.llmgateway.cache.policy;

import io.llmgateway.cache.language.Lexicon.Anchor;
import java.util.List;
import java.util.Set;
import net.sf.extjwnl.data.POS;

/**
 * Finds prompts whose right answer depends on who asks: a question about the value of the
 * asker's own things ("where are my keys", not "how do I reset my password"), about their own
 * past, or about context the prompt does not hold (a document they attached, text above, what
 * was said before).
 */
final class PersonalCues {

    private PersonalCues() {}

    private static final Set<String> FIRST_PERSON = Set.of("my", "mine", "myself");
    /** "How much", "how many", "how old": the question asks for a value. */
    private static final Set<String> VALUE_MEASURES = Set.of("much", "many", "old", "long", "tall", "big", "far",
            "often");
    /** Where the missing context would be: "above", "attached", "earlier". */
    private static final Set<String> ELSEWHERE = Set.of("above", "attached", "earlier", "previous", "previously",
            "preceding", "aforementioned", "enclosed", "uploaded", "pasted", "shared");
    /** What a user refers to without including it. */
    private static final List<Anchor> CONTEXT_THINGS = List.of(
            Anchor.noun("document", 1), Anchor.noun("document", 2), Anchor.noun("text", 1), Anchor.noun("file", 1),
            Anchor.noun("message", 1), Anchor.noun("written communication", 1), Anchor.noun("code", 3),
            Anchor.noun("computer program", 1), Anchor.noun("image", 1), Anchor.noun("photograph", 1),
            Anchor.noun("conversation", 1), Anchor.noun("discussion", 1), Anchor.noun("answer", 1),
            Anchor.noun("list", 1), Anchor.noun("function", 5), Anchor.noun("error", 1), Anchor.noun("table", 1),
            Anchor.noun("data", 1), Anchor.noun("paragraph", 1), Anchor.noun("passage", 1), Anchor.noun("chart", 1),
            Anchor.noun("screenshot", 1), Anchor.noun("recording", 1), Anchor.noun("spreadsheet", 1));
    /** Verbs of telling and handing over: what "I" or "you" did earlier in a conversation. */
    private static final List<Anchor> TELLING = List.of(
            Anchor.verb("communicate", 2), Anchor.verb("tell", 1), Anchor.verb("say", 1), Anchor.verb("give", 3),
            Anchor.verb("send", 1), Anchor.verb("transfer", 1), Anchor.verb("attach", 1), Anchor.verb("upload", 1),
            Anchor.verb("paste", 1), Anchor.verb("write", 1), Anchor.verb("discuss", 1), Anchor.verb("mention", 1),
            Anchor.verb("agree", 1), Anchor.verb("decide", 1), Anchor.verb("suggest", 1), Anchor.verb("share", 1),
            Anchor.verb("ask", 1), Anchor.verb("leave", 1), Anchor.verb("put", 1), Anchor.verb("buy", 1),
            Anchor.verb("order", 1), Anchor.verb("pay", 1), Anchor.verb("spend", 1), Anchor.verb("eat", 1));

    static String find(Reading r, int currentYear) {
        if (pointsAtSomethingNotShown(r)) {
            return "refers to context the prompt does not contain";
        }
        if (isProcedure(r)) {
            return null; // "how do I delete my account": the steps are the same for everyone
        }
        if (asksAboutTheAsker(r, currentYear)) {
            return "asks about the user";
        }
        if (asksWhereTheAskerIs(r)) {
            return "depends on where the user is";
        }
        if (asksAboutOwnThings(r)) {
            return "asks for the user's own data";
        }
        if (asksAboutOwnPast(r, currentYear)) {
            return "asks about the user's own past";
        }
        if (asksAboutSelf(r)) {
            return "asks about the user";
        }
        return null;
    }

    private static boolean isProcedure(Reading r) {
        String first = r.word(0);
        return first.equals("how") && (Reading.MODALS.contains(r.word(1)) || r.word(1).equals("do")
                || r.word(1).equals("to"));
    }

    /** Auxiliaries of a question about the asker's own state or past: "am I", "did I", "have I", "do I". */
    private static final Set<String> SELF_AUXILIARIES = Set.of("am", "was", "did", "have", "had", "do");

    /**
     * "How much do I weigh?", "Did I pass?", "What plan am I on?", "Why was I charged twice?": the
     * asker is the subject of the question, and no "how do I" makes it a procedure. "Do I" with a
     * purpose ("do I need a visa to enter Japan") asks a general rule.
     */
    private static boolean asksAboutTheAsker(Reading r, int currentYear) {
        for (int i = 0; i + 1 < r.size(); i++) {
            if (!SELF_AUXILIARIES.contains(r.word(i)) || !r.word(i + 1).equals("i")) {
                continue;
            }
            String first = r.word(0);
            if (first.equals("why") && !r.hasPastTense(currentYear) && !r.word(i).equals("am")) {
                return false; // "why do I yawn": a general why
            }
            if ((r.word(i).equals("do") || r.word(i).equals("am")) && (r.has("to")
                    || first.equals("what") && r.word(i + 2).equals("do")
                    || first.equals("when") || first.equals("where") || first.equals("how") && r.word(1).equals("do"))) {
                return false; // "do I need a visa to enter", "am I allowed to", "when do I use"
            }
            return !r.has("if");
        }
        return false;
    }

    /** "The nearest pharmacy", "a good coffee shop near me": the answer is where the asker is. */
    private static boolean asksWhereTheAskerIs(Reading r) {
        for (int i = 0; i + 1 < r.size(); i++) {
            if ((r.word(i).equals("near") || r.word(i).equals("around") || r.word(i).equals("close"))
                    && (r.word(i + 1).equals("me") || r.word(i + 1).equals("here") || r.word(i + 1).equals("us"))) {
                return true;
            }
        }
        return (r.has("nearest") || r.has("closest")) && !r.hasAny(Set.of("of", "to", "from")) && r.isQuestion();
    }

    /** "What is my blood type", "where are my keys", "is my flight on time". */
    private static boolean asksAboutOwnThings(Reading r) {
        if (!r.isQuestion() && r.imperativeVerb() < 0) {
            return false;
        }
        String first = r.word(0);
        if (first.equals("why") || first.equals("how") && !VALUE_MEASURES.contains(r.word(1)) || r.has("if")
                || first.equals("how") && Reading.MODALS.contains(r.word(2)) || r.has("happen") || r.has("happens")
                || Reading.QUESTION_WORDS.contains(first) && (r.word(1).equals("should") || r.word(1).equals("can")
                || r.word(1).equals("do") && r.word(2).equals("i") && r.word(3).equals("do"))) {
            return false; // "why does my battery drain", "what do I do if my sauce is salty": general answers
        }
        for (int i = 0; i < r.size(); i++) {
            if (FIRST_PERSON.contains(r.word(i)) && (r.nounAt(i + 1) != null || r.nounAt(i + 2) != null)) {
                return !containsTheData(r);
            }
        }
        return false;
    }

    /** "Where did I leave", "what did I say", "what did we decide", "you told me". */
    private static boolean asksAboutOwnPast(Reading r, int currentYear) {
        for (int i = 0; i + 1 < r.size(); i++) {
            String w = r.word(i);
            boolean speaker = w.equals("i") || w.equals("we") || w.equals("you");
            if (!speaker) {
                continue;
            }
            int verb = i + 1;
            if (Reading.PAST_AUXILIARIES.contains(r.word(i - 1)) || r.word(i + 1).equals("have")
                    || r.word(i + 1).equals("had")) {
                verb = r.word(i + 1).equals("have") || r.word(i + 1).equals("had") ? i + 2 : i + 1;
            } else if (!r.isPastForm(i + 1)) {
                continue;
            }
            if (r.lexicon.canBe(POS.VERB, r.word(verb)) && (w.equals("i") || w.equals("we") || r.isPastForm(verb)
                    || r.lexicon.isKindOfAny(r.verbLemma(verb), TELLING, 2))) {
                return true; // "the text I sent", "what we discussed", "the option you gave me"
            }
        }
        return false;
    }

    /** "Am I ...", "should I ...", "which one should I pick": an answer for this person. */
    private static boolean asksAboutSelf(Reading r) {
        String first = r.word(0);
        if (first.equals("am") && r.word(1).equals("i")) {
            return true;
        }
        // "should I take the job or stay": a choice only the asker can weigh
        return first.equals("should") && r.word(1).equals("i") && r.has("or");
    }

    /**
     * In the request itself: "shorten this", "is this link safe", "what song is this", "summarize
     * the meeting notes", "add comments to the code": something to work on that is not shown.
     */
    static boolean pointsAtSomethingNotShown(Reading r) {
        if (containsTheData(r) || r.imperativeVerb() < 0 && !r.isQuestion()) {
            return false;
        }
        for (int i = 0; i < r.size(); i++) {
            String w = r.word(i);
            String next = r.word(i + 1);
            if ((w.equals("this") || w.equals("these") || w.equals("those")) && !next.equals("quoted")
                    && !Reading.PRESENT_AUXILIARIES.contains(next) && !Reading.MODALS.contains(next)
                    && !(r.nounAt(i + 1) != null
                    && r.lexicon.isKindOf(r.nounAt(i + 1).lemma(), Anchor.noun("time period", 1), 2))) {
                return true;
            }
            if (w.equals("the") && r.nounAt(i + 1) != null && r.nounAt(i + 1).end() == i + 2
                    && r.lexicon.isKindOfAny(r.nounAt(i + 1).lemma(), CONTEXT_THINGS, 1)
                    && r.nounAt(i + 2) == null && !r.word(i + 2).equals("of") && !r.word(i + 2).equals("quoted")
                    && !r.tokens.get(i + 1).capitalized()) {
                return true;
            }
        }
        return false;
    }

    /** "Summarize the attached file", "fix the code above", "what did you mean in your last answer". */
    static boolean refersToMissingContext(Reading r) {
        if (containsTheData(r)) {
            return false;
        }
        for (int i = 0; i < r.size(); i++) {
            if (ELSEWHERE.contains(r.word(i)) && (i == r.size() - 1 || nearContextThing(r, i))) {
                return true;
            }

        }
        return false;
    }

    private static boolean nearContextThing(Reading r, int i) {
        for (int j = Math.max(0, i - 3); j < Math.min(r.size(), i + 3); j++) {
            Reading.Noun noun = r.nounAt(j);
            if (noun != null && r.lexicon.isKindOfAny(noun.lemma(), CONTEXT_THINGS, 2)) {
                return true;
            }
        }
        return false;
    }

    /** A quoted passage, a colon or a second line: the text the request is about is in the prompt. */
    private static boolean containsTheData(Reading r) {
        String text = r.text.strip();
        int colon = text.indexOf(':');
        return colon >= 0 && colon < text.length() - 12 || text.contains("\n") || text.contains("\"")
                || text.contains("```") || text.length() > 300;
    }
}
