package io.llmgateway.cache.language;

/**
 * One word, number or symbol of a prompt.
 *
 * @param text as written
 * @param lower lower-cased, curly apostrophes straightened
 * @param capitalized written with a capital first letter
 * @param number digits ("1998", "3.14", "2nd")
 * @param symbol an operator or sign: + - * / = < > ^ % $ and the like
 */
public record Token(String text, String lower, boolean capitalized, boolean number, boolean symbol) {

    public boolean is(String word) {
        return lower.equals(word);
    }

    public boolean isWord() {
        return !number && !symbol;
    }
}
