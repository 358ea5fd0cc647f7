package io.llmgateway.safety.detect;

import io.llmgateway.schemas.SafetyCategory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.IBANValidator;

/** IBANs, plain or in groups of four, checked by Commons Validator (country length and mod-97 check digits). */
public final class IbanDetector extends PatternDetector {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])");

    public IbanDetector() {
        super(SafetyCategory.IBAN, CANDIDATE);
    }

    @Override
    boolean mayContain(String text) {
        for (int i = 3; i < text.length(); i++) {
            if (isDigit(text.charAt(i)) && isDigit(text.charAt(i - 1)) && isUpper(text.charAt(i - 2))
                    && isUpper(text.charAt(i - 3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    @Override
    boolean accept(Matcher match, String text) {
        return IBANValidator.getInstance().isValid(match.group().replace(" ", ""));
    }
}
