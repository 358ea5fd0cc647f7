package io.llmgateway.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    @Test
    void servesTheRegistrysMetersInPrometheusTextFormatWithTheServiceTag() throws Exception {
        try (ServiceMetrics metrics = new ServiceMetrics("router");
             MetricsServer server = new MetricsServer(metrics, "127.0.0.1", 0, "test.port").start()) {
            Counter.builder("gateway.test.events").tag("provider", "openai").register(metrics.registry()).increment(3);

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("content-type")).hasValue(ServiceMetrics.CONTENT_TYPE);
            assertThat(scrape.body())
                    .containsPattern("gateway_test_events_total\\{[^}]*provider=\"openai\"[^}]*service=\"router\"[^}]*} 3\\.0")
                    .contains("jvm_memory_used_bytes{");
        }
    }

    @Test
    void kafkaStreamsStoreMetersOfEveryStoreTypeShareOneSetOfTagKeys() {
        try (ServiceMetrics metrics = new ServiceMetrics("accounting")) {
            Counter.builder("kafka.stream.state.put.total").tag("in-memory-state-id", "tenant-ledgers")
                    .register(metrics.registry()).increment();
            Counter.builder("kafka.stream.state.put.total").tag("rocksdb-window-state-id", "usage-seen")
                    .register(metrics.registry()).increment();

            assertThat(metrics.scrape())
                    .containsPattern("kafka_stream_state_put_total\\{[^}]*state_id=\"tenant-ledgers\"[^}]*"
                            + "store_type=\"in-memory\"[^}]*} 1\\.0")
                    .containsPattern("kafka_stream_state_put_total\\{[^}]*state_id=\"usage-seen\"[^}]*"
                            + "store_type=\"rocksdb-window\"[^}]*} 1\\.0");
        }
    }
}
