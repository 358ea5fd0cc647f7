package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.ingress.openai.OpenAiJson;
import io.llmgateway.schemas.TenantState;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /v1/usage}: the caller's own tenant, never another's (the tenant comes from the API
 * key, and the route takes no tenant parameter): its rate limits with what is used and left of
 * them now, requests in flight, and its budgets with the spend of the current day and month, for
 * the tenant and each project with limits of its own. From the tenant state accounting publishes
 * ({@code "source": "accounting"}); before there is one, the configured limits with nothing used
 * ({@code "source": "configured_limits"}). A tenant without a budget sees no spend here (the cost
 * stream has every charge).
 */
final class UsageRoute implements Handler {

    static final String PATH = "/v1/usage";

    private final ApiKeyAuthenticator authenticator;
    private final Function<String, Optional<TenantState>> live;
    private final Clock clock;

    /** @param live accounting's latest state of a tenant, as the ingress read it */
    UsageRoute(ApiKeyAuthenticator authenticator, Function<String, Optional<TenantState>> live, Clock clock) {
        this.authenticator = authenticator;
        this.live = live;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws JsonProcessingException {
        Caller caller = authenticator.authenticate(req);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.MAPPER.writeValueAsBytes(usage(caller)));
    }

    ObjectNode usage(Caller caller) {
        long nowMs = clock.millis();
        Optional<TenantState> known = live.apply(caller.tenantId());
        TenantState state = known.orElseGet(() -> ConfiguredLimits.initial(caller.tenantId(), caller.tenant(), nowMs));
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        root.put("object", "gateway.usage");
        root.put("tenant", caller.tenantId());
        root.put("project", caller.projectId());
        root.put("as_of", nowMs / 1000);
        root.put("source", known.isPresent() ? "accounting" : "configured_limits");
        scope(root.putObject("tenant_usage"), state.tenant(), nowMs);
        ObjectNode projects = root.putObject("projects");
        state.projects().forEach((project, scope) -> scope(projects.putObject(project), scope, nowMs));
        return root;
    }

    private static void scope(ObjectNode out, TenantState.Scope scope, long nowMs) {
        window(out, "requests_per_minute", scope.requests(), nowMs);
        window(out, "tokens_per_minute", scope.tokens(), nowMs);
        if (scope.maxConcurrentRequests() != null) {
            out.put("max_concurrent_requests", scope.maxConcurrentRequests());
        }
        out.put("in_flight", scope.inFlight());
        budget(out, "daily_budget", scope.daily());
        budget(out, "monthly_budget", scope.monthly());
    }

    private static void window(ObjectNode out, String name, TenantState.Window window, long nowMs) {
        if (window == null) {
            return;
        }
        ObjectNode node = out.putObject(name);
        node.put("limit", window.limit());
        node.put("used", window.usedAt(nowMs));
        node.put("remaining", window.remainingAt(nowMs));
        node.put("reset", EarlyLimits.duration(window.msUntilReset(nowMs)));
    }

    private static void budget(ObjectNode out, String name, TenantState.Budget budget) {
        if (budget == null) {
            return;
        }
        ObjectNode node = out.putObject(name);
        node.put("period", budget.period());
        node.put("limit_usd", budget.limitUsd());
        node.put("spent_usd", budget.spentUsd());
        node.put("reserved_usd", budget.reservedUsd());
        node.put("resets_at", budget.periodEndMs() / 1000);
    }
}
