package io.llmgateway.cache.language;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits English text into {@link Token}s. Contractions are written out first ("don't" reads
 * "do not", "what's" reads "what is"), so that negations and tense are plain words; a
 * possessive "'s" stays a token of its own. Operators and signs are kept as tokens: "17 + 5"
 * and "17 - 5" must not read alike.
 */
public final class Tokens {

    private Tokens() {}

    private static final Pattern TOKEN = Pattern.compile(
            "\\d+(?:[.,]\\d+)*(?:st|nd|rd|th|s)?"      // numbers, ordinals, decades
            + "|[\\p{L}\\p{M}][\\p{L}\\p{M}\\p{N}_]*(?:[.\\-][\\p{L}\\p{M}\\p{N}_]+)*" // words, node.js, e-mail
            + "|'s\\b"                                  // possessive
            + "|[+\\-*/=<>^%$€£#@&×÷±≤≥≠]");            // operators and signs

    private static final Pattern NUMBER = Pattern.compile("\\d.*");

    /** Names whose signs would read as operators: "C++" is no sum. */
    private static final List<Map.Entry<Pattern, String>> SIGNED_NAMES = List.of(
            Map.entry(Pattern.compile("(?i)(?<![\\w+])c\\+\\+"), " cplusplus "),
            Map.entry(Pattern.compile("(?i)(?<!\\w)c#"), " csharp "),
            Map.entry(Pattern.compile("(?i)(?<!\\w)f#"), " fsharp "),
            Map.entry(Pattern.compile("(?i)(?<!\\w)\\.net\\b"), " dotnet "));

    private static final List<Map.Entry<Pattern, String>> CONTRACTIONS = List.of(
            Map.entry(Pattern.compile("(?i)\\bwon't\\b"), "will not"),
            Map.entry(Pattern.compile("(?i)\\bcan't\\b"), "can not"),
            Map.entry(Pattern.compile("(?i)\\bcannot\\b"), "can not"),
            Map.entry(Pattern.compile("(?i)\\bshan't\\b"), "shall not"),
            Map.entry(Pattern.compile("(?i)\\bain't\\b"), "is not"),
            Map.entry(Pattern.compile("(?i)n't\\b"), " not"),
            Map.entry(Pattern.compile("(?i)'re\\b"), " are"),
            Map.entry(Pattern.compile("(?i)'ve\\b"), " have"),
            Map.entry(Pattern.compile("(?i)'ll\\b"), " will"),
            Map.entry(Pattern.compile("(?i)\\bi'm\\b"), "i am"),
            Map.entry(Pattern.compile("(?i)'d\\b"), " would"),
            // "'s" after a pronoun or question word is "is"; after a name it is a possessive.
            Map.entry(Pattern.compile("(?i)\\b(what|who|where|when|how|why|which|it|that|there|here|he|she|this)'s\\b"),
                    "$1 is"),
            Map.entry(Pattern.compile("(?i)\\b(what|who|where|when|how|why)s\\b"), "$1 is"));

    public static List<Token> of(String text) {
        String prepared = text.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u2212', '-');
        for (var rule : SIGNED_NAMES) {
            prepared = rule.getKey().matcher(prepared).replaceAll(rule.getValue());
        }
        for (var rule : CONTRACTIONS) {
            prepared = rule.getKey().matcher(prepared).replaceAll(rule.getValue());
        }
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(prepared);
        while (m.find()) {
            String text1 = m.group();
            boolean number = NUMBER.matcher(text1).matches();
            boolean symbol = !number && text1.length() == 1 && !Character.isLetter(text1.charAt(0));
            tokens.add(new Token(text1, text1.toLowerCase(Locale.ROOT), Character.isUpperCase(text1.charAt(0)),
                    number, symbol));
        }
        return List.copyOf(tokens);
    }
}
