package io.llmgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.faults.verifier.GroundTruth;
import io.llmgateway.faults.verifier.Verdict;
import io.llmgateway.faults.verifier.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults under load on a 3-broker cluster, every service a JVM of its own, each scenario checked
 * by the independent {@link Verifier}. {@code -Dfaults.form=long} runs more requests and more
 * faults (module README). Each scenario logs a {@code TABLE} row; the JVMs' logs stay under
 * {@code target/fault-suite/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final Logger log = LoggerFactory.getLogger(FaultSuiteTest.class);

    private final FaultForm form = FaultForm.fromSystemProperty();
    private ThreeBrokerCluster cluster;
    private GatewayProcesses gateway;
    private Verifier verifier;

    @BeforeAll
    void startClusterAndGateway() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "fault-suite", String.valueOf(System.currentTimeMillis())));
        log.info("fault suite, {} form; service logs in {}", form, dir.toAbsolutePath());
        cluster = ThreeBrokerCluster.start(dir);
        gateway = GatewayProcesses.start(cluster.bootstrapServers(), dir, 2);
        verifier = new Verifier(cluster.bootstrapServers(), "llm.costs",
                "llm.replies." + GatewayProcesses.INGRESS_INSTANCE, java.util.Set.copyOf(GatewayProcesses.TENANTS));
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void routerWorkersKilledRepeatedlyUnderLoad() throws Exception {
        GroundTruth truth = new GroundTruth();
        List<Long> faults = new ArrayList<>();
        try (LoadDriver load = LoadDriver.start(gateway.ingress(), truth, form.callersPerTenant())) {
            Thread.sleep(form.warmUp().toMillis());
            for (int i = 0; i < form.routerKills(); i++) {
                ServiceProcess victim = gateway.routers().getFirst();
                faults.add(System.currentTimeMillis());
                gateway.kill(victim);
                log.info("kill -9 of {} ({} answers so far)", victim.name(), load.answered());
                // a supervisor would start a new one: the group stays at two workers
                gateway.startRouter();
                Thread.sleep(form.betweenFaults().toMillis());
            }
        }
        assertClean(verifier.verify("router worker kill -9 x" + form.routerKills(), truth, faults, form.settle()));
    }

    @Test
    @Order(2)
    void oneBrokerStoppedAndRestartedUnderLoad() throws Exception {
        GroundTruth truth = new GroundTruth();
        List<Long> faults = new ArrayList<>();
        try (LoadDriver load = LoadDriver.start(gateway.ingress(), truth, form.callersPerTenant())) {
            Thread.sleep(form.warmUp().toMillis());
            for (int i = 0; i < form.brokerRestarts(); i++) {
                int broker = cluster.anyBrokerId();
                faults.add(System.currentTimeMillis());
                cluster.stopBroker(broker);
                log.info("broker {} stopped ({} answers so far)", broker, load.answered());
                Thread.sleep(form.brokerDown().toMillis());
                faults.add(System.currentTimeMillis());
                cluster.startBroker(broker);
                log.info("broker {} started again ({} answers so far)", broker, load.answered());
                Thread.sleep(form.betweenFaults().toMillis());
            }
        }
        assertClean(verifier.verify("broker stopped " + form.brokerDown().toSeconds() + " s and restarted x"
                + form.brokerRestarts(), truth, faults, form.settle()));
    }

    private void assertClean(Verdict verdict) {
        log.info("TABLE {}", verdict.tableRow());
        assertThat(gateway.deadServices()).as("services that died by themselves").isEmpty();
        assertThat(verdict.lostIds()).as("lost requests").isEmpty();
        assertThat(verdict.answeredTwice()).as("answered twice").isZero();
        assertThat(verdict.chargedTwice()).as("charged twice").isZero();
        assertThat(verdict.tenantMismatches()).as("per-tenant totals against the ground truth").isEmpty();
        assertThat(verdict.requests()).as("requests driven").isPositive();
        assertThat(verdict.recovery()).as("answers again after every fault").isNotNull();
    }
}
