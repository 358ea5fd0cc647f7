package io.llmgateway.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.security.Secrets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code kafka.security} reaches every client the gateway makes, with its secrets from the environment. */
class KafkaClientSecurityTest {

    private static final Secrets SECRETS = Secrets.of(Map.of("KAFKA_PASSWORD", "pa\"ss", "TRUST_PASSWORD", "changeit"));

    private static GatewayConfig config(String security) {
        String yaml = "kafka:\n  bootstrap_servers: kafka:9094\n  security:\n" + security;
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void saslSslWithScramReachesProducersConsumersAndAdmins() {
        GatewayConfig config = config("""
                    protocol: SASL_SSL
                    sasl_mechanism: SCRAM-SHA-256
                    username: gateway-router
                    password_env: KAFKA_PASSWORD
                    truststore: /etc/kafka/ca.p12
                    truststore_password_env: TRUST_PASSWORD
                """);

        for (Properties props : new Properties[] {
                KafkaClients.producer(config.kafka(), "p", SECRETS),
                KafkaClients.rawConsumer(config.kafka(), "g", "c", SECRETS),
                KafkaClients.connection(config.kafka(), SECRETS)}) {
            assertThat(props).containsEntry("bootstrap.servers", "kafka:9094")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                    .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
                            + " required username=\"gateway-router\" password=\"pa\\\"ss\";")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                    .containsEntry("ssl.truststore.type", "PKCS12")
                    .containsEntry("ssl.truststore.password", "changeit");
        }
    }

    @Test
    void mutualTlsTakesTheClientsKeystore() {
        GatewayConfig config = config("""
                    protocol: SSL
                    truststore: /etc/kafka/ca.pem
                    keystore: /etc/kafka/client.jks
                    keystore_password_env: TRUST_PASSWORD
                """);

        assertThat(KafkaClients.connection(config.kafka(), SECRETS))
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.keystore.location", "/etc/kafka/client.jks")
                .containsEntry("ssl.keystore.type", "JKS")
                .containsEntry("ssl.keystore.password", "changeit")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void aPasswordVariableThatIsNotSetFailsNamingTheFieldNotAValue() {
        GatewayConfig config = config("""
                    protocol: SASL_PLAINTEXT
                    username: gateway
                    password_env: NOT_SET_ANYWHERE
                """);

        assertThatThrownBy(() -> KafkaClients.producer(config.kafka(), "p", SECRETS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kafka.security.password_env: the environment variable 'NOT_SET_ANYWHERE' is not set");
    }

    @Test
    void saslWithoutCredentialsIsRefusedAtLoadWithThePath() {
        assertThatThrownBy(() -> config("    protocol: SASL_SSL\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.security: protocol SASL_SSL needs username and password_env");
    }

    @Test
    void withoutASecuritySectionClientsSpeakPlaintext() {
        GatewayConfig config = GatewayConfig.parse(new ByteArrayInputStream("kafka: {}\n".getBytes(
                StandardCharsets.UTF_8)), "test.yaml");

        assertThat(KafkaClients.producer(config.kafka(), "p", Secrets.of(Map.of())))
                .containsEntry("security.protocol", "PLAINTEXT").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void theSecurityRecordNeverPrintsASecret() {
        GatewayConfig config = config("""
                    protocol: SASL_SSL
                    username: gateway
                    password_env: KAFKA_PASSWORD
                """);

        assertThat(config.kafka().toString()).doesNotContain("pa\"ss").contains("KAFKA_PASSWORD");
    }
}
