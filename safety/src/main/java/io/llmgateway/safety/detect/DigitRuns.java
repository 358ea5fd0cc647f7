package io.llmgateway.safety.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a text has runs of digits long enough to be a number worth a detector's pattern: the
 * patterns then run on those regions only, not on every position of the text (most of a prompt
 * is words, where they can only fail, slowly).
 */
final class DigitRuns {

    private DigitRuns() {}

    /**
     * The regions, padded by {@code pad} characters each side, of maximal runs of digits and
     * {@code separators} (at most two separators in a row) that hold at least {@code minDigits} digits.
     */
    static List<int[]> find(String text, int minDigits, String separators, int pad) {
        List<int[]> runs = null;
        int start = -1;
        int digits = 0;
        int lastDigit = -1;
        int separatorsInARow = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (c >= '0' && c <= '9') {
                if (start < 0) {
                    start = i;
                }
                digits++;
                lastDigit = i;
                separatorsInARow = 0;
            } else if (start >= 0 && separators.indexOf(c) >= 0 && ++separatorsInARow <= 2) {
                continue;
            } else {
                if (start >= 0 && digits >= minDigits) {
                    if (runs == null) {
                        runs = new ArrayList<>();
                    }
                    runs.add(new int[] {Math.max(0, start - pad), Math.min(text.length(), lastDigit + 1 + pad)});
                }
                start = -1;
                digits = 0;
                separatorsInARow = 0;
            }
        }
        return runs == null ? List.of() : runs;
    }
}
