package io.llmgateway.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Three KRaft brokers and one controller in this JVM (Kafka's {@code KafkaClusterTestKit}), set
 * up like a production cluster: every topic, the internal ones included, has three replicas and
 * needs two in sync to take a write. One broker can then be stopped without any write failing.
 */
final class ThreeBrokerCluster implements AutoCloseable {

    static final int BROKERS = 3;

    private final KafkaClusterTestKit cluster;

    private ThreeBrokerCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static ThreeBrokerCluster start(Path dir) throws Exception {
        Path base = Files.createDirectories(dir.resolve("kafka"));
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(false)
                .setNumBrokerNodes(BROKERS)
                .setNumControllerNodes(1)
                .setBaseDirectory(base)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("default.replication.factor", "3")
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("offsets.topic.replication.factor", "3")
                .setConfigProp("offsets.topic.num.partitions", "6")
                .setConfigProp("transaction.state.log.replication.factor", "3")
                .setConfigProp("transaction.state.log.min.isr", "2")
                .setConfigProp("transaction.state.log.num.partitions", "6")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                // a stopped broker's partitions move at once (the default waits for the session)
                .setConfigProp("broker.session.timeout.ms", "6000")
                .setDeleteOnClose(false)
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new ThreeBrokerCluster(cluster);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Stops one broker (a controlled shutdown: its leaderships move to the other two). */
    void stopBroker(int id) {
        BrokerServer broker = cluster.brokers().get(id);
        broker.shutdown(Duration.ofSeconds(30));
        broker.awaitShutdown();
    }

    /** Starts a stopped broker again on its old data; it catches up and rejoins the ISR. */
    void startBroker(int id) {
        cluster.brokers().get(id).startup();
    }

    /** The id of some broker, for {@link #stopBroker}. */
    int anyBrokerId() {
        return cluster.brokers().keySet().iterator().next();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
