package io.llmgateway.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for one test class:
 * <pre>{@code @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();}</pre>
 * Testcontainers' Kafka (the official {@code apache/kafka} image) where a Docker engine answers,
 * the in-JVM KRaft broker ({@link EmbeddedKafka}) otherwise; the log says which ran.
 * {@code GATEWAY_TEST_KAFKA=embedded|container} forces one.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    static final String IMAGE = "apache/kafka:4.3.1";

    private static Boolean dockerAnswers;

    private AutoCloseable running;
    private String bootstrapServers;
    private String kind;

    @Override
    public void beforeAll(ExtensionContext context) {
        String wanted = System.getenv().getOrDefault("GATEWAY_TEST_KAFKA", "auto").toLowerCase(Locale.ROOT);
        boolean container = switch (wanted) {
            case "container" -> true;
            case "embedded" -> false;
            default -> dockerAnswers();
        };
        if (container) {
            KafkaContainer kafka = new KafkaContainer(IMAGE);
            kafka.start();
            running = kafka;
            bootstrapServers = kafka.getBootstrapServers();
            kind = "Testcontainers Kafka (" + IMAGE + ")";
        } else {
            EmbeddedKafka kafka = EmbeddedKafka.start(null);
            running = kafka;
            bootstrapServers = kafka.bootstrapServers();
            kind = "in-JVM KRaft broker (Kafka's KafkaClusterTestKit)";
        }
        log.info("{}: real Kafka broker is {} at {}", context.getDisplayName(), kind, bootstrapServers);
    }

    /** Asked once per JVM: Testcontainers' probe takes seconds when no engine is there. */
    private static synchronized boolean dockerAnswers() {
        if (dockerAnswers == null) {
            dockerAnswers = probeDocker();
        }
        return dockerAnswers;
    }

    private static boolean probeDocker() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!socket) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("no Docker engine: {}", e.toString());
            return false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (running != null) {
            running.close();
        }
    }

    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("the broker starts in beforeAll: register this extension as a static field");
        }
        return bootstrapServers;
    }

    /** Which broker ran: Testcontainers or in-JVM. */
    public String kind() {
        return kind;
    }
}
