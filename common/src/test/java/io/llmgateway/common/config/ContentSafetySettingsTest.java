package io.llmgateway.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContentSafetySettingsTest {

    private static final String MODELS_AND_TENANTS = "providers: {p: {type: openai, base_url: 'http://x/v1'}}\n"
            + "models: {m: {deployments: [{provider: p, model: m}]}, n: {deployments: [{provider: p, model: n}]}}\n"
            + "tenants: {acme: {api_keys: []}, globex: {api_keys: []}}\n";

    private static ContentSafetySettings parse(String safety) {
        return GatewayConfig.parse(new ByteArrayInputStream((MODELS_AND_TENANTS + "content_safety: " + safety + "\n")
                .getBytes(StandardCharsets.UTF_8)), "test").contentSafety();
    }

    @Test
    void theExampleConfigRedactsSecretsAndCardsAndLogsTheRest() {
        ContentSafetySettings safety = GatewayConfig.load(Path.of("../config/gateway.example.yaml")).contentSafety();
        SafetyPolicy acme = safety.policyFor("acme", "gpt-4o-mini");
        assertThat(acme.action(SafetyCategory.SECRET)).isEqualTo(SafetyAction.REDACT);
        assertThat(acme.action(SafetyCategory.CARD)).isEqualTo(SafetyAction.REDACT);
        assertThat(acme.action(SafetyCategory.EMAIL)).isEqualTo(SafetyAction.LOG);
        assertThat(acme.action(SafetyCategory.PROMPT_INJECTION)).isEqualTo(SafetyAction.LOG);
        assertThat(safety.tenants().get("globex").blockWords()).isNotEmpty();
    }

    @Test
    void noSectionMeansTheSameSensibleDefault() {
        SafetyPolicy policy = ContentSafetySettings.DEFAULTS.policyFor("anyone", "any-model");
        assertThat(policy.action(SafetyCategory.SECRET)).isEqualTo(SafetyAction.REDACT);
        assertThat(policy.action(SafetyCategory.PHONE)).isEqualTo(SafetyAction.LOG);
        assertThat(policy.action(SafetyCategory.BLOCKLIST)).isEqualTo(SafetyAction.BLOCK);
    }

    @Test
    void tenantModelOverTenantOverModelOverDefault() {
        ContentSafetySettings safety = parse("{policy: {email: off}, models: {m: {email: redact, phone: block}},"
                + " tenants: {acme: {policy: {phone: log}, models: {m: {iban: block}}}}}");
        assertThat(safety.policyFor("globex", "n").action(SafetyCategory.EMAIL)).isEqualTo(SafetyAction.OFF);
        assertThat(safety.policyFor("globex", "m").action(SafetyCategory.EMAIL)).isEqualTo(SafetyAction.REDACT);
        assertThat(safety.policyFor("globex", "m").action(SafetyCategory.PHONE)).isEqualTo(SafetyAction.BLOCK);
        assertThat(safety.policyFor("acme", "m").action(SafetyCategory.PHONE)).isEqualTo(SafetyAction.LOG);
        assertThat(safety.policyFor("acme", "m").action(SafetyCategory.IBAN)).isEqualTo(SafetyAction.BLOCK);
        assertThat(safety.policyFor("acme", "n").action(SafetyCategory.IBAN)).isEqualTo(SafetyAction.LOG);
    }

    @Test
    void badFieldsFailWithTheirPath() {
        assertThatThrownBy(() -> parse("{policy: {cards: redact}}"))
                .hasMessageContaining("content_safety.policy: unknown content-safety category 'cards'");
        assertThatThrownBy(() -> parse("{policy: {card: hide}}"))
                .hasMessageContaining("content_safety.policy: card: unknown content-safety action 'hide'");
        assertThatThrownBy(() -> parse("{tenants: {acme: {block_patterns: ['ok', '(unclosed']}}}"))
                .hasMessageContaining("content_safety.tenants.acme: block_patterns[1]: not a valid regular expression");
        assertThatThrownBy(() -> parse("{tenants: {initech: {}}}"))
                .hasMessageContaining("content_safety.tenants.initech: unknown tenant 'initech'");
        assertThatThrownBy(() -> parse("{tenants: {acme: {models: {x: {}}}}}"))
                .hasMessageContaining("content_safety.tenants.acme.models.x: unknown model 'x'");
        assertThatThrownBy(() -> parse("{phone_regions: [uk]}"))
                .hasMessageContaining("content_safety: phone_regions[0]: 'uk' is not an ISO 3166 region code");
        assertThatThrownBy(() -> parse("{output_hold_back_chars: -1}"))
                .hasMessageContaining("content_safety: output_hold_back_chars must be within 0..65536");
    }
}
