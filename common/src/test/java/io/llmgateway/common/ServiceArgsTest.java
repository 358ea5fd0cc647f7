package io.llmgateway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KAFKA_USERNAME: services sharing one config file each connect as their own Kafka user. */
class ServiceArgsTest {

    @TempDir
    Path dir;

    private Path config(String security) throws IOException {
        return Files.writeString(dir.resolve("gateway.yaml"), "kafka:\n  bootstrap_servers: kafka:9092\n" + security);
    }

    @Test
    void theUsernameFromTheEnvironmentWinsOverTheFile() throws IOException {
        Path file = config("""
                  security:
                    protocol: SASL_PLAINTEXT
                    username: gateway-ingress
                    password_env: KAFKA_PASSWORD
                """);

        var security = new ServiceArgs(file, null, "gateway-router").load().kafka().security();

        assertThat(security.username()).isEqualTo("gateway-router");
        assertThat(security.passwordEnv()).isEqualTo("KAFKA_PASSWORD");
        assertThat(new ServiceArgs(file, null, null).load().kafka().security().username()).isEqualTo("gateway-ingress");
    }

    @Test
    void aUsernameWithoutSaslSaysWhereItCameFrom() throws IOException {
        Path file = config("");

        assertThatThrownBy(() -> new ServiceArgs(file, null, "gateway-router").load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("KAFKA_USERNAME is set, but kafka.security: ")
                .hasMessageContaining("protocol is PLAINTEXT");
    }
}
