package io.llmgateway.ingress;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * A caller's {@code Idempotency-Key} (the header OpenAI's and Stripe's APIs take), bound to its
 * tenant and the request's body.
 *
 * <p>The key stands for one request id, computed from the tenant and the key alone, so every
 * ingress instance gives a retry the same id without asking anyone: accounting then admits and
 * bills the id once, whichever instance each attempt reached.
 *
 * @param keySha256 SHA-256 (hex) of the tenant id and the key: the key itself is never stored
 * @param requestId a UUID (version 8, RFC 9562) made of the first bits of that hash
 * @param bodySha256 SHA-256 (hex) of the body: a retry must send the same bytes
 */
record IdempotencyKey(String tenantId, String keySha256, String requestId, String bodySha256) {

    static final HeaderName HEADER = HeaderNames.create("Idempotency-Key");
    /** Set on an answer that is the stored answer of an earlier request with the key (as Stripe does). */
    static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");
    /** Stripe's limit; a UUID, what the SDKs send, is 36. */
    static final int MAX_CHARS = 255;

    /**
     * @param header the header's value; null or absent: the request has no key
     * @throws ApiError 400 when the key is empty, longer than {@link #MAX_CHARS} or not printable ASCII
     */
    static Optional<IdempotencyKey> of(String header, String tenantId, byte[] body) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.isEmpty() || header.length() > MAX_CHARS || !header.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw ApiError.invalidRequest("Idempotency-Key", "The Idempotency-Key header must be 1 to " + MAX_CHARS
                    + " printable ASCII characters.");
        }
        byte[] keyHash = sha256((tenantId + "\n" + header).getBytes(StandardCharsets.UTF_8));
        return Optional.of(new IdempotencyKey(tenantId, HexFormat.of().formatHex(keyHash), uuidV8(keyHash),
                HexFormat.of().formatHex(sha256(body))));
    }

    /** The layout of RFC 9562's version 8 (custom): the hash's bits with the version and variant set. */
    static String uuidV8(byte[] hash) {
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        long msb = (bits.getLong() & ~0xF000L) | 0x8000L;
        long lsb = (bits.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    String kafkaKey() {
        return io.llmgateway.schemas.IdempotencyRecord.kafkaKey(tenantId, keySha256);
    }
}
