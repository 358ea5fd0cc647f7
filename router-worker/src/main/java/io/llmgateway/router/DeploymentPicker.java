package io.llmgateway.router;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.ModelConfig;
import java.util.Optional;

/**
 * Chooses the deployment that serves a model alias. Walking skeleton: the first deployment of
 * the lowest priority. Priority groups, weighted choice among healthy deployments and the
 * fallback order grow here.
 */
final class DeploymentPicker {

    private final GatewayConfig config;

    DeploymentPicker(GatewayConfig config) {
        this.config = config;
    }

    /** Empty when the config has no such alias. */
    Optional<Deployment> pick(String modelAlias) {
        return config.model(modelAlias).map(ModelConfig::deployments).map(deployments -> deployments.getFirst());
    }
}
