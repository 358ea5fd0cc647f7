package io.llmgateway.router;

import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Outcome;

/**
 * What the caller sees when a provider call fails. The caller talks to the gateway, not to the
 * provider: a failure that is not the caller's fault is a 5xx of the gateway, never the
 * provider's 4xx, and never carries the provider's credentials or their error text about them.
 *
 * <pre>
 * provider outcome                         status  type                   code                      outcome
 * 400, 413, 422 (the request's content)    400     invalid_request_error  provider's code, or
 *                                                                          provider_rejected_request failed
 * 401, 403 (the gateway's key)             502     provider_error         provider_auth_failed      failed
 * 404 (the deployment's model id)          502     provider_error         provider_model_not_found  failed
 * 408                                      504     timeout                provider_timeout          timeout
 * 429                                      503     provider_error         provider_rate_limited     failed
 * other 4xx                                502     provider_error         provider_status_NNN       failed
 * 503, 529 (overloaded)                    503     provider_error         provider_unavailable      failed
 * 504                                      504     timeout                provider_timeout          timeout
 * other 5xx                                502     provider_error         provider_server_error     failed
 * no answer in time                        504     timeout                provider_timeout          timeout
 * connection refused / connect timeout     503     provider_error         provider_unreachable      failed
 * answer cut off or unreadable             502     provider_error         provider_bad_response     failed
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
            case TIMEOUT -> timeout("the provider did not answer in time");
            case UNREACHABLE -> failed(503, "provider_unreachable", "the provider cannot be reached", null);
            case BAD_RESPONSE -> failed(502, "provider_bad_response", "the provider's answer was cut off or unreadable",
                    null);
            case HTTP_STATUS -> fromStatus(e);
        };
    }

    private static Failure fromStatus(ProviderException e) {
        int status = e.status();
        return switch (status) {
            case 400, 413, 422 -> new Failure(GatewayError.of(400, "invalid_request_error",
                    e.providerCode() != null ? e.providerCode() : "provider_rejected_request", e.getMessage()),
                    Outcome.FAILED);
            case 401, 403 -> failed(502, "provider_auth_failed", "the gateway's credentials for the provider were refused",
                    null);
            case 404 -> failed(502, "provider_model_not_found", "the provider does not know the deployed model", null);
            case 408, 504 -> timeout("the provider timed out (HTTP " + status + ")");
            case 429 -> failed(503, "provider_rate_limited", "the provider is rate limiting the gateway",
                    e.retryAfterMs());
            case 503, 529 -> failed(503, "provider_unavailable", "the provider is overloaded or unavailable (HTTP "
                    + status + ")", e.retryAfterMs());
            default -> status >= 500
                    ? failed(502, "provider_server_error", "the provider failed (HTTP " + status + ")", null)
                    : failed(502, "provider_status_" + status, "the provider refused the call (HTTP " + status + ")",
                            null);
        };
    }

    private static Failure failed(int status, String code, String message, Long retryAfterMs) {
        return new Failure(new GatewayError(status, "provider_error", code, message, retryAfterMs), Outcome.FAILED);
    }

    private static Failure timeout(String message) {
        return new Failure(GatewayError.of(504, "timeout", "provider_timeout", message), Outcome.TIMEOUT);
    }
}
