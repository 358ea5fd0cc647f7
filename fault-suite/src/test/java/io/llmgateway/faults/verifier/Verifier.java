package io.llmgateway.faults.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.faults.verifier.GroundTruth.Call;
import io.llmgateway.faults.verifier.GroundTruth.Totals;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a scenario's outcome against the ground truth, reading only committed records:
 * {@code llm.costs} (what finance sees) and the caller's reply topic (what the ingress could have
 * answered). It never asks the gateway's services anything.
 */
public final class Verifier {

    private final String bootstrapServers;
    private final String costsTopic;
    private final String replyTopic;
    /** Request ids charged in earlier scenarios on the same topics: not this scenario's. */
    private final Set<String> earlier = new java.util.HashSet<>();

    private final Set<String> tenants;

    /** @param tenants the tenants whose charges are checked (the load's) */
    public Verifier(String bootstrapServers, String costsTopic, String replyTopic, Set<String> tenants) {
        this.tenants = Set.copyOf(tenants);
        this.bootstrapServers = bootstrapServers;
        this.costsTopic = costsTopic;
        this.replyTopic = replyTopic;
    }

    /**
     * @param faultsAtMs when each fault was injected, for the time to recover
     * @param settle how long charges may take to appear after the last answer
     */
    public Verdict verify(String scenario, GroundTruth truth, List<Long> faultsAtMs, Duration settle)
            throws InterruptedException {
        List<Call> calls = truth.calls();
        Set<String> answered = calls.stream().filter(Call::succeeded).map(Call::requestId).collect(Collectors.toSet());
        List<JsonNode> costs = awaitCharges(answered, settle).stream()
                .filter(c -> !earlier.contains(c.path("request_id").asText())).toList();
        costs.forEach(c -> earlier.add(c.path("request_id").asText()));

        Map<String, Long> chargesPerRequest = costs.stream()
                .collect(Collectors.groupingBy(c -> c.path("request_id").asText(), Collectors.counting()));
        List<String> lost = new ArrayList<>();
        for (Call call : calls) {
            if (!call.succeeded()) {
                lost.add(call.nonce() + " (HTTP " + call.status() + ")");
            } else if (!chargesPerRequest.containsKey(call.requestId())) {
                lost.add(call.requestId() + " (answered, never charged)");
            }
        }
        int chargedTwice = (int) chargesPerRequest.values().stream().filter(n -> n > 1).count();
        return new Verdict(scenario, calls.size(), lost.size(), lost, answeredTwice(answered), chargedTwice,
                mismatches(truth.expectedTotals(), charged(costs)), recovery(calls, faultsAtMs));
    }

    private List<JsonNode> awaitCharges(Set<String> answered, Duration settle) throws InterruptedException {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            List<JsonNode> costs = CommittedTopic.readAll(bootstrapServers, costsTopic);
            Set<String> charged = costs.stream().map(c -> c.path("request_id").asText()).collect(Collectors.toSet());
            if (charged.containsAll(answered) || System.nanoTime() > deadline) {
                return costs;
            }
            Thread.sleep(1000);
        }
    }

    /** Request ids with more than one terminal reply (final or error) on the reply topic. */
    private int answeredTwice(Set<String> ours) {
        Map<String, Long> terminal = CommittedTopic.readAll(bootstrapServers, replyTopic).stream()
                .filter(r -> !"chunk".equals(r.path("kind").asText()))
                .collect(Collectors.groupingBy(r -> r.path("request_id").asText(), Collectors.counting()));
        return (int) terminal.entrySet().stream().filter(e -> ours.contains(e.getKey()) && e.getValue() > 1).count();
    }

    private Map<String, Totals> charged(List<JsonNode> costs) {
        Map<String, Totals> totals = new HashMap<>();
        for (JsonNode cost : costs) {
            if (!tenants.contains(cost.path("tenant_id").asText())) {
                continue; // not a tenant of the load (the readiness probe's)
            }
            if (!"success".equals(cost.path("outcome").asText())) {
                continue; // a failed or refused request is recorded at zero; the ground truth counts answers
            }
            totals.merge(cost.path("tenant_id").asText(),
                    new Totals(1, cost.path("input_tokens").asLong(), cost.path("output_tokens").asLong(),
                            new BigDecimal(cost.path("cost_usd").asText())),
                    (a, b) -> new Totals(a.requests() + b.requests(), a.inputTokens() + b.inputTokens(),
                            a.outputTokens() + b.outputTokens(), a.costUsd().add(b.costUsd())));
        }
        return totals;
    }

    private static Map<String, String> mismatches(Map<String, Totals> expected, Map<String, Totals> charged) {
        Map<String, String> differ = new TreeMap<>();
        Set<String> all = new java.util.HashSet<>(expected.keySet());
        all.addAll(charged.keySet());
        for (String tenant : all) {
            Totals want = expected.getOrDefault(tenant, Totals.ZERO);
            Totals got = charged.getOrDefault(tenant, Totals.ZERO);
            if (!want.sameAs(got)) {
                differ.put(tenant, "expected " + want + ", charged " + got);
            }
        }
        return differ;
    }

    /**
     * For each fault: from the fault to the first successful answer of a request sent after it.
     * The longest of these; zero without faults, null when a fault was never recovered from.
     */
    private static Duration recovery(List<Call> calls, List<Long> faultsAtMs) {
        long longest = 0;
        for (long fault : faultsAtMs) {
            long firstAfter = calls.stream().filter(c -> c.succeeded() && c.sentAtMs() >= fault)
                    .mapToLong(Call::answeredAtMs).min().orElse(Long.MAX_VALUE);
            if (firstAfter == Long.MAX_VALUE) {
                return null;
            }
            longest = Math.max(longest, firstAfter - fault);
        }
        return Duration.ofMillis(longest);
    }
}
