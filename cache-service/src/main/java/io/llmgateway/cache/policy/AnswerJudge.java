package io.llmgateway.cache.policy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges an answer before it is stored: the answer is known then, and a refused entry costs no
 * latency. A model that says its answer holds only "as of" some date, that it has no real-time
 * data, that it cannot see the asker's things or needs more from them, or that it will not
 * answer, has given an answer that must not be served to the next asker. These are patterns of
 * how assistants word such answers, not of any prompt.
 */
public final class AnswerJudge {

    private static final Pattern DATED = Pattern.compile(
            "(?i)\\bas of (?:my |the )?(?:last |latest |most recent )?(?:update|knowledge|training|writing|today|now"
            + "|\\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)"
            + "|\\bknowledge cut-?off\\b|\\breal[- ]time\\b|\\bat the time of (?:writing|my last)"
            + "|\\b(?:latest|current|up-to-date) (?:information|data|figures|news)\\b");
    private static final Pattern NO_ACCESS = Pattern.compile(
            "(?i)\\bI (?:do not|don't|cannot|can't|can not|am unable to|am not able to) (?:have access|access|see|view"
            + "|browse|know (?:your|what you|where you|who you))"
            + "|\\b(?:you haven't|you have not) (?:provided|shared|attached|included|pasted)"
            + "|\\b(?:could|can) you (?:please )?(?:share|provide|paste|upload|tell me more)"
            + "|\\bplease (?:share|provide|paste|upload)\\b");
    private static final Pattern REFUSAL = Pattern.compile(
            "(?i)^\\s*(?:I'm sorry|I am sorry|Sorry|I can't help|I cannot help|I won't|I will not)\\b");

    /** The reason not to store, or empty when the answer may be stored. */
    public Optional<String> refusal(String answer) {
        if (answer == null || answer.isBlank()) {
            return Optional.of("empty answer");
        }
        if (DATED.matcher(answer).find()) {
            return Optional.of("the answer is dated or says it lacks current data");
        }
        if (NO_ACCESS.matcher(answer).find()) {
            return Optional.of("the answer needs the asker's own context");
        }
        if (REFUSAL.matcher(answer).find()) {
            return Optional.of("the answer is a refusal or an apology");
        }
        return Optional.empty();
    }
}
