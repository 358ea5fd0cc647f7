package io.llmgateway.schemas;

/**
 * A record no stage could process, kept with its original bytes so an operator can replay it.
 *
 * @param originalValue the record's value, Base64
 */
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        String originalKey,
        String originalValue,
        String reason,
        String stage,
        long createdAtMs) {

    public DeadLetter {
        Require.nonBlank(sourceTopic, "source_topic");
        Require.nonBlank(reason, "reason");
        Require.nonBlank(stage, "stage");
    }
}
