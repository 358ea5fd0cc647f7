package io.llmgateway.common.config;

/**
 * One way to serve a model alias: a provider and that provider's model id.
 *
 * @param priority lower is tried first; deployments of one priority form a group
 * @param weight share of traffic within its group
 */
public record Deployment(String provider, String model, int priority, int weight) {

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
    }
}
