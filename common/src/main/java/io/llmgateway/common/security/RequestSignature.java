package io.llmgateway.common.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Proof of who produced a record on the requests topic: an HMAC-SHA256 of the record's value
 * bytes with the producer's secret, in two headers:
 * <pre>
 *   gateway-signer:    ingress | tenant
 *   gateway-signature: base64(HMAC-SHA256(secret, value bytes))
 * </pre>
 * {@code ingress} records are signed with the ingress's key (it authenticated the caller's API
 * key itself); {@code tenant} records with the batch key of the tenant the value's
 * {@code tenant_id} names. The value holds the tenant, project, model, reply topic and request id,
 * so none of them can be changed without the secret.
 */
public final class RequestSignature {

    public static final String SIGNER_HEADER = "gateway-signer";
    public static final String SIGNATURE_HEADER = "gateway-signature";
    private static final String ALGORITHM = "HmacSHA256";

    /** Who vouches for a record. */
    public enum Signer {
        /** The ingress: the tenant comes from an API key it verified. */
        INGRESS,
        /** A batch producer holding the tenant's batch key. */
        TENANT;

        public String header() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Signer> of(String header) {
            for (Signer signer : values()) {
                if (signer.header().equals(header)) {
                    return Optional.of(signer);
                }
            }
            return Optional.empty();
        }
    }

    private RequestSignature() {}

    /** The base64 signature of {@code value} with {@code secret}. */
    public static String sign(String secret, byte[] value) {
        return Base64.getEncoder().encodeToString(mac(secret, value));
    }

    /** Adds the signer and the signature of {@code value} to {@code headers}, replacing earlier ones. */
    public static void addTo(Headers headers, Signer signer, String secret, byte[] value) {
        headers.remove(SIGNER_HEADER);
        headers.remove(SIGNATURE_HEADER);
        headers.add(SIGNER_HEADER, signer.header().getBytes(StandardCharsets.UTF_8));
        headers.add(SIGNATURE_HEADER, sign(secret, value).getBytes(StandardCharsets.UTF_8));
    }

    /** The signer a record claims; empty when it names none or one this build does not know. */
    public static Optional<Signer> claimedSigner(Headers headers) {
        return lastValue(headers, SIGNER_HEADER).flatMap(Signer::of);
    }

    /** Whether the record's signature is the one {@code secret} gives its value (in constant time). */
    public static boolean verify(Headers headers, String secret, byte[] value) {
        Optional<String> claimed = lastValue(headers, SIGNATURE_HEADER);
        if (claimed.isEmpty()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(claimed.get());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(secret, value));
    }

    private static Optional<String> lastValue(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static byte[] mac(String secret, byte[] value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(value);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every JDK has HmacSHA256, and any non-empty key is valid for it.
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
