package io.llmgateway.router.provider;

/**
 * Calls one provider endpoint in its own wire format. One implementation per
 * {@link io.llmgateway.common.config.ProviderType} (OpenAI here; Anthropic and Gemini adapters
 * implement the same interface). Implementations are thread-safe: every in-flight request of a
 * worker shares one client per provider.
 *
 * <p>Streaming joins as a second method taking a listener for the deltas and returning the same
 * {@link ChatResult} at the end, so the router's bookkeeping (reply, usage) stays one path.
 */
public interface ProviderClient extends AutoCloseable {

    /**
     * Sends the call once (no retry: retries and fallback are the router's decision) and waits
     * for the whole answer, at most until the call's deadline.
     *
     * @throws ProviderException the provider refused, failed, was unreachable or too slow; its
     *     message never contains the provider's API key
     */
    ChatResult complete(ChatCall call) throws ProviderException, InterruptedException;

    @Override
    void close();
}
