package io.llmgateway.ingress;

import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.TenantState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Refuses at once what the latest tenant state shows plainly over a limit, and tells every caller
 * what is left, as OpenAI does: {@code x-ratelimit-limit-requests}, {@code -remaining-requests},
 * {@code -reset-requests}, {@code -limit-tokens}, {@code -remaining-tokens},
 * {@code -reset-tokens}, and {@code retry-after} on a 429.
 *
 * <p>"Plainly": the snapshot, aged to now by the times its windows release, has no room for the
 * request (or the budget is spent). Concurrency is left to accounting (it changes faster than
 * snapshots). Accounting's own admission stays the authority: a snapshot up to one publish
 * interval old can only refuse a little early, right after accounting gave a reservation back.
 */
public final class EarlyLimits {

    public static final EarlyLimits NONE = new EarlyLimits(tenant -> Optional.empty(), null, Clock.systemUTC());

    /** Accounting's latest state of a tenant, as read. */
    private final Function<String, Optional<TenantState>> live;
    /** What the headers and refusals go by: {@link #live}, or a fallback while there is none. */
    private final Function<String, Optional<TenantState>> states;
    private final AccountingSettings accounting;
    private final Clock clock;

    /** @param accounting how accounting sizes a request's reservation (its default max_tokens) */
    public EarlyLimits(Function<String, Optional<TenantState>> states, AccountingSettings accounting, Clock clock) {
        this(states, states, accounting, clock);
    }

    private EarlyLimits(Function<String, Optional<TenantState>> live, Function<String, Optional<TenantState>> states,
                        AccountingSettings accounting, Clock clock) {
        this.live = live;
        this.states = states;
        this.accounting = accounting;
        this.clock = clock;
    }

    /**
     * The same, answering from the configured limits of a tenant while no state of it has
     * arrived, so that the first answers after a start carry {@code x-ratelimit-*} headers too
     * ({@link ConfiguredLimits}).
     */
    public EarlyLimits withConfiguredLimits(Map<String, TenantConfig> tenants) {
        return new EarlyLimits(live, ConfiguredLimits.orConfigured(live, tenants, clock), accounting, clock);
    }

    /** Accounting's latest state of the tenant; empty before one arrived. */
    Optional<TenantState> liveState(String tenantId) {
        return live.apply(tenantId);
    }

    /**
     * Sets the rate-limit headers through {@code header} and refuses a request plainly over a limit.
     *
     * @throws ApiError 429 {@code rate_limit_exceeded} with the time until the window has room, or
     *     429 {@code budget_exceeded} until the budget's period ends
     */
    public void admit(GatewayRequest request, BiConsumer<String, String> header) {
        admit(request, header, (refused, error) -> { });
    }

    /** As {@link #admit(GatewayRequest, BiConsumer)}, telling {@code onRefusal} of a refusal before it is thrown. */
    public void admit(GatewayRequest request, BiConsumer<String, String> header,
                      BiConsumer<GatewayRequest, ApiError> onRefusal) {
        Optional<TenantState> known = states.apply(request.tenantId());
        if (known.isEmpty()) {
            return;
        }
        long nowMs = clock.millis();
        List<TenantState.Scope> scopes = scopes(known.get(), request.projectId());
        long tokens = request.estimatedInputTokens() + (request.params().maxTokens() != null
                ? request.params().maxTokens() : accounting.maxTokensFor(request.model()));
        ApiError refusal = budgetRefusal(request.tenantId(), scopes, nowMs);
        Binding requests = tightest(scopes, TenantState.Scope::requests, 1, nowMs);
        Binding window = tightest(scopes, TenantState.Scope::tokens, tokens, nowMs);
        if (refusal == null && requests != null && requests.waitMs() != 0) {
            refusal = rateRefusal(request.tenantId(), "requests", "requests per minute (RPM)", requests, 1);
        }
        if (refusal == null && window != null && window.waitMs() != 0) {
            refusal = rateRefusal(request.tenantId(), "tokens", "tokens per minute (TPM)", window, tokens);
        }
        boolean admitted = refusal == null;
        if (requests != null) {
            header.accept("x-ratelimit-limit-requests", Long.toString(requests.window().limit()));
            header.accept("x-ratelimit-remaining-requests",
                    Long.toString(Math.max(0, requests.remaining() - (admitted ? 1 : 0))));
            header.accept("x-ratelimit-reset-requests", duration(requests.window().msUntilReset(nowMs)));
        }
        if (window != null) {
            header.accept("x-ratelimit-limit-tokens", Long.toString(window.window().limit()));
            header.accept("x-ratelimit-remaining-tokens",
                    Long.toString(Math.max(0, window.remaining() - (admitted ? tokens : 0))));
            header.accept("x-ratelimit-reset-tokens", duration(window.window().msUntilReset(nowMs)));
        }
        if (refusal != null) {
            onRefusal.accept(request, refusal);
            throw refusal;
        }
    }

    private static List<TenantState.Scope> scopes(TenantState state, String projectId) {
        List<TenantState.Scope> scopes = new ArrayList<>();
        scopes.add(state.tenant());
        String project = projectId == null || projectId.isBlank() ? TenantConfig.DEFAULT_PROJECT : projectId;
        TenantState.Scope own = state.projects().get(project);
        if (own != null) {
            scopes.add(own);
        }
        return scopes;
    }

    /** The window with the least room (tenant's or project's), and how long until {@code amount} fits in it. */
    private record Binding(TenantState.Window window, long remaining, long waitMs) {}

    /** Worse: never fits, then a longer wait, then less room. */
    private static final Comparator<Binding> WORSE = Comparator.comparing((Binding b) -> b.waitMs() < 0)
            .thenComparingLong(Binding::waitMs)
            .thenComparing(Comparator.comparingLong(Binding::remaining).reversed());

    private static Binding tightest(List<TenantState.Scope> scopes, Function<TenantState.Scope, TenantState.Window> of,
                                    long amount, long nowMs) {
        return scopes.stream()
                .map(of)
                .filter(Objects::nonNull)
                .map(w -> new Binding(w, w.remainingAt(nowMs), w.msUntilFits(amount, nowMs)))
                .max(WORSE)
                .orElse(null);
    }

    private static ApiError rateRefusal(String tenantId, String type, String what, Binding binding, long amount) {
        TenantState.Window window = binding.window();
        if (binding.waitMs() < 0) {
            return new ApiError(429, type, null, "rate_limit_exceeded", "Request too large for tenant " + tenantId
                    + " on " + what + ": limit " + window.limit() + ", requested " + amount
                    + ". Reduce the input or max_tokens.", null);
        }
        return new ApiError(429, type, null, "rate_limit_exceeded", "Rate limit reached for tenant " + tenantId
                + " on " + what + ": limit " + window.limit() + ", remaining " + binding.remaining() + ", requested "
                + amount + ". Please try again in " + duration(binding.waitMs()) + ".", binding.waitMs());
    }

    private static ApiError budgetRefusal(String tenantId, List<TenantState.Scope> scopes, long nowMs) {
        for (TenantState.Scope scope : scopes) {
            for (TenantState.Budget budget : new TenantState.Budget[] {scope.daily(), scope.monthly()}) {
                if (budget != null && budget.isExhaustedAt(nowMs)) {
                    return new ApiError(429, "insufficient_quota", null, "budget_exceeded", "Budget exhausted for "
                            + "tenant " + tenantId + ": spent $" + budget.spentUsd().stripTrailingZeros()
                            .toPlainString() + " of $" + budget.limitUsd().stripTrailingZeros().toPlainString()
                            + " for " + budget.period() + ". Requests resume at "
                            + Instant.ofEpochMilli(budget.periodEndMs()) + ".", budget.periodEndMs() - nowMs);
                }
            }
        }
        return null;
    }

    /** OpenAI's (Go's) duration format: {@code 20ms}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3s}. */
    static String duration(long ms) {
        if (ms < 1_000) {
            return ms + "ms";
        }
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        String seconds = String.format(Locale.ROOT, "%.3f", ms % 60_000 / 1000.0)
                .replaceAll("0+$", "").replaceAll("\\.$", "");
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds + "s";
        }
        return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }
}
