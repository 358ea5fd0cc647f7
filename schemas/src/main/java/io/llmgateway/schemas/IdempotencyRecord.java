package io.llmgateway.schemas;

/**
 * What the gateway remembers of one {@code Idempotency-Key}, on the compacted idempotency topic
 * under {@link #kafkaKey()}: every ingress instance reads all of it, so a retry may reach any
 * instance. Written twice by the instance that serves the first request: when it is sent (no
 * reply yet) and when its terminal reply comes.
 *
 * @param keySha256 SHA-256 (hex) of the tenant id and the key: the key itself is never stored
 * @param requestId the one request id the key stands for
 * @param bodySha256 SHA-256 (hex) of the first request's body: a retry must send the same body
 * @param createdAtMs when the first request with the key was sent
 * @param reply the first request's terminal reply (final or error); null while it runs
 */
public record IdempotencyRecord(String tenantId, String keySha256, String requestId, String bodySha256,
                                long createdAtMs, Reply reply) {

    public IdempotencyRecord {
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonBlank(keySha256, "key_sha256");
        Require.nonBlank(requestId, "request_id");
        Require.nonBlank(bodySha256, "body_sha256");
        Require.nonNegative(createdAtMs, "created_at_ms");
        if (reply != null && (!reply.kind().isTerminal() || !reply.requestId().equals(requestId))) {
            throw new IllegalArgumentException("reply must be the terminal reply of request " + requestId);
        }
    }

    /** The record's Kafka key: one per tenant and key. */
    public String kafkaKey() {
        return kafkaKey(tenantId, keySha256);
    }

    public static String kafkaKey(String tenantId, String keySha256) {
        return tenantId + "/" + keySha256;
    }

    /** The same record once its request is answered. */
    public IdempotencyRecord answered(Reply terminal) {
        return new IdempotencyRecord(tenantId, keySha256, requestId, bodySha256, createdAtMs, terminal);
    }

    public boolean answered() {
        return reply != null;
    }
}
