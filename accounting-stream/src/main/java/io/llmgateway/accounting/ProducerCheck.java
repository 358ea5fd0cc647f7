package io.llmgateway.accounting;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.common.config.TopicNames;
import io.llmgateway.common.security.ProducerKeys;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.schemas.GatewayRequest;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * Admits to accounting only requests whose producer is proven and whose fields belong to the
 * tenant: signed by the ingress or with the tenant's batch key ({@link RequestSignature}), for a
 * tenant, project and model the config gives the tenant, answering on a reply topic of the
 * signer's. Everything else is dead-lettered with the reason: an unknown tenant is never served
 * unlimited, and a record cannot make answers land in another tenant's topic.
 *
 * <p>A batch producer's {@code estimated_input_tokens} is not believed: it is set to 0, so
 * admission counts the tokens itself. The ingress's count is (it counted with the same tokenizer).
 */
final class ProducerCheck implements RecordCheck<GatewayRequest> {

    private final GatewayConfig config;
    private final ProducerKeys keys;

    ProducerCheck(GatewayConfig config, ProducerKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    @Override
    public Verdict<GatewayRequest> check(GatewayRequest request, Headers headers, byte[] value) {
        String tenantId = request.tenantId();
        TenantConfig tenant = config.tenants().get(tenantId);
        if (tenant == null) {
            return fail("unknown tenant '" + tenantId + "'");
        }
        Optional<RequestSignature.Signer> claimed = RequestSignature.claimedSigner(headers);
        if (claimed.isEmpty()) {
            return fail("not signed: header " + RequestSignature.SIGNER_HEADER + " must be 'ingress' or 'tenant'");
        }
        RequestSignature.Signer signer = claimed.get();
        Optional<String> key = keys.of(signer, tenantId);
        if (key.isEmpty()) {
            return fail("tenant '" + tenantId + "' has no batch key (tenants." + tenantId
                    + ".batch_signing_key_env): it may not produce requests itself");
        }
        if (!RequestSignature.verify(headers, key.get(), value)) {
            return fail("the signature (header " + RequestSignature.SIGNATURE_HEADER + ") is not the " + signer.header()
                    + "'s for this value and tenant '" + tenantId + "'");
        }
        String project = Projects.of(request.projectId());
        if (!tenant.projects().contains(project)) {
            return fail("unknown project of tenant '" + tenantId + "' (known: " + tenant.projects() + ")");
        }
        // An alias the models section lacks (a config without one, as accounting-only deployments
        // and tests have, leaves that to the router, which answers 404).
        boolean unknownModel = !config.models().isEmpty() && !config.models().containsKey(request.model());
        if (unknownModel || !tenant.mayUse(request.model())) {
            return fail("model '" + request.model() + "' is not one tenant '" + tenantId + "' may use");
        }
        TopicNames topics = config.topics();
        String replyTopic = request.replyTopic();
        return switch (signer) {
            case INGRESS -> topics.isIngressReplyTopic(replyTopic) ? new Verdict.Pass<>(request)
                    : fail("reply_topic '" + replyTopic + "' is not an ingress reply topic");
            case TENANT -> {
                String prefix = topics.batchReplyPrefix(tenantId);
                if (!replyTopic.startsWith(prefix) || replyTopic.length() == prefix.length()) {
                    yield fail("reply_topic '" + replyTopic + "' is not one of tenant '" + tenantId
                            + "' (it must start with '" + prefix + "')");
                }
                // Counted again by admission: a producer's own count is not believed.
                yield new Verdict.Pass<>(request.withEstimatedInputTokens(0));
            }
        };
    }

    private static Verdict<GatewayRequest> fail(String reason) {
        return new Verdict.Fail<>(reason);
    }
}
