package io.llmgateway.router;

import io.llmgateway.router.resilience.Attempt;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Outcome;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the caller sees when routing ends without an answer. The caller talks to the gateway, not
 * to the provider: a failure that is not the caller's fault is a 5xx of the gateway, never the
 * provider's 4xx, and never carries the provider's credentials or their error text about them.
 *
 * <p>A failure reaches the caller as itself only when retrying and falling back cannot help (the
 * request's own fault), or when part of a stream was already sent. Otherwise the router retries
 * and falls back (see {@link io.llmgateway.router.resilience.Verdict}), and when nothing answered
 * the caller gets 503 {@code all_deployments_failed} (504 {@code deadline_exceeded} when the
 * deadline ran out first) whose message lists every attempt: provider/model, status, reason.
 *
 * <pre>
 * provider failure (kind)      status  type                   code                      outcome
 * BAD_REQUEST (400, 413, 422)  400     invalid_request_error  provider's code, or
 *                                                             provider_rejected_request failed
 * CONTEXT_LENGTH_EXCEEDED      400     invalid_request_error  context_length_exceeded   failed
 * CONTENT_FILTERED             400     invalid_request_error  content_filter            failed
 * AUTHENTICATION (401, 403)    502     provider_error         provider_auth_failed      failed
 * NOT_FOUND (404)              502     provider_error         provider_model_not_found  failed
 * RATE_LIMITED (429)           503     provider_error         provider_rate_limited     failed
 * OVERLOADED (503, 529)        503     provider_error         provider_unavailable      failed
 * SERVER_ERROR (other 5xx)     502     provider_error         provider_server_error     failed
 * TIMEOUT (408, 504, limits)   504     timeout                provider_timeout          timeout
 * UNREACHABLE                  503     provider_error         provider_unreachable      failed
 * BAD_RESPONSE (cut, garbled)  502     provider_error         provider_bad_response     failed
 * CANCELLED (caller gone)      499     cancelled              cancelled                 cancelled
 * </pre>
 * A provider's {@code retry-after} is passed on (429, 503). Only a 400-class rejection of the
 * request's content passes the provider's message on (adapters have scrubbed keys from it).
 */
final class ProviderErrors {

    /** The caller's error and how accounting counts it. */
    record Failure(GatewayError error, Outcome outcome) {}

    private ProviderErrors() {}

    static Failure map(ProviderException e) {
        return switch (e.kind()) {
            case BAD_REQUEST -> new Failure(GatewayError.of(400, "invalid_request_error",
                    e.providerCode() != null ? e.providerCode() : "provider_rejected_request", e.getMessage()),
                    Outcome.FAILED);
            case CONTEXT_LENGTH_EXCEEDED -> new Failure(GatewayError.of(400, "invalid_request_error",
                    "context_length_exceeded", e.getMessage()), Outcome.FAILED);
            case CONTENT_FILTERED -> new Failure(GatewayError.of(400, "invalid_request_error", "content_filter",
                    e.getMessage()), Outcome.FAILED);
            case AUTHENTICATION -> failed(502, "provider_auth_failed",
                    "the gateway's credentials for the provider were refused", null);
            case NOT_FOUND -> failed(502, "provider_model_not_found", "the provider does not know the deployed model",
                    null);
            case RATE_LIMITED -> failed(503, "provider_rate_limited", "the provider is rate limiting the gateway",
                    e.retryAfterMs());
            case OVERLOADED -> failed(503, "provider_unavailable", "the provider is overloaded or unavailable"
                    + (e.status() > 0 ? " (HTTP " + e.status() + ")" : ""), e.retryAfterMs());
            case SERVER_ERROR -> failed(502, "provider_server_error", "the provider failed"
                    + (e.status() > 0 ? " (HTTP " + e.status() + ")" : ""), null);
            case TIMEOUT -> timeout("provider_timeout", "the provider did not answer in time");
            case UNREACHABLE -> failed(503, "provider_unreachable", "the provider cannot be reached", null);
            case BAD_RESPONSE -> failed(502, "provider_bad_response", "the provider's answer was cut off or unreadable",
                    null);
            case CANCELLED -> new Failure(GatewayError.of(499, "cancelled", "cancelled",
                    "the caller went away; the provider call was stopped"), Outcome.CANCELLED);
        };
    }

    /** Every deployment was tried (or rejected) and none answered. */
    static Failure allFailed(String modelAlias, List<Attempt> attempts, Long retryAfterMs) {
        return failed(503, "all_deployments_failed", "no deployment of '" + modelAlias + "' could answer; attempts: "
                + describe(attempts), retryAfterMs);
    }

    /** The request's deadline ran out while trying its deployments. */
    static Failure deadlineDuringAttempts(List<Attempt> attempts) {
        return timeout("deadline_exceeded", "the request's deadline passed before a deployment answered"
                + (attempts.isEmpty() ? "" : "; attempts: " + describe(attempts)));
    }

    /**
     * A stream failed after part of it reached the caller: never restarted (the caller would get
     * duplicated text), never presented as complete.
     */
    static Failure streamInterrupted(Attempt attempt) {
        return failed(502, "stream_interrupted", "the provider's stream failed after part of the answer was sent ("
                + attempt.describe() + "); the answer is incomplete", null);
    }

    /** The request's input is larger than the context window of every deployment of its model. */
    static Failure noContextWindowFits(String modelAlias, int estimatedInputTokens) {
        return new Failure(GatewayError.of(400, "invalid_request_error", "context_length_exceeded",
                "the input (about " + estimatedInputTokens + " tokens) is larger than the context window of every "
                        + "deployment of '" + modelAlias + "'"), Outcome.FAILED);
    }

    private static String describe(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::describe).collect(Collectors.joining("; "));
    }

    private static Failure failed(int status, String code, String message, Long retryAfterMs) {
        return new Failure(new GatewayError(status, "provider_error", code, message, retryAfterMs), Outcome.FAILED);
    }

    private static Failure timeout(String code, String message) {
        return new Failure(GatewayError.of(504, "timeout", code, message), Outcome.TIMEOUT);
    }
}
