package io.llmgateway.common.config;

import io.llmgateway.schemas.BudgetAlert;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.CancelRequest;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.CostRollup;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.IdempotencyRecord;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.RequestLogRecord;
import io.llmgateway.schemas.TenantState;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.schemas.UsageRecord;

/** Topic names, when a deployment does not use the defaults of {@link Topics}. */
public record TopicNames(String requests, String admitted, String routable, String usage, String deadLetter,
                         String replyPrefix, String cacheEntries, String tenantState, String costs,
                         String costsHourly, String budgetAlerts, String cancels, String idempotency,
                         String requestLog) {

    public static final TopicNames DEFAULTS = new TopicNames(null, null, null, null, null, null, null);

    /** After the reply prefix, what starts the reply topics of batch tenants. */
    public static final String BATCH_REPLY_MARK = "batch.";

    public TopicNames {
        requests = orDefault(requests, Topics.REQUESTS.name());
        admitted = orDefault(admitted, Topics.ADMITTED.name());
        routable = orDefault(routable, Topics.ROUTABLE.name());
        usage = orDefault(usage, Topics.USAGE.name());
        deadLetter = orDefault(deadLetter, Topics.DEAD_LETTER.name());
        replyPrefix = orDefault(replyPrefix, "llm.replies.");
        cacheEntries = orDefault(cacheEntries, Topics.CACHE_ENTRIES.name());
        tenantState = orDefault(tenantState, Topics.TENANT_STATE.name());
        costs = orDefault(costs, Topics.COSTS.name());
        costsHourly = orDefault(costsHourly, Topics.COSTS_HOURLY.name());
        budgetAlerts = orDefault(budgetAlerts, Topics.BUDGET_ALERTS.name());
        cancels = orDefault(cancels, Topics.CANCELS.name());
        idempotency = orDefault(idempotency, Topics.IDEMPOTENCY.name());
        requestLog = orDefault(requestLog, Topics.REQUEST_LOG.name());
    }

    /** Names with the default request log topic. */
    public TopicNames(String requests, String admitted, String routable, String usage, String deadLetter,
                      String replyPrefix, String cacheEntries, String tenantState, String costs,
                      String costsHourly, String budgetAlerts, String cancels, String idempotency) {
        this(requests, admitted, routable, usage, deadLetter, replyPrefix, cacheEntries, tenantState, costs,
                costsHourly, budgetAlerts, cancels, idempotency, null);
    }

    /** Names with the default idempotency and request log topics. */
    public TopicNames(String requests, String admitted, String routable, String usage, String deadLetter,
                      String replyPrefix, String cacheEntries, String tenantState, String costs,
                      String costsHourly, String budgetAlerts, String cancels) {
        this(requests, admitted, routable, usage, deadLetter, replyPrefix, cacheEntries, tenantState, costs,
                costsHourly, budgetAlerts, cancels, null);
    }

    /** Names with the default cancels topic. */
    public TopicNames(String requests, String admitted, String routable, String usage, String deadLetter,
                      String replyPrefix, String cacheEntries, String tenantState, String costs,
                      String costsHourly, String budgetAlerts) {
        this(requests, admitted, routable, usage, deadLetter, replyPrefix, cacheEntries, tenantState, costs,
                costsHourly, budgetAlerts, null);
    }

    /** Names with the default accounting output topics. */
    public TopicNames(String requests, String admitted, String routable, String usage, String deadLetter,
                      String replyPrefix, String cacheEntries) {
        this(requests, admitted, routable, usage, deadLetter, replyPrefix, cacheEntries, null, null, null, null);
    }

    /** Names with the default cache entries topic. */
    public TopicNames(String requests, String admitted, String routable, String usage, String deadLetter,
                      String replyPrefix) {
        this(requests, admitted, routable, usage, deadLetter, replyPrefix, null);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    public Topic<String, GatewayRequest> requestsTopic() {
        return Topics.REQUESTS.named(requests);
    }

    public Topic<String, GatewayRequest> admittedTopic() {
        return Topics.ADMITTED.named(admitted);
    }

    public Topic<String, GatewayRequest> routableTopic() {
        return Topics.ROUTABLE.named(routable);
    }

    public Topic<String, UsageRecord> usageTopic() {
        return Topics.USAGE.named(usage);
    }

    public Topic<String, DeadLetter> deadLetterTopic() {
        return Topics.DEAD_LETTER.named(deadLetter);
    }

    /** The compacted topic of cached answers, co-partitioned by tenant with {@link #admittedTopic()}. */
    public Topic<String, CacheEntry> cacheEntriesTopic() {
        return Topics.CACHE_ENTRIES.named(cacheEntries);
    }

    /** Each tenant's latest limits and remaining quota (compacted), read by the ingress. */
    public Topic<String, TenantState> tenantStateTopic() {
        return Topics.TENANT_STATE.named(tenantState);
    }

    /** One committed cost record per request, for finance. */
    public Topic<String, CostRecord> costsTopic() {
        return Topics.COSTS.named(costs);
    }

    /** Running cost totals per tenant, model and hour (compacted). */
    public Topic<String, CostRollup> costsHourlyTopic() {
        return Topics.COSTS_HOURLY.named(costsHourly);
    }

    public Topic<String, BudgetAlert> budgetAlertsTopic() {
        return Topics.BUDGET_ALERTS.named(budgetAlerts);
    }

    /** The request log: one record per request, kept for a time. */
    public Topic<String, RequestLogRecord> requestLogTopic() {
        return Topics.REQUEST_LOG.named(requestLog);
    }

    /** Requests whose caller went away (keyed by request id); every router worker reads all of it. */
    public Topic<String, CancelRequest> cancelsTopic() {
        return Topics.CANCELS.named(cancels);
    }

    /** Each {@code Idempotency-Key}'s request id and first answer (compacted); every ingress reads all of it. */
    public Topic<String, IdempotencyRecord> idempotencyTopic() {
        return Topics.IDEMPOTENCY.named(idempotency);
    }

    /**
     * What every reply topic of a tenant's batch jobs starts with, e.g. {@code llm.replies.batch.acme.}:
     * a record a tenant signed may name only such a topic, so its answers never reach anyone else.
     */
    public String batchReplyPrefix(String tenantId) {
        return replyPrefix + BATCH_REPLY_MARK + tenantId + ".";
    }

    /** Whether {@code topic} is an ingress instance's reply topic (under the prefix, not a batch one). */
    public boolean isIngressReplyTopic(String topic) {
        return topic.startsWith(replyPrefix) && topic.length() > replyPrefix.length()
                && !topic.startsWith(replyPrefix + BATCH_REPLY_MARK);
    }

    /** The reply topic of one caller (an ingress instance or a batch job). */
    public Topic<String, Reply> repliesTopic(String callerId) {
        return Topics.replies(replyPrefix + callerId);
    }
}
