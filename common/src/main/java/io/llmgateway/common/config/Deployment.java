package io.llmgateway.common.config;

/**
 * One way to serve a model alias: a provider and that provider's model id.
 *
 * @param priority lower is tried first; deployments of one priority form a group
 * @param weight share of traffic within its group
 * @param contextWindow the model's context window in tokens; null when not configured. A
 *     context-length failure falls back only to a deployment with a larger configured window,
 *     and a request whose estimated input is larger than the window is not sent here.
 * @param fallbackOnContentFilter when this deployment's content filter refuses a request (or cuts
 *     an answer with {@code finish_reason: content_filter}), try the next deployment instead of
 *     giving the caller the refusal
 * @param acceptsImages whether the model takes image input; false for a text-only model, whose
 *     alias then refuses image parts at the ingress (nothing is sent). Default true.
 * @param maxOutputTokens the most tokens the model writes in one answer; null when not configured.
 *     The ingress refuses a larger {@code max_tokens} for the alias (the smallest of its
 *     deployments' that name one, since a request may fall back to any of them).
 */
public record Deployment(String provider, String model, int priority, int weight, Integer contextWindow,
                         boolean fallbackOnContentFilter, Boolean acceptsImages, Integer maxOutputTokens) {

    public Deployment {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("provider is required");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be >= 0");
        }
        weight = weight == 0 ? 1 : weight;
        if (contextWindow != null && contextWindow < 1) {
            throw new IllegalArgumentException("context_window must be >= 1 (tokens), was " + contextWindow);
        }
        acceptsImages = acceptsImages == null || acceptsImages;
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("max_output_tokens must be >= 1 (tokens), was " + maxOutputTokens);
        }
    }

    /** No maximum output configured. */
    public Deployment(String provider, String model, int priority, int weight, Integer contextWindow,
                      boolean fallbackOnContentFilter, Boolean acceptsImages) {
        this(provider, model, priority, weight, contextWindow, fallbackOnContentFilter, acceptsImages, null);
    }

    /** A deployment that takes images (the default). */
    public Deployment(String provider, String model, int priority, int weight, Integer contextWindow,
                      boolean fallbackOnContentFilter) {
        this(provider, model, priority, weight, contextWindow, fallbackOnContentFilter, null);
    }

    /** A deployment with no context window configured and no fallback on content filtering. */
    public Deployment(String provider, String model, int priority, int weight) {
        this(provider, model, priority, weight, null, false, null);
    }

    /** {@code provider/model}: names this deployment's circuit breaker, retry and metrics. */
    public String id() {
        return provider + "/" + model;
    }

    /** Whether this deployment's configured window is larger than {@code than}'s (unknown counts as none). */
    public boolean hasLargerContextWindowThan(Deployment than) {
        if (contextWindow == null) {
            return false;
        }
        return than.contextWindow == null || contextWindow > than.contextWindow;
    }
}
