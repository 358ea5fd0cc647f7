package io.llmgateway.router.resilience;

import io.llmgateway.router.provider.ChatResult;

/**
 * A provider call that produced an answer.
 *
 * @param firstTokenNanos time from the call's start to its first delta (for an answer that came
 *     whole, to the answer)
 */
public record Streamed(ChatResult result, long firstTokenNanos) {

    public long firstTokenMs() {
        return firstTokenNanos / 1_000_000;
    }
}
