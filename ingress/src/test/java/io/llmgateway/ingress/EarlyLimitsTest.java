package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TenantState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EarlyLimitsTest {

    private static final long AS_OF = Instant.parse("2026-01-15T10:00:00.400Z").toEpochMilli();
    private static final long FIRST_RELEASE = Instant.parse("2026-01-15T10:00:20Z").toEpochMilli();
    private static final long LAST_RELEASE = Instant.parse("2026-01-15T10:01:00Z").toEpochMilli();
    private static final AccountingSettings ACCOUNTING = new AccountingSettings(null, null, null);

    private final Map<String, String> headers = new LinkedHashMap<>();

    /** 60 requests a minute (59 used), 10,000 tokens (9,000 used: 6,000 leave at :20, 3,000 at 10:01). */
    private static TenantState state(TenantState.Budget daily, Map<String, TenantState.Scope> projects) {
        var requests = new TenantState.Window(60, 59, LAST_RELEASE,
                List.of(new TenantState.Release(FIRST_RELEASE, 30), new TenantState.Release(LAST_RELEASE, 29)));
        var tokens = new TenantState.Window(10_000, 9_000, LAST_RELEASE,
                List.of(new TenantState.Release(FIRST_RELEASE, 6_000), new TenantState.Release(LAST_RELEASE, 3_000)));
        return new TenantState("acme", AS_OF, new TenantState.Scope(requests, tokens, null, 3, daily, null), projects);
    }

    private static EarlyLimits limits(TenantState state, long nowMs) {
        return new EarlyLimits(tenant -> tenant.equals(state.tenantId()) ? Optional.of(state) : Optional.empty(),
                ACCOUNTING, Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC));
    }

    private static GatewayRequest request(String project, int maxTokens, int inputTokens) {
        return new GatewayRequest("req-1", "acme", project, "key-1", "gpt-4o-mini", List.of(ChatMessage.user("hi")),
                new SamplingParams(null, null, maxTokens, null, null), false, "llm.replies.i", AS_OF, AS_OF + 60_000,
                Priority.INTERACTIVE, CachePolicy.DEFAULT, null, inputTokens, null);
    }

    @Test
    void aRequestThatFitsPassesWithWhatIsLeftAfterIt() {
        limits(state(null, Map.of()), AS_OF).admit(request("default", 500, 100), headers::put);

        assertThat(headers).containsExactly(
                Map.entry("x-ratelimit-limit-requests", "60"),
                Map.entry("x-ratelimit-remaining-requests", "0"),
                Map.entry("x-ratelimit-reset-requests", "59.6s"),
                Map.entry("x-ratelimit-limit-tokens", "10000"),
                Map.entry("x-ratelimit-remaining-tokens", "400"),
                Map.entry("x-ratelimit-reset-tokens", "59.6s"));
    }

    @Test
    void aRequestWithNoRoomInTheTokenWindowIsRefusedWithTheTimeUntilThereIs() {
        assertThatThrownBy(() -> limits(state(null, Map.of()), AS_OF).admit(request("default", 1_900, 100),
                headers::put))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("rate_limit_exceeded");
                    assertThat(e.type()).isEqualTo("tokens");
                    assertThat(e.retryAfterMs()).isEqualTo(19_600);
                    assertThat(e.getMessage()).contains("Please try again in 19.6s");
                });
        assertThat(headers).containsEntry("x-ratelimit-remaining-tokens", "1000");
    }

    @Test
    void theSnapshotAgesToNowByItsReleases() {
        // At 10:00:20 the 6,000 tokens and 30 requests admitted first have left the window.
        limits(state(null, Map.of()), FIRST_RELEASE).admit(request("default", 1_900, 100), headers::put);

        assertThat(headers).containsEntry("x-ratelimit-remaining-tokens", "5000")
                .containsEntry("x-ratelimit-remaining-requests", "30")
                .containsEntry("x-ratelimit-reset-tokens", "40s");
    }

    @Test
    void withTheRequestWindowFullItIsRefusedOnRequests() {
        var full = state(null, Map.of());
        var requests = new TenantState.Window(59, 59, LAST_RELEASE, full.tenant().requests().releases());
        var tenant = new TenantState.Scope(requests, null, null, 0, null, null);
        var state = new TenantState("acme", AS_OF, tenant, Map.of());

        assertThatThrownBy(() -> limits(state, AS_OF).admit(request("default", 10, 10), headers::put))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.type()).isEqualTo("requests");
                    assertThat(e.retryAfterMs()).isEqualTo(19_600);
                });
        assertThat(headers).containsEntry("x-ratelimit-remaining-requests", "0").doesNotContainKey(
                "x-ratelimit-limit-tokens");
    }

    @Test
    void aProjectsTighterWindowIsTheOneShownAndEnforced() {
        var projectTokens = new TenantState.Window(1_000, 900, LAST_RELEASE,
                List.of(new TenantState.Release(LAST_RELEASE, 900)));
        var research = new TenantState.Scope(null, projectTokens, null, 1, null, null);
        EarlyLimits limits = limits(state(null, Map.of("research", research)), AS_OF);

        limits.admit(request("default", 50, 50), headers::put);
        assertThat(headers).containsEntry("x-ratelimit-limit-tokens", "10000");
        headers.clear();
        assertThatThrownBy(() -> limits.admit(request("research", 150, 50), headers::put))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.retryAfterMs()).isEqualTo(59_600));
        assertThat(headers).containsEntry("x-ratelimit-limit-tokens", "1000")
                .containsEntry("x-ratelimit-remaining-tokens", "100");
    }

    @Test
    void aRefusalIsToldBeforeItIsThrownSoThatItIsAccountedFor() {
        var projectTokens = new TenantState.Window(1_000, 900, LAST_RELEASE,
                List.of(new TenantState.Release(LAST_RELEASE, 900)));
        var research = new TenantState.Scope(null, projectTokens, null, 1, null, null);
        EarlyLimits limits = limits(state(null, Map.of("research", research)), AS_OF);
        List<String> told = new java.util.ArrayList<>();

        limits.admit(request("default", 50, 50), headers::put, (request, error) -> told.add(error.code()));
        assertThat(told).as("an admitted request is no refusal").isEmpty();
        assertThatThrownBy(() -> limits.admit(request("research", 150, 50), headers::put,
                (request, error) -> told.add(request.projectId() + " " + error.code())))
                .isInstanceOf(ApiError.class);
        assertThat(told).containsExactly("research rate_limit_exceeded");
    }

    @Test
    void aSpentBudgetRefusesUntilItsPeriodEnds() {
        long dayEnd = Instant.parse("2026-01-16T00:00:00Z").toEpochMilli();
        var daily = new TenantState.Budget(new BigDecimal("5"), new BigDecimal("5.01"), BigDecimal.ZERO,
                "2026-01-15", dayEnd);

        assertThatThrownBy(() -> limits(state(daily, Map.of()), AS_OF).admit(request("default", 10, 10),
                headers::put))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo("budget_exceeded");
                    assertThat(e.type()).isEqualTo("insufficient_quota");
                    assertThat(e.retryAfterMs()).isEqualTo(dayEnd - AS_OF);
                });
        // The next day the snapshot's budget no longer applies.
        limits(state(daily, Map.of()), dayEnd).admit(request("default", 10, 10), headers::put);
    }

    @Test
    void aTenantWithoutAPublishedStateIsLeftToAccounting() {
        limits(state(null, Map.of()), AS_OF).admit(new GatewayRequest("r", "globex", null, "k", "m",
                List.of(ChatMessage.user("hi")), null, false, "t", AS_OF, AS_OF, null, null, null, 0, null),
                headers::put);
        EarlyLimits.NONE.admit(request("default", 10, 10), headers::put);

        assertThat(headers).isEmpty();
    }

    @Test
    void durationsAreWrittenAsOpenAiDoes() {
        assertThat(EarlyLimits.duration(20)).isEqualTo("20ms");
        assertThat(EarlyLimits.duration(1_500)).isEqualTo("1.5s");
        assertThat(EarlyLimits.duration(360_000)).isEqualTo("6m0s");
        assertThat(EarlyLimits.duration(3_723_000)).isEqualTo("1h2m3s");
    }
}
