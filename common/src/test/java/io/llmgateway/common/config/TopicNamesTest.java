package io.llmgateway.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    private static GatewayConfig parse(String yaml) {
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theCancelsTopicDefaultsToLlmCancelsAndMayBeRenamed() {
        assertThat(TopicNames.DEFAULTS.cancelsTopic().name()).isEqualTo("llm.cancels");
        assertThat(TopicNames.DEFAULTS.idempotencyTopic().name()).isEqualTo("llm.idempotency");
        assertThat(new TopicNames("r", "a", "ro", "u", "d", "p.", "c", "t", "co", "ch", "b").cancels())
                .as("the older constructor keeps the default").isEqualTo("llm.cancels");

        GatewayConfig config = parse("topics:\n  cancels: team-a.cancels\n");

        assertThat(config.topics().cancelsTopic().name()).isEqualTo("team-a.cancels");
        assertThat(config.topics().requests()).isEqualTo("llm.requests");
    }
}
