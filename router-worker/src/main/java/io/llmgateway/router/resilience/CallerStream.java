package io.llmgateway.router.resilience;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.router.provider.ChatDelta;

/** Where the pieces of an answer go when the caller asked for a stream. */
@FunctionalInterface
public interface CallerStream {

    /** @param from the deployment that produced the piece (the only one for the rest of the stream) */
    void send(Deployment from, ChatDelta delta) throws InterruptedException;
}
