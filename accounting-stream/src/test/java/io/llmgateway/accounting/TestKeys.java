package io.llmgateway.accounting;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.IngressSettings;
import io.llmgateway.common.security.ProducerKeys;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.Secrets;
import io.llmgateway.common.security.SigningSerializer;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/** The producer keys of the tests: what the ingress and batch tenants sign requests with. */
final class TestKeys {

    static final String INGRESS_KEY = "ingress-test-key-0123456789abcdefghij";
    /** Tenant batch keys: in the variable {@code <TENANT>_BATCH_KEY}, the value {@code <tenant>-batch-...}. */
    static final String ACME_BATCH_ENV = "ACME_BATCH_KEY", ACME_BATCH_KEY = batchKey("acme");
    static final String GLOBEX_BATCH_ENV = "GLOBEX_BATCH_KEY", GLOBEX_BATCH_KEY = batchKey("globex");

    static final Secrets SECRETS = Secrets.of(Map.of(IngressSettings.DEFAULT_SIGNING_KEY_ENV, INGRESS_KEY,
            ACME_BATCH_ENV, ACME_BATCH_KEY, GLOBEX_BATCH_ENV, GLOBEX_BATCH_KEY));

    private TestKeys() {}

    private static String batchKey(String tenant) {
        return tenant + "-batch-test-key-0123456789abcdefghijklmnop";
    }

    static ProducerKeys of(GatewayConfig config) {
        return ProducerKeys.resolve(config, SECRETS);
    }

    /** A value serializer that signs as the ingress does. */
    static Serializer<GatewayRequest> ingressSigned(Topic<String, GatewayRequest> requests) {
        return new SigningSerializer<>(requests.valueSerde().serializer(), RequestSignature.Signer.INGRESS,
                INGRESS_KEY);
    }
}
