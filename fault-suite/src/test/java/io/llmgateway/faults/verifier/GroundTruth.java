package io.llmgateway.faults.verifier;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * What the load driver sent and what came back over HTTP, kept outside the gateway: one
 * {@link Call} per request sent. The tokens of a successful call are the ones the mock provider
 * reported in the answer; {@link Prices} turns them into dollars.
 */
public final class GroundTruth {

    /**
     * @param requestId the gateway's {@code x-request-id}; null when the answer carried none
     * @param status the HTTP status; 0 when no answer came (connection failed or timed out)
     */
    public record Call(String tenant, String nonce, String requestId, int status, long inputTokens,
                       long outputTokens, long sentAtMs, long answeredAtMs) {

        public boolean succeeded() {
            return status == 200;
        }

        public BigDecimal cost() {
            return Prices.cost(inputTokens, outputTokens);
        }
    }

    /** What a tenant should be charged, by the ground truth. */
    public record Totals(long requests, long inputTokens, long outputTokens, BigDecimal costUsd) {

        static final Totals ZERO = new Totals(0, 0, 0, BigDecimal.ZERO);

        Totals plus(long input, long output, BigDecimal cost) {
            return new Totals(requests + 1, inputTokens + input, outputTokens + output, costUsd.add(cost));
        }

        /** Equal counts and equal money, whatever the scale of the decimals. */
        boolean sameAs(Totals other) {
            return requests == other.requests && inputTokens == other.inputTokens
                    && outputTokens == other.outputTokens && costUsd.compareTo(other.costUsd) == 0;
        }
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    public void record(Call call) {
        calls.add(call);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Per tenant: the successful calls' tokens and cost. */
    public Map<String, Totals> expectedTotals() {
        return calls.stream().filter(Call::succeeded).collect(Collectors.groupingBy(Call::tenant,
                Collectors.reducing(Totals.ZERO, c -> Totals.ZERO.plus(c.inputTokens(), c.outputTokens(), c.cost()),
                        (a, b) -> new Totals(a.requests() + b.requests(), a.inputTokens() + b.inputTokens(),
                                a.outputTokens() + b.outputTokens(), a.costUsd().add(b.costUsd())))));
    }
}
