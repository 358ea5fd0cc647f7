package io.llmgateway.schemas;

/**
 * The caller of a request went away (a client closed its stream): work on it should stop. On
 * {@code llm.cancels}, keyed by request id; every router worker reads all of it and stops the
 * provider call if it has that request in flight, or skips the request if it comes later.
 *
 * @param deadlineMs the request's deadline: after it, nobody needs to remember the cancel
 */
public record CancelRequest(String requestId, String reason, long createdAtMs, long deadlineMs) {

    public CancelRequest {
        Require.nonBlank(requestId, "request_id");
        Require.nonBlank(reason, "reason");
        Require.nonNegative(createdAtMs, "created_at_ms");
        Require.nonNegative(deadlineMs, "deadline_ms");
    }
}
