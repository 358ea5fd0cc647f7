package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    private static final byte[] BODY = "{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aKeyStandsForOneRequestIdPerTenantWhateverTheInstance() {
        IdempotencyKey first = IdempotencyKey.of("retry-me", "acme", BODY).orElseThrow();
        IdempotencyKey again = IdempotencyKey.of("retry-me", "acme", BODY).orElseThrow();
        IdempotencyKey otherTenant = IdempotencyKey.of("retry-me", "globex", BODY).orElseThrow();

        assertThat(again.requestId()).isEqualTo(first.requestId());
        assertThat(otherTenant.requestId()).isNotEqualTo(first.requestId());
        assertThat(otherTenant.kafkaKey()).isNotEqualTo(first.kafkaKey());
        UUID id = UUID.fromString(first.requestId());
        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
        // The key itself is never kept: only its hash with the tenant.
        assertThat(first.kafkaKey()).startsWith("acme/").doesNotContain("retry-me").hasSize("acme/".length() + 64);
    }

    @Test
    void theBodyIsBoundByItsHash() {
        IdempotencyKey one = IdempotencyKey.of("k", "acme", BODY).orElseThrow();
        IdempotencyKey other = IdempotencyKey.of("k", "acme", "{}".getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(other.requestId()).isEqualTo(one.requestId());
        assertThat(other.bodySha256()).isNotEqualTo(one.bodySha256());
    }

    @Test
    void noHeaderIsNoKeyAndABadOneIs400() {
        assertThat(IdempotencyKey.of(null, "acme", BODY)).isEmpty();
        for (String bad : new String[] {"", "x".repeat(256), "caf\u00e9", "tab\there"}) {
            assertThatThrownBy(() -> IdempotencyKey.of(bad, "acme", BODY)).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.param()).isEqualTo("Idempotency-Key");
            });
        }
        assertThat(IdempotencyKey.of("x".repeat(255), "acme", BODY)).isPresent();
    }
}
