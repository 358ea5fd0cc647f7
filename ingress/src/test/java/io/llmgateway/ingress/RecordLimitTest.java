package io.llmgateway.ingress;

import static io.llmgateway.ingress.HttpCalls.json;
import static io.llmgateway.ingress.HttpCalls.userMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.testkit.KafkaBroker;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body the ingress accepts but whose record Kafka refuses is a 413 the client can act on, not a
 * 503 an SDK retries with the same body. The config keeps the body limit under the record limit
 * (GatewayConfigTest); here the requests topic existed before with a smaller {@code max.message.bytes}.
 */
class RecordLimitTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void aRequestWhoseRecordTheTopicRefusesIsA413NotARetryable503() throws Exception {
        String requests = "record-limit.requests";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(requests, 2, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000")))).all().get();
        }
        // The lines after the ingress's add a top-level topics section.
        GatewayConfig config = TestConfigs.config(KAFKA.bootstrapServers(),
                "  request_timeout: 10s\ntopics:\n  requests: " + requests + "\n  reply_prefix: record-limit.replies.");
        try (IngressServer ingress = new IngressServer(config, Clock.systemUTC(), 0, null, TestConfigs.SECRETS)
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(ingress::isReady);
            HttpCalls http = new HttpCalls(ingress.port());

            HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY,
                    userMessage("gpt-4o-mini", "word ".repeat(10_000)));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).path("error").path("code").asText()).isEqualTo("request_too_large");
            assertThat(json(response).path("error").path("message").asText())
                    .contains(String.valueOf(config.kafka().maxRecordBytes()));
            assertThat(response.headers().firstValue("retry-after")).isEmpty();
        }
    }
}
