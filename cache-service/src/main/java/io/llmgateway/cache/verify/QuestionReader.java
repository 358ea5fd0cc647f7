package io.llmgateway.cache.verify;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * Reads a question into a {@link Question}: Lucene's {@link StandardTokenizer} (Unicode word
 * breaks) and {@link EnglishPossessiveFilter}, the Snowball English stemmer, and the word lists
 * of {@link Vocabulary}. Thread-safe: every call uses its own token stream and stemmer.
 */
public final class QuestionReader {

    private static final Pattern NUMBER = Pattern.compile("\\d+([.,]\\d+)*(st|nd|rd|th)?");

    /** Names whose symbols the tokenizer would drop ("C++" would read as "C"). */
    private static final List<Map.Entry<Pattern, String>> SYMBOL_NAMES = List.of(
            Map.entry(Pattern.compile("(?i)(?<![\\w+])c\\+\\+"), " cplusplus "),
            Map.entry(Pattern.compile("(?i)(?<!\\w)c#"), " csharp "),
            Map.entry(Pattern.compile("(?i)(?<!\\w)f#"), " fsharp "),
            Map.entry(Pattern.compile("(?i)(?<!\\w)\\.net\\b"), " dotnet "),
            Map.entry(Pattern.compile("%"), " percent "));

    private static final List<Map.Entry<Pattern, String>> CONTRACTIONS = List.of(
            Map.entry(Pattern.compile("(?i)\\bwon't\\b"), "will not"),
            Map.entry(Pattern.compile("(?i)\\bcan't\\b"), "can not"),
            Map.entry(Pattern.compile("(?i)\\bcannot\\b"), "can not"),
            Map.entry(Pattern.compile("(?i)\\bshan't\\b"), "shall not"),
            Map.entry(Pattern.compile("(?i)n't\\b"), " not"),
            Map.entry(Pattern.compile("(?i)'re\\b"), " are"),
            Map.entry(Pattern.compile("(?i)'ve\\b"), " have"),
            Map.entry(Pattern.compile("(?i)'ll\\b"), " will"),
            Map.entry(Pattern.compile("(?i)'m\\b"), " am"),
            Map.entry(Pattern.compile("(?i)'d\\b"), " would"));

    /** Words that may stand between a preposition and its object ("from my laptop"). */
    private static final Set<String> DETERMINERS = Set.of("a", "an", "the", "my", "your", "our", "their", "his",
            "her", "its", "this", "that", "these", "those", "some", "any", "all", "each", "every");

    public Question read(String text) {
        String prepared = prepare(text);
        List<String> numbers = new ArrayList<>();
        int negations = 0;
        Set<String> content = new LinkedHashSet<>();
        List<String> core = new ArrayList<>();
        Set<String> directional = new LinkedHashSet<>();
        Map<String, String> surface = new HashMap<>();
        Set<String> capitalized = new LinkedHashSet<>();
        EnglishStemmer stemmer = new EnglishStemmer();

        Phrase phrase = null; // the prepositional phrase being read, if any
        boolean sentenceStart = true;
        for (String token : tokens(prepared)) {
            String word = token.toLowerCase(Locale.ROOT);
            boolean number = NUMBER.matcher(word).matches() || Vocabulary.NUMBER_WORDS.containsKey(word);
            String canonical = Vocabulary.SYNONYMS.getOrDefault(word, word);
            boolean contentWord = !number && !Vocabulary.NEGATIONS.contains(word)
                    && !Vocabulary.PREPOSITIONS.contains(word) && !DETERMINERS.contains(word)
                    && !Vocabulary.FUNCTION_WORDS.contains(word) && !Vocabulary.FRAMING_WORDS.contains(word)
                    && !Vocabulary.FRAMING_WORDS.contains(canonical);
            if (phrase != null && !contentWord && !DETERMINERS.contains(word)) {
                phrase.closeInto(directional);
                phrase = null;
            }
            if (number) {
                numbers.add(Vocabulary.NUMBER_WORDS.getOrDefault(word, word.replace(",", "")));
            } else if (Vocabulary.NEGATIONS.contains(word)) {
                negations++;
            } else if (Vocabulary.PREPOSITIONS.contains(word)) {
                phrase = new Phrase(Vocabulary.DIRECTION_ALIASES.getOrDefault(word, word));
            } else if (contentWord) {
                String stem = stem(stemmer, canonical);
                content.add(stem);
                surface.putIfAbsent(stem, word);
                if (!sentenceStart && Character.isUpperCase(token.charAt(0))) {
                    capitalized.add(stem);
                }
                if (phrase != null) {
                    phrase.head = stem;
                } else if (!isSuperlative(word)) {
                    // A superlative may stand before or after its noun ("the tallest mountain",
                    // "which mountain is the tallest"): its position says nothing.
                    core.add(stem);
                }
            }
            sentenceStart = false;
        }
        if (phrase != null) {
            phrase.closeInto(directional);
        }
        return new Question(text, List.copyOf(numbers), negations, Set.copyOf(content), List.copyOf(core),
                Set.copyOf(directional), Map.copyOf(surface), Set.copyOf(capitalized));
    }

    /** A preposition and the last content word after it: the head of an English noun phrase. */
    private static final class Phrase {
        final String preposition;
        String head;

        Phrase(String preposition) {
            this.preposition = preposition;
        }

        void closeInto(Set<String> directional) {
            if (head != null && Vocabulary.DIRECTIONAL.contains(preposition)) {
                directional.add(preposition + ":" + head);
            }
        }
    }

    private static boolean isSuperlative(String word) {
        return word.length() > 5 && word.endsWith("est") && !word.endsWith("nest") && !word.endsWith("quest")
                && !word.endsWith("test") && !word.endsWith("rest");
    }

    private static String prepare(String text) {
        String prepared = text.replace('\u2019', '\'').replace('\u2018', '\'');
        for (var rule : SYMBOL_NAMES) {
            prepared = rule.getKey().matcher(prepared).replaceAll(rule.getValue());
        }
        for (var rule : CONTRACTIONS) {
            prepared = rule.getKey().matcher(prepared).replaceAll(rule.getValue());
        }
        return prepared;
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StandardTokenizer tokenizer = new StandardTokenizer();
        tokenizer.setReader(new StringReader(text));
        try (TokenStream stream = new EnglishPossessiveFilter(tokenizer)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tokenize a string", e); // a StringReader does not fail
        }
        return tokens;
    }

    private static String stem(EnglishStemmer stemmer, String word) {
        stemmer.setCurrent(word);
        stemmer.stem();
        return stemmer.getCurrent();
    }
}
