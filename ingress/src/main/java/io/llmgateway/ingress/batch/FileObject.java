package io.llmgateway.ingress.batch;

/**
 * OpenAI's File object ({@code POST /v1/files}, {@code GET /v1/files/{id}}). Input files have
 * purpose {@code batch}; the output and error files a job writes have {@code batch_output}.
 */
public record FileObject(String id, String object, long bytes, long createdAt, String filename, String purpose,
                         String status, Long expiresAt, String statusDetails) {

    public static final String OBJECT = "file";
    public static final String PURPOSE_BATCH = "batch";
    public static final String PURPOSE_BATCH_OUTPUT = "batch_output";
    /** Stored and readable: the only state a file of this gateway is in once its id is returned. */
    public static final String PROCESSED = "processed";

    public static FileObject of(String id, long bytes, long createdAt, String filename, String purpose) {
        return new FileObject(id, OBJECT, bytes, createdAt, filename, purpose, PROCESSED, null, null);
    }
}
