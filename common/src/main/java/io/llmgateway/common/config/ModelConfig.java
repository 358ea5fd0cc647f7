package io.llmgateway.common.config;

import java.util.Comparator;
import java.util.List;

/** A model alias callers use, and the deployments that serve it. */
public record ModelConfig(List<Deployment> deployments) {

    public ModelConfig {
        if (deployments == null || deployments.isEmpty()) {
            throw new IllegalArgumentException("deployments must not be empty");
        }
        deployments = deployments.stream().sorted(Comparator.comparingInt(Deployment::priority)).toList();
    }
}
