package io.llmgateway.faults.verifier;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the verifier found after a scenario.
 *
 * @param requests calls the load driver made
 * @param lost calls without a 200 answer, plus answered calls never charged
 * @param lostIds the nonces (or request ids) of those, for the log
 * @param answeredTwice request ids with more than one terminal reply on the caller's reply topic
 * @param chargedTwice request ids with more than one committed cost record
 * @param tenantMismatches per tenant "expected X, charged Y" where the totals differ
 * @param recovery the longest time from a fault to the first answer of a request sent after it;
 *     null when some fault was never recovered from
 */
public record Verdict(String scenario, int requests, int lost, List<String> lostIds, int answeredTwice,
                      int chargedTwice, Map<String, String> tenantMismatches, Duration recovery) {

    public boolean clean() {
        return lost == 0 && answeredTwice == 0 && chargedTwice == 0 && tenantMismatches.isEmpty() && recovery != null;
    }

    /** One row of the results table (README, Reliability). */
    public String tableRow() {
        return "| %s | %d | %d | %d | %d | %s | %s |".formatted(scenario, requests, lost, answeredTwice,
                chargedTwice, tenantMismatches.isEmpty() ? "to the cent" : "differ: " + tenantMismatches,
                recovery == null ? "never" : "%.1f s".formatted(recovery.toMillis() / 1000.0));
    }
}
