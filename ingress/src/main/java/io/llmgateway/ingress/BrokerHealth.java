package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka answers this instance, for {@code /readyz}: a consumer or producer facing a
 * broker that is down just waits, so the ingress asks. An admin client describes the cluster
 * every {@code interval} (giving up after {@code timeout}); a publish that times out or fails
 * marks the broker unreachable at once, and the next probe that is answered marks it reachable.
 * While unreachable the routes answer 503 with {@code retry-after} before publishing anything,
 * and a load balancer that reads {@code /readyz} sends callers to another instance.
 */
final class BrokerHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerHealth.class);

    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final Duration timeout;
    private final ScheduledExecutorService probes;
    private volatile boolean reachable = true;

    BrokerHealth(KafkaSettings kafka, String clientId) {
        this.timeout = PROBE_TIMEOUT;
        Properties props = KafkaClients.connection(kafka);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        int ms = (int) PROBE_TIMEOUT.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        // Reconnect quickly once the broker is back: readiness turns green within about a second.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        this.admin = Admin.create(props);
        this.probes = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(clientId).factory());
    }

    BrokerHealth start() {
        probes.scheduleWithFixedDelay(this::probe, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    boolean reachable() {
        return reachable;
    }

    /** A publish failed or was not acknowledged in time: not ready until a probe is answered. */
    void publishFailed(Throwable cause) {
        if (reachable) {
            reachable = false;
            log.warn("Kafka did not take a request ({}); not ready until it answers again", cause.toString());
        }
    }

    private void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            if (!reachable) {
                reachable = true;
                log.info("Kafka answers again; ready");
            }
        } catch (ExecutionException | TimeoutException e) {
            if (reachable) {
                reachable = false;
                log.warn("Kafka does not answer ({}); not ready until it does", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep probing.
            log.error("broker probe failed", e);
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
