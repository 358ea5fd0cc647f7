package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Streams app (its consumers, producers and admin) gets {@code kafka.security} like every other client. */
class StreamsClientSecurityTest {

    @Test
    void theStreamsPropertiesCarryTheConfiguredTls(@TempDir Path stateDir) {
        GatewayConfig config = AccountingDriver.config("""
                kafka:
                  bootstrap_servers: kafka:9094
                  security: {protocol: SSL, truststore: /etc/kafka/ca.pem}
                """);

        assertThat(AccountingService.streamsProperties(config, stateDir))
                .containsEntry("bootstrap.servers", "kafka:9094")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.pem")
                .containsEntry("ssl.truststore.type", "PEM");
    }
}
