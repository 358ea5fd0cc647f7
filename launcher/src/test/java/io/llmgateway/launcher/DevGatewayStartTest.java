package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.MockProviderSettings;
import io.llmgateway.testkit.KafkaBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A half start never says ready: a component that cannot start stops the launch with its reason. */
class DevGatewayStartTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void aTakenMockProviderPortStopsTheStartNamingThePortAndItsSetting() throws Exception {
        GatewayConfig example = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            GatewayConfig config = example.withMockProvider(new MockProviderSettings("127.0.0.1", port, null, 0, null));

            assertThatThrownBy(() -> DevGateway.start(config,
                    new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, null), Clock.systemUTC()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("mock_provider.port");
        }
    }
}
