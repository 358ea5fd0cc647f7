package io.llmgateway.bench.batch;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one batch run measured.
 *
 * @param producedPerSecond how fast the batch producer wrote the prompts
 * @param resultsPerSecond answered prompts per second, from the first send to the last result:
 *     the topic-to-result-topic throughput
 * @param lag per prompt, from its send to its result on the result topic, in microseconds
 * @param errors error replies by their code
 * @param missing a few of the request ids that got no result, to look up in the log
 */
public record BatchResult(int prompts, long answered, Map<String, Long> errors, double producedPerSecond,
                          double resultsPerSecond, double seconds, Histogram lag, java.util.List<String> missing) {

    public long unanswered() {
        return prompts - answered - errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
