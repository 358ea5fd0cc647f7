package io.llmgateway.cache.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.common.config.ProviderType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider embedder against a local OpenAI-style /embeddings endpoint on a free port. */
class ProviderEmbedderTest {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"data\":[{\"embedding\":[3.0,4.0]}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ProviderConfig provider() {
        return new ProviderConfig(ProviderType.OPENAI, URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1"), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void asksForTheConfiguredModelAndReturnsAUnitVector() {
        try (ProviderEmbedder embedder = new ProviderEmbedder("local", provider(), "text-embedding-3-small")) {
            assertThat(embedder.dimension()).isEqualTo(2);
            assertThat(embedder.embed("What is DNS?")).containsExactly(0.6f, 0.8f);
        }
        assertThat(bodies.getLast()).contains("\"model\":\"text-embedding-3-small\"").contains("What is DNS?");
    }

    @Test
    void aFailingProviderIsAnEmbeddingExceptionThatNamesIt() {
        try (ProviderEmbedder embedder = new ProviderEmbedder("local", provider(), "m")) {
            status.set(503);
            assertThatThrownBy(() -> embedder.embed("x")).isInstanceOf(EmbeddingException.class)
                    .hasMessageContaining("provider local answered 503");
        }
    }
}
