package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.RouterSettings;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two router workers in one consumer group share the partitions; one of them, a separate JVM
 * ({@code RouterMain}), is killed with SIGKILL while requests are in flight on both. Every
 * request still gets exactly one answer: the killed worker's requests were neither answered nor
 * committed, so the group hands them to the survivor, which answers them.
 */
class RouterFailoverTest {

    private static final Logger log = LoggerFactory.getLogger(RouterFailoverTest.class);

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /** The broker's least session timeout (group.min.session.timeout.ms): how soon a crash is noticed. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final int REQUESTS = 24;

    @Test
    void whenOneOfTwoWorkersIsKilledMidFlightEveryRequestGetsExactlyOneAnswer(@TempDir Path dir) throws Exception {
        try (MockProviderServer mock = MockProviderServer.onFreePort(MockBehavior.DEFAULT
                .withLatency(Duration.ofSeconds(2))).start();
             RouterHarness harness = RouterHarness.on(KAFKA.bootstrapServers())
                     .provider("mock", mock.baseUrl())
                     .deployment(new Deployment("mock", "gpt-a", 0, 1))
                     .router(new RouterSettings("router-" + UUID.randomUUID(), 64, null, null, null, SESSION_TIMEOUT))
                     .build()) {
            Process victim = startWorkerProcess(harness, mock, dir);
            try {
                harness.startRouter();
                // A JVM of its own starts slowly on two busy cores: a generous bound, met as soon as it joins.
                harness.awaitMembersWithPartitions(2, Duration.ofSeconds(90));

                List<GatewayRequest> requests = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    GatewayRequest request = harness.request(false, null, 60_000);
                    requests.add(request);
                    harness.send(request);
                }
                // Every request reached the provider: all are in flight, on both workers.
                Awaitility.await().atMost(RouterHarness.WITHIN).until(() -> mock.chatRequests() >= REQUESTS);
                long started = System.nanoTime();
                victim.destroyForcibly().waitFor();
                log.info("killed worker pid {} with {} requests in flight in the group", victim.pid(), REQUESTS);

                Set<String> ids = requests.stream().map(GatewayRequest::requestId).collect(Collectors.toSet());
                List<Reply> terminal = harness.replyReader.await(
                        r -> ids.contains(r.requestId()) && r.kind().isTerminal(), REQUESTS, Duration.ofSeconds(60));
                long millis = (System.nanoTime() - started) / 1_000_000;
                Thread.sleep(500); // a duplicate would come right behind
                terminal = harness.replyReader.values(r -> ids.contains(r.requestId()) && r.kind().isTerminal());

                Map<String, Long> answersPerRequest = terminal.stream()
                        .collect(Collectors.groupingBy(Reply::requestId, Collectors.counting()));
                assertThat(answersPerRequest).hasSize(REQUESTS).allSatisfy((id, count) -> assertThat(count).isOne());
                assertThat(terminal).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ReplyKind.FINAL));
                long redelivered = mock.chatRequests() - REQUESTS;
                assertThat(redelivered).isPositive(); // the killed worker's share ran again on the survivor
                assertThat(harness.usageReader.await(u -> ids.contains(u.requestId()), REQUESTS, RouterHarness.WITHIN)
                        .stream().collect(Collectors.groupingBy(u -> u.requestId(), Collectors.counting())))
                        .hasSize(REQUESTS).allSatisfy((id, count) -> assertThat(count).isOne());
                log.info("TABLE | worker killed mid-flight ({} requests, {} re-delivered) | one 200 each | 1 each"
                        + " | last answer {} ms after the kill", REQUESTS, redelivered, millis);
            } finally {
                victim.destroyForcibly();
            }
        }
    }

    /** {@code RouterMain} in a JVM of its own, on the harness's config. */
    private static Process startWorkerProcess(RouterHarness harness, MockProviderServer mock, Path dir)
            throws Exception {
        var topics = harness.config.topics();
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                kafka:
                  partitions: %d
                topics:
                  requests: %s
                  admitted: %s
                  routable: %s
                  usage: %s
                  dead_letter: %s
                  reply_prefix: %s
                router:
                  group_id: %s
                  max_in_flight: 64
                  session_timeout: %dms
                providers:
                  mock: {type: openai, base_url: "%s", connect_timeout: 500ms, request_timeout: 10s}
                models:
                  m:
                    deployments:
                      - {provider: mock, model: gpt-a}
                tenants:
                  acme: {}
                """.formatted(RouterHarness.PARTITIONS, topics.requests(), topics.admitted(), topics.routable(),
                topics.usage(), topics.deadLetter(), topics.replyPrefix(), harness.config.router().groupId(),
                SESSION_TIMEOUT.toMillis(), mock.baseUrl()));
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.llmgateway.router.RouterMain", "--config", config.toString(),
                "--bootstrap-servers", harness.bootstrapServers())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker.log").toFile())
                .start();
    }
}
