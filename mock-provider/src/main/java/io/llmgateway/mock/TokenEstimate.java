package io.llmgateway.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock's idea of a token: a word with the whitespace after it. Deterministic and good enough
 * for usage numbers and streaming pace; the mock is not a tokenizer.
 */
final class TokenEstimate {

    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

    private TokenEstimate() {}

    /** The text cut into tokens whose concatenation is the text again (surrounding blanks aside). */
    static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    static int count(String text) {
        return split(text).size();
    }
}
