package io.llmgateway.safety.detect;

import io.llmgateway.schemas.SafetyCategory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.CodeValidator;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.CreditCardValidator.CreditCardRange;

/**
 * Payment card numbers: 13 to 19 digits, plain or grouped by spaces or dashes, that pass the Luhn
 * check and fall in a scheme's issuer range and length (Apache Commons Validator's card ranges:
 * Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro).
 */
public final class CardDetector extends PatternDetector {

    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\w.,-])\\d(?:[ -]?\\d){12,18}(?![\\w-]|[.,]\\d)");

    private static final CreditCardValidator CARDS = new CreditCardValidator(new CodeValidator[] {
            CreditCardValidator.VISA_VALIDATOR, CreditCardValidator.MASTERCARD_VALIDATOR,
            CreditCardValidator.AMEX_VALIDATOR, CreditCardValidator.DISCOVER_VALIDATOR,
            CreditCardValidator.DINERS_VALIDATOR},
            new CreditCardRange[] {
                new CreditCardRange("3528", "3589", 16, 19),        // JCB
                new CreditCardRange("62", "62", 16, 19),            // UnionPay
                new CreditCardRange("50", "50", 16, 19),            // Maestro
                new CreditCardRange("56", "58", 16, 19),            // Maestro
                new CreditCardRange("6759", "6759", 16, 19),        // Maestro UK
            });

    public CardDetector() {
        super(SafetyCategory.CARD, CANDIDATE);
    }

    @Override
    boolean mayContain(String text) {
        return hasDigit(text);
    }

    @Override
    List<int[]> regions(String text) {
        return DigitRuns.find(text, 13, " -", 1);
    }

    @Override
    boolean accept(Matcher match, String text) {
        String digits = digitsOf(match.group());
        return consistentSeparators(match.group()) && CARDS.isValid(digits);
    }

    /** "4111 1111-11 11 1111" is not how anyone writes a card: one kind of separator at most. */
    private static boolean consistentSeparators(String candidate) {
        return candidate.indexOf(' ') < 0 || candidate.indexOf('-') < 0;
    }
}
