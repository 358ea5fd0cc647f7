package io.llmgateway.schemas;

/**
 * A record no stage could process, kept with its original bytes so an operator can replay it.
 *
 * @param originalValue the record's value, Base64; only its first bytes when {@code truncated}
 * @param originalBytes the size of the whole original value
 * @param originalSha256 the SHA-256 of the whole original value (hex): identifies it when truncated
 * @param truncated whether the value (or the key or reason) was cut to keep the letter under the record limit
 */
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        String originalKey,
        String originalValue,
        String reason,
        String stage,
        long createdAtMs,
        long originalBytes,
        String originalSha256,
        boolean truncated) {

    public DeadLetter {
        Require.nonBlank(sourceTopic, "source_topic");
        Require.nonBlank(reason, "reason");
        Require.nonBlank(stage, "stage");
    }

    /** A letter of a value kept whole (or of none), without its size and hash. */
    public DeadLetter(String sourceTopic, int partition, long offset, String originalKey, String originalValue,
                      String reason, String stage, long createdAtMs) {
        this(sourceTopic, partition, offset, originalKey, originalValue, reason, stage, createdAtMs, 0, null, false);
    }
}
