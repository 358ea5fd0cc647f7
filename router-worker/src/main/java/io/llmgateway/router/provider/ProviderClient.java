package io.llmgateway.router.provider;

/**
 * Calls one provider endpoint in its own wire format. One implementation per
 * {@link io.llmgateway.common.config.ProviderType}, each in its own package. Implementations are
 * thread-safe: every in-flight request of a worker shares one client per provider.
 *
 * <p>Both methods send the call once (no retry: retries and fallback are the router's decision),
 * wait at most until the call's deadline (and the provider's request timeout), and throw a
 * {@link ProviderException} whose message never contains the provider's API key.
 */
public interface ProviderClient extends AutoCloseable {

    /** Waits for the whole answer. */
    ChatResult complete(ChatCall call) throws ProviderException, InterruptedException;

    /**
     * Streams the answer: every piece goes to {@code listener} as it arrives, then the whole answer
     * (text, tool calls, finish reason, usage) is returned, as {@link #complete} would.
     *
     * <p>A failure after some deltas were delivered is still a {@link ProviderException}: the caller
     * has already seen part of an answer, so the router must not restart the stream elsewhere as if
     * nothing happened. {@link Cancellation#cancel()} stops the call from another thread; this method
     * then throws {@link ProviderException.Kind#CANCELLED}.
     */
    ChatResult stream(ChatCall call, StreamListener listener, Cancellation cancellation)
            throws ProviderException, InterruptedException;

    /** Its {@code gen_ai.provider.name} on spans (OpenTelemetry's GenAI conventions). */
    default String genAiProviderName() {
        return "_OTHER";
    }

    @Override
    void close();
}
