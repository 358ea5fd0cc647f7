package io.llmgateway.cache.policy;

import io.llmgateway.cache.language.Lexicon.Anchor;
import java.util.List;
import java.util.Set;
import net.sf.extjwnl.data.POS;

/**
 * Finds questions whose right answer changes with time: words that point at the present
 * moment, the latest state of something, or a present-tense question about an attribute that
 * changes (who holds an office, what something costs, how old a person is, a ranking, whether a
 * place is open, when a scheduled event starts). A question in the past tense or about a past
 * year asks about a finished event and is left alone.
 */
final class TimeCues {

    private TimeCues() {}

    /** Words that point at the moment of asking (deixis), a closed class of English. */
    private static final Set<String> NOW_WORDS = Set.of("today", "todays", "tonight", "tomorrow", "yesterday", "now",
            "currently", "presently", "nowadays", "lately", "recently", "anymore", "still", "yet", "tmrw", "rn",
            "tn", "atm");
    /** Adjectives that ask for the latest state of what they qualify. */
    private static final Set<String> LATEST_WORDS = Set.of("current", "latest", "newest", "recent", "upcoming",
            "ongoing", "reigning", "incumbent", "sitting", "present", "next", "last", "live", "new", "this");

    /** People who hold a position for a time. */
    private static final List<Anchor> OFFICE_HOLDERS = List.of(
            Anchor.noun("head", 4), Anchor.noun("leader", 1), Anchor.noun("head of state", 1),
            Anchor.noun("executive", 1), Anchor.noun("executive", 3), Anchor.noun("official", 1),
            Anchor.noun("champion", 1), Anchor.noun("ruler", 1), Anchor.noun("holder", 2),
            Anchor.noun("owner", 1), Anchor.noun("coach", 1), Anchor.noun("manager", 1),
            Anchor.noun("director", 1), Anchor.noun("spokesperson", 1), Anchor.noun("representative", 1),
            Anchor.noun("spouse", 1), Anchor.noun("lover", 1));
    /** What something costs or is worth, and rates. */
    private static final List<Anchor> PRICES = List.of(
            Anchor.noun("price", 1), Anchor.noun("price", 2), Anchor.noun("cost", 1), Anchor.noun("value", 3),
            Anchor.noun("rate", 2), Anchor.noun("charge", 3), Anchor.noun("fee", 1), Anchor.noun("salary", 1),
            Anchor.noun("exchange rate", 1), Anchor.noun("interest rate", 1), Anchor.noun("net worth", 1));
    /** States that hold for a while: rankings, standings, statuses, schedules, weather, news, scores. */
    private static final List<Anchor> STATES = List.of(
            Anchor.noun("rank", 2), Anchor.noun("standing", 2), Anchor.noun("status", 2), Anchor.noun("status", 1),
            Anchor.noun("weather", 1), Anchor.noun("forecast", 1), Anchor.noun("news", 1), Anchor.noun("news", 2),
            Anchor.noun("score", 1), Anchor.noun("schedule", 1), Anchor.noun("timetable", 1),
            Anchor.noun("opening", 1), Anchor.noun("traffic", 1), Anchor.noun("record", 4),
            Anchor.noun("population", 1), Anchor.noun("version", 1), Anchor.noun("release", 4));
    /** What has hours or a schedule: places, organisations, events, shows. */
    private static final List<Anchor> SCHEDULED = List.of(
            Anchor.noun("facility", 1), Anchor.noun("organization", 1), Anchor.noun("social event", 1),
            Anchor.noun("show", 1), Anchor.noun("establishment", 2), Anchor.noun("building", 1),
            Anchor.noun("transport", 1), Anchor.noun("flight", 1), Anchor.noun("contest", 1),
            Anchor.noun("game", 2), Anchor.noun("season", 1));
    /** What a superlative ranks among that changes: people, organisations, made things. */
    private static final List<Anchor> RANKED = List.of(
            Anchor.noun("person", 1), Anchor.noun("organization", 1), Anchor.noun("artifact", 1),
            Anchor.noun("team", 1), Anchor.noun("city", 1), Anchor.noun("movie", 1),
            Anchor.noun("book", 1), Anchor.noun("song", 1), Anchor.noun("website", 1), Anchor.noun("language", 1));
    /** Predicates of the present state of a place or service. */
    private static final Set<String> STATE_ADJECTIVES = Set.of("open", "closed", "available", "busy", "crowded",
            "down", "online", "offline", "delayed", "cancelled", "canceled", "alive", "married", "single", "retired",
            "injured", "pregnant", "playing", "running", "working", "operating", "active", "sold", "free");
    /** Things people do for a time: live somewhere, work for, play for, date, own. */
    private static final List<Anchor> ONGOING_ACTIVITIES = List.of(
            Anchor.verb("live", 1), Anchor.verb("work", 1), Anchor.verb("play", 1), Anchor.verb("date", 1),
            Anchor.verb("own", 1), Anchor.verb("earn", 1), Anchor.verb("coach", 1), Anchor.verb("lead", 1),
            Anchor.verb("manage", 1), Anchor.verb("head", 1), Anchor.verb("run", 3), Anchor.verb("cost", 1),
            Anchor.verb("trade", 1), Anchor.verb("sell", 1), Anchor.verb("open", 1), Anchor.verb("close", 1),
            Anchor.verb("start", 1), Anchor.verb("begin", 1), Anchor.verb("air", 1), Anchor.verb("stream", 1));

    static String find(Reading r, int currentYear) {
        for (int i = 0; i < r.size(); i++) {
            String w = r.word(i);
            if (NOW_WORDS.contains(w) && !partOfEntry(r, i) && !(i > 0 && r.tokens.get(i).capitalized())) {
                return "refers to the present moment";
            }
            if (LATEST_WORDS.contains(w) && followsWithTimedNoun(r, i)) {
                return "asks for the latest state";
            }
        }
        int will = r.indexOf("will");
        if (will >= 0 && !Reading.DETERMINERS.contains(r.word(will - 1)) && r.isQuestion() && !r.has("if")
                && !r.has("happen") && r.startsWithQuestionWord()) {
            return "asks for a prediction";
        }
        if (!r.hasPresentTense() || r.hasPastTense(currentYear)) {
            return null; // a finished event, or no tense to go by
        }
        if (!asksForAValue(r)) {
            return null; // "why does ice float", "how do forecasters predict the weather": a mechanism
        }
        for (Reading.Noun noun : r.nouns) {
            String determiner = r.determinerOf(noun);
            if (Reading.INDEFINITE.contains(determiner) || isGenericPlural(r, noun, determiner)) {
                continue; // "what does a prime minister do": a definition, not a holder
            }
            if (r.lexicon.isKindOfAny(noun.lemma(), OFFICE_HOLDERS, 2) && asksWho(r, noun) && !modifiesNextNoun(r, noun)) {
                return "asks who holds a position now";
            }
            if (r.lexicon.isKindOfAny(noun.lemma(), PRICES, 2) && !modifiesNextNoun(r, noun)
                    && (determiner.equals("the") || determiner.equals("'s") || r.word(noun.end()).equals("of"))) {
                return "asks for a price or rate now";
            }
            if (r.lexicon.isKindOfAny(noun.lemma(), STATES, 1) && !modifiesNextNoun(r, noun) && ofSomethingNamed(r, noun)) {
                return "asks for a state that changes";
            }
        }
        if (r.word(0).equals("how") && (r.word(1).equals("old") || r.word(1).equals("much") && costs(r))) {
            return r.word(1).equals("old") ? "asks for an age now" : "asks for a price or rate now";
        }
        for (int i = 0; i < r.size(); i++) {
            if (isSuperlative(r, i)) {
                Reading.Noun ranked = nextNoun(r, i);
                if (ranked != null && r.lexicon.isKindOfAny(ranked.lemma(), RANKED, 1)) {
                    return "asks for a ranking now";
                }
            }
        }
        if (asksForAState(r)) {
            return "asks whether something is in a state now";
        }
        if (namedSubjectDoesSomethingNow(r)) {
            return "asks what someone named does now";
        }
        if ((r.word(0).equals("when") || r.word(0).equals("what") && r.word(1).equals("time"))
                && hasScheduledSubject(r)) {
            return "asks for a schedule";
        }
        return null;
    }

    /**
     * A question after a value: who, what, which, where, when, how much, how many, how old, or a
     * yes-no question; not "why" or "how does it work".
     */
    private static boolean asksForAValue(Reading r) {
        String first = r.word(0);
        if (first.equals("why")) {
            return false;
        }
        if (first.equals("how")) {
            String next = r.word(1);
            return !Reading.PRESENT_AUXILIARIES.contains(next) && !Reading.MODALS.contains(next) && !next.equals("to");
        }
        return true;
    }

    /** "this week", "next match", "current president" (but not "current account", "new york"). */
    private static boolean followsWithTimedNoun(Reading r, int i) {
        Reading.Noun noun = r.nounAt(i + 1);
        if (noun == null || r.nounAt(i) != null && r.nounAt(i).start() < i + 1 && r.nounAt(i).end() > i + 1) {
            return false;
        }
        if (r.word(i).equals("this") || r.word(i).equals("next") || r.word(i).equals("last")) {
            return r.lexicon.isKindOf(noun.lemma(), Anchor.noun("time period", 1), 2)
                    || r.lexicon.isKindOfAny(noun.lemma(), SCHEDULED, 1) && !r.word(i).equals("this");
        }
        if (r.lexicon.has(POS.NOUN, r.word(i) + " " + r.word(i + 1))) {
            return false; // "current account", "new moon"
        }
        // "current president", "latest version", "recent price": a state that changes, not "current law"
        return r.lexicon.isKindOfAny(noun.lemma(), OFFICE_HOLDERS, 2) || r.lexicon.isKindOfAny(noun.lemma(), STATES, 1)
                || r.lexicon.isKindOfAny(noun.lemma(), PRICES, 2) || r.lexicon.isKindOfAny(noun.lemma(), SCHEDULED, 1)
                || r.lexicon.isKindOf(noun.lemma(), Anchor.noun("time period", 1), 2)
                || r.lexicon.isKindOf(noun.lemma(), Anchor.noun("product", 1), 1);
    }

    /** The word is part of a multi-word entry ("now" in "here and now" would be; "still life"). */
    private static boolean partOfEntry(Reading r, int i) {
        Reading.Noun noun = r.nounAt(i);
        return noun != null && noun.end() - noun.start() > 1;
    }

    private static boolean isGenericPlural(Reading r, Reading.Noun noun, String determiner) {
        return determiner.isEmpty() && !r.word(noun.end() - 1).equals(noun.lemma()) && !r.tokens.get(noun.start()).capitalized();
    }

    /** "Who is the president of X", "X's president", "the CEO of Y": a holder, not a job description. */
    private static boolean asksWho(Reading r, Reading.Noun noun) {
        String determiner = r.determinerOf(noun);
        return determiner.equals("the") || determiner.equals("'s") || r.word(noun.end()).equals("of")
                || r.word(0).equals("who") || noun.start() > 0 && r.tokens.get(noun.start() - 1).capitalized();
    }

    private static boolean modifiesNextNoun(Reading r, Reading.Noun noun) {
        return r.nounAt(noun.end()) != null && !r.word(noun.end()).equals("'s")
                && r.tokens.get(noun.end()).isWord() && !isFunctionWord(r.word(noun.end()));
    }

    private static boolean isFunctionWord(String w) {
        return Reading.DETERMINERS.contains(w) || Reading.PRONOUNS.contains(w) || Reading.MODALS.contains(w)
                || Reading.PRESENT_AUXILIARIES.contains(w);
    }

    /** "the weather in Oslo", "Tokyo's population": a state of one named thing. */
    private static boolean ofSomethingNamed(Reading r, Reading.Noun noun) {
        String determiner = r.determinerOf(noun);
        if (determiner.equals("'s")) {
            return true;
        }
        String next = r.word(noun.end());
        if (next.equals("of") || next.equals("in") || next.equals("for") || next.equals("at")) {
            for (int i = noun.end() + 1; i < Math.min(r.size(), noun.end() + 4); i++) {
                if (r.tokens.get(i).capitalized()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean costs(Reading r) {
        for (int i = 0; i < r.size(); i++) {
            if (r.verbLemma(i).equals("cost") || r.word(i).equals("worth") || r.word(i).equals("price")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSuperlative(Reading r, int i) {
        String w = r.word(i);
        if (w.equals("most") || w.equals("least")) {
            return i + 1 < r.size() && r.lexicon.canBe(POS.ADJECTIVE, r.word(i + 1)) && r.word(i + 1).length() > 3;
        }
        if (!w.endsWith("est") || w.length() < 5) {
            return false;
        }
        return r.lexicon.baseForms(POS.ADJECTIVE, w).stream().anyMatch(base -> !base.equals(w));
    }

    private static Reading.Noun nextNoun(Reading r, int i) {
        for (int j = i + 1; j < Math.min(r.size(), i + 4); j++) {
            Reading.Noun noun = r.nounAt(j);
            if (noun != null && r.lexicon.canBe(POS.NOUN, r.word(j))) {
                Reading.Noun last = noun;
                while (r.nounAt(last.end()) != null && !r.word(last.end()).equals("in")) {
                    last = r.nounAt(last.end());
                }
                return last;
            }
        }
        return null;
    }

    /** "Is the Louvre open", "are the trains delayed": be + a definite or named subject + a state. */
    private static boolean asksForAState(Reading r) {
        if (!r.word(0).equals("is") && !r.word(0).equals("are") && !r.has("is") && !r.has("are")) {
            return false;
        }
        for (int i = 1; i < r.size(); i++) {
            if (STATE_ADJECTIVES.contains(r.word(i)) && !r.lexicon.has(POS.NOUN, r.word(i) + " " + r.word(i + 1))
                    && !r.word(i + 1).equals("under") && hasDefiniteOrNamedSubject(r, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDefiniteOrNamedSubject(Reading r, int before) {
        for (int j = 1; j < before; j++) {
            if (r.word(j).equals("the") || r.tokens.get(j).capitalized() || r.word(j).equals("'s")) {
                return true;
            }
        }
        return false;
    }

    /** "Where does Taylor Swift live", "who does Messi play for": a named subject and an ongoing activity. */
    private static boolean namedSubjectDoesSomethingNow(Reading r) {
        boolean named = false;
        for (int i = 1; i < r.size(); i++) {
            named |= r.tokens.get(i).capitalized() && !r.lexicon.canBe(POS.NOUN, r.word(i)) || r.word(i).equals("'s");
            if (named && (r.word(i - 1).equals("does") || r.tokens.get(i - 1).capitalized() || r.word(i - 1).equals("do"))
                    && r.lexicon.canBe(POS.VERB, r.word(i))
                    && r.lexicon.isKindOfAny(r.verbLemma(i), ONGOING_ACTIVITIES, 2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasScheduledSubject(Reading r) {
        for (Reading.Noun noun : r.nouns) {
            if (r.lexicon.isKindOfAny(noun.lemma(), SCHEDULED, 2) && !Reading.INDEFINITE.contains(r.determinerOf(noun))
                    && (r.determinerOf(noun).equals("the") || r.tokens.get(noun.start()).capitalized())) {
                return true;
            }
        }
        for (int i = 1; i < r.size(); i++) {
            if (r.tokens.get(i).capitalized() && !r.lexicon.canBe(POS.NOUN, r.word(i))) {
                return true;
            }
        }
        return false;
    }
}
