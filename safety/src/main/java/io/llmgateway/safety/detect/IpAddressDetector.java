package io.llmgateway.safety.detect;

import io.llmgateway.schemas.SafetyCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    List<int[]> regions(String text) {
        List<int[]> regions = new ArrayList<>(DigitRuns.find(text, 4, ".", 1));
        if (text.indexOf(':') >= 0) {
            regions.addAll(hexColonRuns(text));
            regions.sort(Comparator.comparingInt(r -> r[0]));
        }
        return regions;
    }

    /** Runs of hex digits and colons with at least two colons: where an IPv6 address may be. */
    private static List<int[]> hexColonRuns(String text) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        int colons = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (hex || c == ':') {
                if (start < 0) {
                    start = i;
                }
                colons += c == ':' ? 1 : 0;
            } else {
                if (start >= 0 && colons >= 2 && i - start >= 3) {
                    runs.add(new int[] {Math.max(0, start - 1), Math.min(text.length(), i + 1)});
                }
                start = -1;
                colons = 0;
            }
        }
        return runs;
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
