package io.llmgateway.ingress.batch;

import java.util.List;
import java.util.Map;

/**
 * OpenAI's Batch object as {@code GET /v1/batches/{id}} returns it (snake_case, nulls written as
 * OpenAI writes them). Timestamps are epoch seconds.
 */
public record BatchObject(
        String id,
        String object,
        String endpoint,
        Errors errors,
        String inputFileId,
        String completionWindow,
        String status,
        String outputFileId,
        String errorFileId,
        long createdAt,
        Long inProgressAt,
        Long expiresAt,
        Long finalizingAt,
        Long completedAt,
        Long failedAt,
        Long expiredAt,
        Long cancellingAt,
        Long cancelledAt,
        RequestCounts requestCounts,
        Map<String, String> metadata) {

    public static final String OBJECT = "batch";

    /** OpenAI's statuses, in the order a job goes through them. */
    public static final String VALIDATING = "validating";
    public static final String FAILED = "failed";
    public static final String IN_PROGRESS = "in_progress";
    public static final String FINALIZING = "finalizing";
    public static final String COMPLETED = "completed";
    public static final String EXPIRED = "expired";
    public static final String CANCELLING = "cancelling";
    public static final String CANCELLED = "cancelled";

    /** Whether the job is over: nothing about it changes any more. */
    public boolean isTerminal() {
        return switch (status) {
            case FAILED, COMPLETED, EXPIRED, CANCELLED -> true;
            default -> false;
        };
    }

    /** @param total the input file's requests (its non-blank lines, malformed ones included) */
    public record RequestCounts(int total, int completed, int failed) {}

    /** Problems with the input file: OpenAI's {@code {"object": "list", "data": [...]}}. */
    public record Errors(String object, List<ErrorItem> data) {
        public static Errors of(List<ErrorItem> items) {
            return items.isEmpty() ? null : new Errors("list", List.copyOf(items));
        }
    }

    /** @param line the input file's line number (1-based) it is about, when it is about one */
    public record ErrorItem(String code, String message, String param, Integer line) {}

    /** The same batch in another status, with its counts. */
    public BatchObject with(String newStatus, RequestCounts counts) {
        return new BatchObject(id, object, endpoint, errors, inputFileId, completionWindow, newStatus, outputFileId,
                errorFileId, createdAt, inProgressAt, expiresAt, finalizingAt, completedAt, failedAt, expiredAt,
                cancellingAt, cancelledAt, counts, metadata);
    }

    /** Builder-style copies for the fields a job sets as it goes. */
    public BatchObject withErrors(Errors newErrors) {
        return new BatchObject(id, object, endpoint, newErrors, inputFileId, completionWindow, status, outputFileId,
                errorFileId, createdAt, inProgressAt, expiresAt, finalizingAt, completedAt, failedAt, expiredAt,
                cancellingAt, cancelledAt, requestCounts, metadata);
    }

    public BatchObject withFiles(String outputFile, String errorFile) {
        return new BatchObject(id, object, endpoint, errors, inputFileId, completionWindow, status, outputFile,
                errorFile, createdAt, inProgressAt, expiresAt, finalizingAt, completedAt, failedAt, expiredAt,
                cancellingAt, cancelledAt, requestCounts, metadata);
    }

    /** The status and the timestamp field that goes with it ({@code in_progress_at}, {@code completed_at}, ...). */
    public BatchObject at(String newStatus, long nowSeconds) {
        Long now = nowSeconds;
        return new BatchObject(id, object, endpoint, errors, inputFileId, completionWindow, newStatus, outputFileId,
                errorFileId, createdAt,
                IN_PROGRESS.equals(newStatus) ? now : inProgressAt, expiresAt,
                FINALIZING.equals(newStatus) ? now : finalizingAt,
                COMPLETED.equals(newStatus) ? now : completedAt,
                FAILED.equals(newStatus) ? now : failedAt,
                EXPIRED.equals(newStatus) ? now : expiredAt,
                CANCELLING.equals(newStatus) ? now : cancellingAt,
                CANCELLED.equals(newStatus) ? now : cancelledAt,
                requestCounts, metadata);
    }
}
