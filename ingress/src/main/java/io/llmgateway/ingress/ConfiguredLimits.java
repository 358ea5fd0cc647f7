package io.llmgateway.ingress;

import io.llmgateway.common.config.Quota;
import io.llmgateway.common.config.RateLimits;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.TenantState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A tenant's state before accounting published one: its configured rate limits with nothing used
 * yet. Right after a start the ingress has read no {@code llm.tenant.state} for a tenant (or
 * accounting has not published one: a tenant is published once it has traffic), and without this
 * its first answers would carry no {@code x-ratelimit-*} headers. Budgets are left out: their
 * spend is accounting's to tell.
 */
final class ConfiguredLimits {

    private ConfiguredLimits() {}

    /** The live state where there is one, else the configured limits of a tenant the config has. */
    static Function<String, Optional<TenantState>> orConfigured(Function<String, Optional<TenantState>> live,
                                                                Map<String, TenantConfig> tenants, Clock clock) {
        return tenantId -> live.apply(tenantId).or(() -> Optional.ofNullable(tenants.get(tenantId))
                .map(tenant -> initial(tenantId, tenant, clock.millis())));
    }

    static TenantState initial(String tenantId, TenantConfig tenant, long nowMs) {
        Map<String, TenantState.Scope> projects = new LinkedHashMap<>();
        for (String project : tenant.projects()) {
            Quota quota = tenant.projectQuota(project);
            if (!quota.limits().isEmpty()) {
                projects.put(project, scope(quota.limits(), nowMs));
            }
        }
        return new TenantState(tenantId, nowMs, scope(tenant.limits(), nowMs), projects);
    }

    private static TenantState.Scope scope(RateLimits limits, long nowMs) {
        return new TenantState.Scope(window(limits.requestsPerMinute(), nowMs), window(limits.tokensPerMinute(), nowMs),
                limits.maxConcurrentRequests(), 0, null, null);
    }

    private static TenantState.Window window(Number limit, long nowMs) {
        return limit == null ? null : new TenantState.Window(limit.longValue(), 0, nowMs, List.of());
    }
}
