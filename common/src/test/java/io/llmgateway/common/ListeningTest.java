package io.llmgateway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningTest {

    private static WebServer server(int port) {
        return WebServer.builder().host("127.0.0.1").port(port).shutdownHook(false)
                .routing(routing -> routing.get("/", (req, res) -> res.send("ok"))).build();
    }

    @Test
    void aServerWhosePortIsTakenFailsNamingTheAddressAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> Listening.start(server(port), "127.0.0.1", port, "mock_provider.port"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("mock_provider.port");
        }
    }

    @Test
    void aServerOnAFreePortStartsAndListens() {
        WebServer server = Listening.start(server(0), "127.0.0.1", 0, "test.port");
        try {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isPositive();
        } finally {
            server.stop();
        }
    }
}
