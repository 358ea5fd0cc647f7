package io.llmgateway.safety.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.llmgateway.schemas.SafetyCategory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers, confirmed by Google's libphonenumber ({@code isValidNumber}: a real country code,
 * a number length and prefix that the country's plan allows). A candidate counts when it is
 * written as people write phone numbers: international ({@code +44 ...}, {@code 0044 ...}), North
 * American ({@code (212) 555-0100}, {@code 212-555-0100}), or national with a trunk 0 and a
 * separator ({@code 030 1234567}), tried against {@code regions}. A bare run of digits is an id,
 * an amount or a timestamp far more often than a phone number, and is left alone.
 */
public final class PhoneDetector extends PatternDetector {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w.+/:-])(?:\\+|\\(|\\d)[\\d \\t().-]{5,22}\\d(?![\\w/]|[.,:-]\\d)");
    private static final Pattern NANP = Pattern.compile("\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]\\d{4}|\\(\\d{3}\\)\\d{3}-\\d{4}");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** Where a national number (trunk 0) is tried, in order. */
    public static final List<String> DEFAULT_REGIONS = List.of("GB", "DE", "FR", "IN", "IT", "ES", "NL", "AU", "CH",
            "AT", "BE", "IE", "SE", "PL", "BR", "JP");

    private final List<String> regions;

    public PhoneDetector() {
        this(DEFAULT_REGIONS);
    }

    public PhoneDetector(List<String> regions) {
        super(SafetyCategory.PHONE, CANDIDATE);
        this.regions = List.copyOf(regions);
    }

    @Override
    boolean mayContain(String text) {
        return hasDigit(text);
    }

    @Override
    List<int[]> regions(String text) {
        return DigitRuns.find(text, 7, " \t().-", 2);
    }

    @Override
    boolean accept(Matcher match, String text) {
        String candidate = match.group();
        int digits = digitsOf(candidate).length();
        if (digits < 7 || digits > 15 || DATE_LIKE.matcher(candidate).find()) {
            return false;
        }
        if (candidate.startsWith("+")) {
            return valid(candidate, "ZZ");
        }
        if (candidate.startsWith("00") && candidate.length() > 2 && candidate.charAt(2) != '0') {
            return valid("+" + candidate.substring(2), "ZZ");
        }
        if (NANP.matcher(candidate).matches()) {
            return valid(candidate, "US");
        }
        if (candidate.startsWith("0") && hasSeparator(candidate)) {
            for (String region : regions) {
                if (valid(candidate, region)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasSeparator(String candidate) {
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean valid(String candidate, String region) {
        try {
            PhoneNumber number = PHONES.parse(candidate, region);
            return "ZZ".equals(region) ? PHONES.isValidNumber(number) : PHONES.isValidNumberForRegion(number, region);
        } catch (NumberParseException notANumber) {
            // libphonenumber's way of saying "not a phone number": the answer, not a failure
            return false;
        }
    }
}
