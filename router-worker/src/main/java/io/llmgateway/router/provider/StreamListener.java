package io.llmgateway.router.provider;

/**
 * Receives a streamed answer as it arrives, on the thread that called
 * {@link ProviderClient#stream}. Deltas come in the provider's order; none is empty.
 */
@FunctionalInterface
public interface StreamListener {

    /**
     * @throws InterruptedException to stop: the call is abandoned and the exception passes on
     */
    void onDelta(ChatDelta delta) throws InterruptedException;
}
