package io.llmgateway.safety.detect;

import io.llmgateway.schemas.SafetyCategory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.DomainValidator;

/**
 * Email addresses: the pattern checks the syntax of the local part and the domain's labels, Commons
 * Validator's {@code DomainValidator} that the top-level domain is a real one (IANA's list), so
 * {@code lodash@4.17.21} or {@code user@host.internal} are not addresses. An address right before
 * {@code :path} is an SSH remote ({@code git@host:org/repo}), not a mailbox.
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
        String address = match.group();
        return DomainValidator.getInstance().isValidTld(address.substring(address.lastIndexOf('.') + 1));
    }
}
