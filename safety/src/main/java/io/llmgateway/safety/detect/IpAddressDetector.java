package io.llmgateway.safety.detect;

import io.llmgateway.schemas.SafetyCategory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * IPv4 and IPv6 addresses, confirmed by Commons Validator. Loopback, the unspecified address and
 * netmasks identify nobody and are left alone; a dotted quad inside a longer dotted run (a
 * version or build number) is not an address.
 */
public final class IpAddressDetector extends PatternDetector {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w.:-])(?:\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\w-]|\\.\\d)"
                    + "|(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){7})[0-9A-Fa-f:]{3,39}(?![\\w:.-]))");
    private static final InetAddressValidator VALIDATOR = InetAddressValidator.getInstance();

    public IpAddressDetector() {
        super(SafetyCategory.IP_ADDRESS, CANDIDATE);
    }

    @Override
    boolean accept(Matcher match, String text) {
        String ip = match.group();
        if (ip.indexOf(':') >= 0) {
            return VALIDATOR.isValidInet6Address(ip) && !ip.equals("::") && !ip.equals("::1") && ip.length() > 4;
        }
        return VALIDATOR.isValidInet4Address(ip) && !ip.startsWith("127.") && !ip.startsWith("0.")
                && !ip.startsWith("255.");
    }
}
