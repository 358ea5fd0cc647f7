package io.llmgateway.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka (one combined broker + controller) inside this JVM, from
 * Kafka's own cluster kit. Starts in about two seconds; used by the dev launcher and by tests
 * on machines without a Docker engine.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    /** A temporary data directory to delete after the broker stopped; null when the caller gave one. */
    private final Path temporaryDir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path temporaryDir) {
        this.cluster = cluster;
        this.temporaryDir = temporaryDir;
    }

    /**
     * @param dataDir where the log and metadata go; null for a temporary directory deleted on close
     */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, false);
    }

    /**
     * A broker whose client listener takes SASL_PLAINTEXT with SCRAM-SHA-512 (and PLAIN for the
     * kit's super user) and authorizes every request with KRaft's {@code StandardAuthorizer}:
     * nothing is allowed without an ACL. See {@link SaslKafka}.
     */
    static EmbeddedKafka startWithSasl() {
        return start(null, true);
    }

    private static EmbeddedKafka start(Path dataDir, boolean sasl) {
        try {
            Path temporaryDir = dataDir == null ? Files.createTempDirectory("embedded-kafka-") : null;
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dataDir == null ? temporaryDir : dataDir);
            if (sasl) {
                // The controller listener too: the broker then registers as the kit's super user
                // (an anonymous one would be denied CLUSTER_ACTION).
                nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
            }
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
            if (sasl) {
                SaslKafka.configureBroker(builder);
            }
            KafkaClusterTestKit cluster = builder
                    // One broker: internal topics must not ask for more replicas than exist,
                    // or consumer groups and transactions hang.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "6")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    // The kit's own delete races the broker's last checkpoint writes: delete after close.
                    .setDeleteOnClose(false)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster, temporaryDir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker", e);
        }
    }

    /** Where the broker keeps its data. */
    public Path dataDir() {
        return Path.of(cluster.nodes().baseDirectory());
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Stops the broker (its controller keeps running): clients find nothing listening on its
     * port, as in a broker outage. {@link #startBroker()} brings it back on the same port.
     */
    public void stopBroker() {
        for (BrokerServer broker : cluster.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    /** Starts a broker {@link #stopBroker() stopped} before, on its old port, and waits until it serves. */
    public void startBroker() {
        try {
            cluster.brokers().values().forEach(BrokerServer::startup);
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart the embedded Kafka broker", e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
            if (temporaryDir != null) {
                deleteRecursively(temporaryDir);
            }
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka did not shut down cleanly", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
