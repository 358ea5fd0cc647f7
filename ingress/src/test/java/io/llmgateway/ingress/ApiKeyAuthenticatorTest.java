package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.config.ApiKeyConfig;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.TenantConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(TestConfigs.config().tenants());

    @Test
    void aBearerKeyMapsToItsTenantProjectAndKeyId() {
        Caller caller = auth.authenticate(Optional.of("Bearer " + TestConfigs.ACME_KEY), Optional.empty());

        assertThat(caller.tenantId()).isEqualTo("acme");
        assertThat(caller.projectId()).isEqualTo("research");
        assertThat(caller.apiKeyId()).isEqualTo("acme-dev");
    }

    @Test
    void aKeyWithoutProjectBelongsToTheTenantsFirstProject() {
        Caller caller = auth.authenticate(Optional.of("Bearer " + TestConfigs.GLOBEX_KEY), Optional.empty());

        assertThat(caller.tenantId()).isEqualTo("globex");
        assertThat(caller.projectId()).isEqualTo("default");
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndSpacesAreTrimmed() {
        assertThat(auth.authenticate(Optional.of("  bearer   " + TestConfigs.ACME_KEY + " "), Optional.empty())
                .apiKeyId()).isEqualTo("acme-dev");
    }

    @Test
    void anXApiKeyHeaderIsAccepted() {
        assertThat(auth.authenticate(Optional.empty(), Optional.of(TestConfigs.GLOBEX_KEY)).apiKeyId())
                .isEqualTo("globex-dev");
    }

    @Test
    void theAuthorizationHeaderWinsOverXApiKey() {
        assertThat(auth.authenticate(Optional.of("Bearer " + TestConfigs.ACME_KEY),
                Optional.of(TestConfigs.GLOBEX_KEY)).apiKeyId()).isEqualTo("acme-dev");
    }

    @Test
    void aMissingKeyIs401InvalidApiKey() {
        assertThatThrownBy(() -> auth.authenticate(Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("invalid_api_key");
                    assertThat(e.getMessage()).contains("didn't provide an API key");
                });
    }

    @Test
    void aNonBearerAuthorizationWithoutXApiKeyCountsAsMissing() {
        assertThatThrownBy(() -> auth.authenticate(Optional.of("Basic " + TestConfigs.ACME_KEY), Optional.empty()))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> auth.authenticate(Optional.of("Bearer    "), Optional.empty()))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage()).contains("didn't provide"));
    }

    @Test
    void aWrongKeyIs401AndTheErrorNeverEchoesTheKey() {
        String wrong = "sk-wrong-key-that-must-not-leak";
        assertThatThrownBy(() -> auth.authenticate(Optional.of("Bearer " + wrong), Optional.empty()))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("invalid_api_key");
                    assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain("sk-");
                });
    }

    @Test
    void theStoredHashIsNotAKey() {
        // Presenting the hash itself (e.g. leaked from the config) must not authenticate.
        assertThat(auth.lookup(TestConfigs.sha256Hex(TestConfigs.ACME_KEY))).isEmpty();
    }

    @Test
    void theHashIsSha256OfTheUtf8Key() {
        // printf %s 'sk-gw-demo-acme' | sha256sum, as config/gateway.example.yaml documents
        assertThat(TestConfigs.sha256Hex("sk-gw-demo-acme"))
                .isEqualTo("3a63c8009d4dc1d1164dcbfce90c219faf13b98601e6475972e4ddb4291e6b7f");
    }

    @Test
    void oneKeyHashForTwoCallersFailsAtStartWithItsPath() {
        String hash = TestConfigs.sha256Hex("shared");
        Map<String, TenantConfig> tenants = Map.of(
                "a", new TenantConfig(null, List.of(new ApiKeyConfig("k1", null, hash)), null),
                "b", new TenantConfig(null, List.of(new ApiKeyConfig("k2", null, hash)), null));

        assertThatThrownBy(() -> new ApiKeyAuthenticator(tenants))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(".api_keys[0].sha256: the same key hash is already used by tenants.");
    }
}
