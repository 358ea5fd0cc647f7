package io.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @Test
    void aTemporaryDataDirIsGoneAfterClose() {
        Path dataDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
            dataDir = kafka.dataDir();
            assertThat(dataDir).isDirectory();
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void aGivenDataDirIsKept(@TempDir Path given) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(given)) {
            assertThat(kafka.dataDir()).isEqualTo(given);
        }
        assertThat(given).isNotEmptyDirectory();
    }
}
