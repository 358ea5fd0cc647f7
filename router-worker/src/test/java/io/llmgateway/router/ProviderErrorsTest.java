package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderErrorsTest {

    @ParameterizedTest(name = "provider {0} -> {1} {2}/{3}")
    @CsvSource({
            "400, 400, invalid_request_error, context_length_exceeded, FAILED",
            "401, 502, provider_error, provider_auth_failed, FAILED",
            "403, 502, provider_error, provider_auth_failed, FAILED",
            "404, 502, provider_error, provider_model_not_found, FAILED",
            "408, 504, timeout, provider_timeout, TIMEOUT",
            "409, 502, provider_error, provider_status_409, FAILED",
            "429, 503, provider_error, provider_rate_limited, FAILED",
            "500, 502, provider_error, provider_server_error, FAILED",
            "502, 502, provider_error, provider_server_error, FAILED",
            "503, 503, provider_error, provider_unavailable, FAILED",
            "504, 504, timeout, provider_timeout, TIMEOUT",
            "529, 503, provider_error, provider_unavailable, FAILED",
    })
    void anHttpStatusFromTheProviderMapsToTheCallersError(int providerStatus, int status, String type, String code,
                                                          Outcome outcome) {
        ProviderErrors.Failure failure = ProviderErrors.map(ProviderException.status(providerStatus,
                providerStatus == 400 ? "context_length_exceeded" : "whatever", "p: provider text", null));

        assertThat(failure.error().status()).isEqualTo(status);
        assertThat(failure.error().type()).isEqualTo(type);
        assertThat(failure.error().code()).isEqualTo(code);
        assertThat(failure.outcome()).isEqualTo(outcome);
    }

    @Test
    void onlyTheCallersOwnMistakeCarriesTheProvidersMessage() {
        GatewayError callersFault = ProviderErrors.map(ProviderException.status(400, null, "p: too long", null)).error();
        GatewayError gatewaysFault = ProviderErrors.map(ProviderException.status(401, "invalid_api_key",
                "p: Incorrect API key provided: sk-***", null)).error();

        assertThat(callersFault.message()).isEqualTo("p: too long");
        assertThat(callersFault.code()).isEqualTo("provider_rejected_request");
        assertThat(gatewaysFault.message()).doesNotContain("sk-").doesNotContain("Incorrect");
    }

    @Test
    void retryAfterIsPassedOnForRateLimitsAndOverload() {
        assertThat(ProviderErrors.map(ProviderException.status(429, null, "p", 2000L)).error().retryAfterMs())
                .isEqualTo(2000L);
        assertThat(ProviderErrors.map(ProviderException.status(503, null, "p", 1000L)).error().retryAfterMs())
                .isEqualTo(1000L);
    }

    @Test
    void failuresWithoutAStatusMapByKind() {
        assertThat(ProviderErrors.map(ProviderException.timeout("p", null)))
                .satisfies(f -> assertThat(f.error().status()).isEqualTo(504))
                .satisfies(f -> assertThat(f.outcome()).isEqualTo(Outcome.TIMEOUT));
        assertThat(ProviderErrors.map(ProviderException.unreachable("p", null)).error())
                .extracting(GatewayError::status, GatewayError::code).containsExactly(503, "provider_unreachable");
        assertThat(ProviderErrors.map(ProviderException.badResponse("p", null)).error())
                .extracting(GatewayError::status, GatewayError::code).containsExactly(502, "provider_bad_response");
    }
}
