package io.llmgateway.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManagementSettingsTest {

    private static GatewayConfig parse(String yaml) {
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void loopbackAndNoPortByDefault() {
        ManagementSettings management = parse("kafka: {bootstrap_servers: 127.0.0.1:9092}\n").management();

        assertThat(management.host()).isEqualTo("127.0.0.1");
        assertThat(management.portOr(ManagementSettings.DEFAULT_PORT)).isEqualTo(9090);
        assertThat(parse("kafka: {bootstrap_servers: 127.0.0.1:9092}\n").accounting().httpHost())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void readsHostAndPortAndRefusesAPortOutOfRangeNamingIt() {
        ManagementSettings management = parse("management: {host: 0.0.0.0, port: 9191}\n").management();
        assertThat(management.host()).isEqualTo("0.0.0.0");
        assertThat(management.portOr(0)).isEqualTo(9191);

        assertThatThrownBy(() -> parse("management: {port: 70000}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("management: port must be from 0 to 65535")
                .hasMessageContaining("70000");
    }
}
