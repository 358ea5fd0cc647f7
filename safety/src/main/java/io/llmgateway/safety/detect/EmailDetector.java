package io.llmgateway.safety.detect;

import io.llmgateway.schemas.SafetyCategory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * Email addresses, confirmed by Commons Validator (which knows the real top-level domains). An
 * address right before {@code :path} is an SSH remote ({@code git@host:org/repo}), not a mailbox.
 */
public final class EmailDetector extends PatternDetector {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w.%+-])[\\w.%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24}(?![\\w-])");

    public EmailDetector() {
        super(SafetyCategory.EMAIL, CANDIDATE);
    }

    @Override
    boolean mayContain(String text) {
        return text.indexOf('@') >= 0;
    }

    @Override
    boolean accept(Matcher match, String text) {
        int end = match.end();
        if (end + 1 < text.length() && text.charAt(end) == ':' && !Character.isWhitespace(text.charAt(end + 1))) {
            return false;
        }
        return EmailValidator.getInstance(false, true).isValid(match.group());
    }
}
