package io.llmgateway.accounting;

import io.llmgateway.schemas.BudgetAlert;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.CostRollup;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.RequestLogRecord;
import io.llmgateway.schemas.TenantState;
import io.llmgateway.schemas.UsageRecord;

/**
 * Something accounting's processors send on, and so the topic it goes to: the topology splits on
 * the type. Each travels under the key its topic wants (tenant id, request id or rollup key).
 */
sealed interface Outbound {

    /** To the admitted topic, keyed by tenant id. */
    record Admitted(GatewayRequest request) implements Outbound {}

    /** To the caller's own reply topic, keyed by request id. */
    record Rejection(String replyTopic, Reply reply) implements Outbound {}

    /** To the usage topic (a refusal is a request too), keyed by tenant id. */
    record Usage(UsageRecord usage) implements Outbound {}

    record Cost(CostRecord cost) implements Outbound {}

    /** To the request log, keyed by tenant id: one per request, beside its cost. */
    record RequestLog(RequestLogRecord entry) implements Outbound {}

    record Rollup(CostRollup rollup) implements Outbound {}

    record State(TenantState state) implements Outbound {}

    record Alert(BudgetAlert alert) implements Outbound {}

    /** To the dead-letter topic: a request admission will not serve (its id was used already). */
    record DeadLettered(DeadLetter letter) implements Outbound {}
}
