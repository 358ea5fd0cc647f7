package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.ProviderException.Kind;
import io.llmgateway.schemas.Outcome;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {

    private static ProviderErrors.Failure map(Kind kind, int status, String code, Long retryAfterMs) {
        return ProviderErrors.map(ProviderException.reported(kind, status, code, "p: provider says so", retryAfterMs));
    }

    @Test
    void theCallersOwnMistakesAre400sWithTheProvidersMessage() {
        var bad = map(Kind.BAD_REQUEST, 400, "invalid_value", null);
        assertThat(bad.error().status()).isEqualTo(400);
        assertThat(bad.error().type()).isEqualTo("invalid_request_error");
        assertThat(bad.error().code()).isEqualTo("invalid_value");
        assertThat(bad.error().message()).isEqualTo("p: provider says so");
        assertThat(map(Kind.CONTEXT_LENGTH_EXCEEDED, 400, null, null).error().code())
                .isEqualTo("context_length_exceeded");
        assertThat(map(Kind.CONTENT_FILTERED, 400, null, null).error().code()).isEqualTo("content_filter");
        assertThat(map(Kind.BAD_REQUEST, 400, null, null).error().code()).isEqualTo("provider_rejected_request");
    }

    @Test
    void theGatewaysProblemsAre5xxWithoutTheProvidersWords() {
        var auth = map(Kind.AUTHENTICATION, 401, "invalid_api_key", null);
        assertThat(auth.error().status()).isEqualTo(502);
        assertThat(auth.error().code()).isEqualTo("provider_auth_failed");
        assertThat(auth.error().message()).doesNotContain("provider says so");
        assertThat(map(Kind.NOT_FOUND, 404, null, null).error().code()).isEqualTo("provider_model_not_found");
        assertThat(map(Kind.SERVER_ERROR, 500, null, null).error().status()).isEqualTo(502);
        assertThat(map(Kind.UNREACHABLE, 0, null, null).error().status()).isEqualTo(503);
        assertThat(map(Kind.BAD_RESPONSE, 0, null, null).error().status()).isEqualTo(502);
    }

    @Test
    void rateLimitsAndOverloadsAre503sThatPassTheRetryAfterOn() {
        var limited = map(Kind.RATE_LIMITED, 429, null, 3000L);
        assertThat(limited.error().status()).isEqualTo(503);
        assertThat(limited.error().code()).isEqualTo("provider_rate_limited");
        assertThat(limited.error().retryAfterMs()).isEqualTo(3000L);
        var overloaded = map(Kind.OVERLOADED, 529, null, 1000L);
        assertThat(overloaded.error().code()).isEqualTo("provider_unavailable");
        assertThat(overloaded.error().retryAfterMs()).isEqualTo(1000L);
        assertThat(overloaded.outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aTimeoutIsA504AndATimeoutOutcome() {
        var timeout = ProviderErrors.map(ProviderException.timeout("p: slow", null));
        assertThat(timeout.error().status()).isEqualTo(504);
        assertThat(timeout.outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void aCancelledCallIsCountedAsCancelled() {
        var cancelled = ProviderErrors.map(ProviderException.cancelled("p: gone"));
        assertThat(cancelled.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(cancelled.error().code()).isEqualTo("cancelled");
    }

    @Test
    void onlyProviderSideFailuresAreTransientAndOnlyTheRequestsOwnAreTheCallersFault() {
        assertThat(Kind.RATE_LIMITED.isTransient()).isTrue();
        assertThat(Kind.AUTHENTICATION.isTransient()).isFalse();
        assertThat(Kind.CONTEXT_LENGTH_EXCEEDED.isCallersFault()).isTrue();
        assertThat(Kind.OVERLOADED.isCallersFault()).isFalse();
        assertThat(Kind.CANCELLED.isTransient()).isFalse();
    }
}
