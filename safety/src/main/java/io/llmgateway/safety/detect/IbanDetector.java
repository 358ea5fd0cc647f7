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
        return hasDigit(text);
    }

    @Override
    boolean accept(Matcher match, String text) {
        return IBANValidator.getInstance().isValid(match.group().replace(" ", ""));
    }
}
