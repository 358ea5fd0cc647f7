package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.RequestLogRecord;
import io.llmgateway.schemas.RequestTrail;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounting writes one request-log record per charged request, with the trace id, the cost and the trail. */
class RequestLogTopologyTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00.400Z");
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final GatewayConfig CONFIG = AccountingDriver.config("""
            providers:
              mock: {type: openai, base_url: "http://127.0.0.1:1/v1"}
            models:
              gpt-4o-mini:
                deployments: [{provider: mock, model: gpt-4o-mini}]
            prices:
              as_of: 2026-08-21
              models:
                gpt-4o-mini: {input: 0.15, output: 0.60, cached_input: 0.075}
            tenants:
              acme:
                projects: [default]
                limits: {requests_per_minute: 1}
            """);

    @TempDir
    Path stateDir;

    private AccountingDriver accounting;

    @BeforeEach
    void startDriver() {
        accounting = new AccountingDriver(CONFIG, stateDir, NOW);
    }

    @AfterEach
    void closeDriver() {
        accounting.close();
    }

    @Test
    void aChargedRequestGetsOneRecordWithItsTraceIdCostAndStageTimes() {
        long created = Messages.CREATED_AT_MS;
        RequestTrail trail = new RequestTrail("openai", true, Priority.INTERACTIVE, "llm.replies.ingress-1", created,
                created + 5, List.of(new RequestTrail.AttemptRecord("mock", "gpt-4o-mini", 503, "server_error", 40),
                        new RequestTrail.AttemptRecord("mock", "gpt-4o-mini", 200, "ok", 700)));
        UsageRecord usage = Messages.usage("r1", "acme", "default", "gpt-4o-mini", "gpt-4o-mini",
                        new TokenUsage(1000, 50, 0), created + 20).withTrail(trail)
                .withCacheDecision(CacheStatus.MISS, "no_entry");

        reportWithTrace(usage);
        reportWithTrace(usage); // a re-delivery is not a second request

        CostRecord cost = accounting.costs.readValue();
        List<RequestLogRecord> entries = accounting.requestLog.readValuesToList();
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.traceId()).isEqualTo(TRACE_ID);
            assertThat(entry.tenantId()).isEqualTo("acme");
            assertThat(entry.modelRequested()).isEqualTo("gpt-4o-mini");
            assertThat(entry.providerUsed()).isEqualTo("mock");
            assertThat(entry.inputTokens()).isEqualTo(1000);
            assertThat(entry.outputTokens()).isEqualTo(50);
            assertThat(entry.costUsd()).isEqualByComparingTo(new BigDecimal("0.00018")).isEqualTo(cost.costUsd());
            assertThat(entry.priceList()).isEqualTo("2026-08-21");
            assertThat(entry.latencyMs()).as("from the edge to the end").isEqualTo(820L);
            assertThat(entry.ttftMs()).isEqualTo(120L);
            assertThat(entry.api()).isEqualTo("openai");
            assertThat(entry.stream()).isTrue();
            assertThat(entry.batchJobId()).isNull();
            assertThat(entry.cacheDecision()).isEqualTo(CacheStatus.MISS);
            assertThat(entry.cacheReasonCategory()).isEqualTo("no_entry");
            assertThat(entry.attempts()).hasSize(2);
            assertThat(entry.queueMs()).containsEntry("admission", 5L)
                    .containsEntry("to_router", 15L).containsEntry("provider", 740L);
        });
    }

    @Test
    void aBatchJobIsNamedByItsReplyTopicAndTheCacheReasonKeepsOnlyItsCategory() {
        RequestTrail trail = new RequestTrail(null, false, Priority.BATCH, "llm.replies.batch.acme.job-7",
                Messages.CREATED_AT_MS, null, List.of());
        accounting.report(Messages.usage("r2", "acme", 10, 5).withTrail(trail)
                .withCacheDecision(CacheStatus.BYPASS, "time_sensitive: refers to the present moment"));

        RequestLogRecord entry = accounting.requestLog.readValue();
        assertThat(entry.batchJobId()).isEqualTo("job-7");
        assertThat(entry.priority()).isEqualTo(Priority.BATCH);
        assertThat(entry.cacheReasonCategory()).isEqualTo("time_sensitive");
        assertThat(entry.traceId()).as("no traceparent header").isNull();
    }

    @Test
    void aRefusedRequestGetsItsRecordWithTheTraceItCameWith() {
        GatewayRequest first = withTrace(Messages.request("r3", "acme", 10, 10));
        GatewayRequest second = withTrace(Messages.request("r4", "acme", 10, 10));
        accounting.send(first);
        accounting.send(second); // over requests_per_minute: 1

        TestRecord<String, UsageRecord> refusal = accounting.usageOut.readRecord();
        assertThat(refusal.value().outcome()).isEqualTo(Outcome.REJECTED);
        accounting.usage.pipeInput(refusal); // as the usage topic brings it back, headers and all

        RequestLogRecord entry = accounting.requestLog.readValue();
        assertThat(entry.requestId()).isEqualTo("r4");
        assertThat(entry.status()).isEqualTo(Outcome.REJECTED);
        assertThat(entry.errorType()).isEqualTo("rate_limit_exceeded");
        assertThat(entry.traceId()).isEqualTo(TRACE_ID);
        assertThat(entry.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    private static GatewayRequest withTrace(GatewayRequest request) {
        return new GatewayRequest(request.requestId(), request.tenantId(), request.projectId(), request.apiKeyId(),
                request.model(), request.messages(), request.params(), request.stream(), request.replyTopic(),
                request.createdAtMs(), request.deadlineMs(), request.priority(), request.cachePolicy(), TRACEPARENT,
                request.estimatedInputTokens(), null);
    }

    private void reportWithTrace(UsageRecord usage) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Tracing.TRACEPARENT, TRACEPARENT.getBytes(StandardCharsets.US_ASCII));
        accounting.usage.pipeInput(new TestRecord<>(usage.tenantId(), usage, headers, NOW));
    }
}
