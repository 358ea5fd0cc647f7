package io.llmgateway.router.resilience;

/**
 * One try of one deployment that did not produce the answer, as the caller's 503 and the logs
 * list it. It names the provider and model, never a key.
 *
 * @param status the provider's HTTP status; 0 when it gave none (no connection, timeout, local rejection)
 * @param reason a short code: {@code server_error}, {@code rate_limited}, {@code first_token_timeout},
 *     {@code circuit_open}, ...
 */
public record Attempt(String provider, String model, int status, String reason) {

    /** {@code mock/gpt-4o: HTTP 500 server_error} or {@code mock/gpt-4o: circuit_open}. */
    public String describe() {
        return provider + "/" + model + ": " + (status > 0 ? "HTTP " + status + " " : "") + reason;
    }
}
