package io.llmgateway.common.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which image URLs a request may carry to a provider, which fetches them itself: https only, to a
 * public address. Refused: private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback, link-local
 * (169.254/16 with the clouds' metadata service, fe80::/10), multicast, unspecified, shared
 * (100.64/10) and reserved addresses, whether written as an IP literal (IPv6 too, IPv4-mapped,
 * -compatible, NAT64 and 6to4 forms looked into) or behind a host name that resolves to one (any
 * of its addresses). Numeric hosts other than a plain dotted quad ({@code 2130706433},
 * {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}) are refused outright: fetchers read them
 * differently, some as loopback. URLs with credentials ({@code user@host}) are refused too.
 *
 * <p>What it cannot stop: the provider resolves the name again when it fetches, and a name can
 * answer differently then (DNS rebinding). The check narrows the door; only fetching the image
 * ourselves from the address we checked would close it.
 */
public final class ImageUrlPolicy {

    /** Looks a host name up: every address it has. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** With the JVM's resolver (its cache keeps a name's answer 30 s). */
    public static final ImageUrlPolicy SYSTEM = new ImageUrlPolicy(InetAddress::getAllByName);

    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final Resolver resolver;

    public ImageUrlPolicy(Resolver resolver) {
        this.resolver = resolver;
    }

    /** Why the URL may not go to a provider; empty when it may. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("it is not a valid URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("image URLs must use https");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("image URLs must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("it has no host name the gateway can check");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            return literal(host.substring(1, host.length() - 1));
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        if (NUMERIC_LABEL.matcher(lastLabel).matches()) {
            // No top-level domain is numeric: this is an IPv4 address in some notation.
            return DOTTED_QUAD.matcher(host).matches() ? literal(host)
                    : Optional.of("numeric hosts must be a plain dotted IPv4 address");
        }
        return resolved(host);
    }

    /** @param address a dotted quad or an IPv6 address: getByName parses it without a lookup */
    private static Optional<String> literal(String address) {
        if (!address.contains(":") && !DOTTED_QUAD.matcher(address).matches()) {
            return Optional.of("its host is not a valid IP address");
        }
        try {
            return check(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            return Optional.of("its host is not a valid IP address");
        }
    }

    private Optional<String> resolved(String host) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("its host name does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = check(address);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            Inet4Address embedded = embeddedIpv4(v6.getAddress());
            if (embedded != null) {
                return check(embedded);
            }
        }
        return notPublic(address)
                ? Optional.of("it points at a private, loopback, link-local, multicast or unspecified address ("
                        + address.getHostAddress() + ")")
                : Optional.empty();
    }

    private static boolean notPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                          // "this network"
                    || (first == 100 && (second & 0xc0) == 64)          // 100.64/10 shared (carrier NAT)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0/24 protocol assignments
                    || (first == 198 && (second & 0xfe) == 18)          // 198.18/15 benchmarking
                    || first >= 240;                                    // reserved and broadcast
        }
        return (b[0] & 0xfe) == 0xfc;                                   // fc00::/7 unique local
    }

    /** The IPv4 address inside an IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static Inet4Address embeddedIpv4(byte[] b) {
        boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 16);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (compatible || nat64) {
            return ipv4(b, 12);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return ipv4(b, 2);
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address ipv4(byte[] b, int from) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
