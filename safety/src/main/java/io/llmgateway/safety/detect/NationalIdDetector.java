package io.llmgateway.safety.detect;

import io.llmgateway.schemas.SafetyCategory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * National identity numbers of common countries, in the forms their holders write them, with the
 * check each scheme has:
 * <ul>
 *   <li>US Social Security number {@code 123-45-6789} (no checksum; the area, group and serial
 *       rules of the SSA: no 000, 666 or 9xx area, no 00 group, no 0000 serial);
 *   <li>UK National Insurance number {@code AB 12 34 56 C} (prefix and suffix letters as HMRC allocates them);
 *   <li>Spain's DNI {@code 12345678Z} and NIE {@code X1234567L} (check letter mod 23);
 *   <li>Brazil's CPF {@code 123.456.789-09} (two mod-11 check digits);
 *   <li>India's Aadhaar {@code 2345 6789 0123} (Verhoeff check digit);
 *   <li>Canada's Social Insurance number {@code 123-456-782} (Luhn).
 * </ul>
 * A candidate that is one part of a longer run of digit groups (a card number, a phone number)
 * is not an id.
 */
public final class NationalIdDetector extends PatternDetector {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w.-])(?<!\\d[ -])(?:"
                    + "(?<ssn>\\d{3}-\\d{2}-\\d{4})"
                    + "|(?<nino>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D])"
                    + "|(?<dni>[XYZ]?\\d{7,8}-?[A-Z])"
                    + "|(?<cpf>\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2})"
                    + "|(?<aadhaar>[2-9]\\d{3}(?<sep1>[ -])\\d{4}\\k<sep1>\\d{4})"
                    + "|(?<sin>[1-79]\\d{2}(?<sep2>[ -])\\d{3}\\k<sep2>\\d{3})"
                    + ")(?![\\w-]|[.,]\\d|[ -]\\d)");

    public NationalIdDetector() {
        super(SafetyCategory.NATIONAL_ID, CANDIDATE);
    }

    @Override
    boolean mayContain(String text) {
        return hasDigit(text);
    }

    @Override
    List<int[]> regions(String text) {
        return DigitRuns.find(text, 6, " .-", 4);
    }

    @Override
    boolean accept(Matcher m, String text) {
        if (m.group("ssn") != null) {
            String s = m.group("ssn");
            int area = Integer.parseInt(s.substring(0, 3));
            return area != 0 && area != 666 && area < 900 && !s.startsWith("00", 4) && !s.endsWith("0000");
        }
        if (m.group("nino") != null) {
            String prefix = m.group("nino").substring(0, 2);
            return !switch (prefix) {
                case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ" -> true;
                default -> false;
            };
        }
        if (m.group("dni") != null) {
            String id = m.group("dni").replace("-", "");
            boolean nie = Character.isLetter(id.charAt(0));
            return id.length() == 9 && (nie || Character.isDigit(id.charAt(0))) && Checksums.spanishId(id);
        }
        if (m.group("cpf") != null) {
            return Checksums.cpf(digitsOf(m.group("cpf")));
        }
        if (m.group("aadhaar") != null) {
            return Checksums.verhoeff(digitsOf(m.group("aadhaar")));
        }
        return Checksums.luhn(digitsOf(m.group("sin")));
    }
}
