package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AccountingServiceTest {

    private static GatewayConfig config(Duration commitInterval) {
        return new GatewayConfig(new KafkaSettings("broker:9092", 6, (short) 3), null, null, null, null,
                new AccountingSettings("acct", commitInterval, null), null, null, null, null);
    }

    @Test
    void runsExactlyOnceWithTheConfiguredAppCommitIntervalAndReplication() {
        Properties props = AccountingService.streamsProperties(config(Duration.ofMillis(5)), Path.of("/tmp/s"));

        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "acct")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5L)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("/tmp/s").toString())
                .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        assertThat(new StreamsConfig(props).getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(5L);
    }

    @Test
    void pollsNoLongerThanACommitIntervalButNeverSpins() {
        assertThat(AccountingService.pollMs(0)).isEqualTo(1);
        assertThat(AccountingService.pollMs(5)).isEqualTo(5);
        assertThat(AccountingService.pollMs(1_000)).isEqualTo(100);
    }
}
