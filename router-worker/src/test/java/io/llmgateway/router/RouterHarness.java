package io.llmgateway.router;

import io.llmgateway.common.config.ContentSafetySettings;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.common.config.ProviderType;
import io.llmgateway.common.config.ResilienceSettings;
import io.llmgateway.common.config.RouterSettings;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.common.config.TopicNames;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * A router worker on fresh topics of a real broker, its providers given by base URL, with
 * readers of its reply and usage topics; one per test.
 */
final class RouterHarness implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final Duration WITHIN = Duration.ofSeconds(20);

    private final String bootstrapServers;
    final GatewayConfig config;
    /** The tenant every test request is of: the router serves only tenants it knows. */
    static final Map<String, TenantConfig> ACME = Map.of("acme", new TenantConfig(null, null, null));
    final Topic<String, Reply> replies;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopicReader<Reply> replyReader;
    final TopicReader<UsageRecord> usageReader;
    private final KafkaProducer<String, byte[]> producer;
    private final List<RouterService> routers = new ArrayList<>();

    /** Builds the config; nothing runs until {@link #startRouter()}. */
    static Builder on(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    static final class Builder {
        private final String bootstrapServers;
        private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        private final List<Deployment> deployments = new ArrayList<>();
        private RouterSettings router = new RouterSettings("router-" + UUID.randomUUID(), 16);
        private ContentSafetySettings contentSafety;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        /** A provider at {@code baseUrl}: short timeouts, as every test config should have. */
        Builder provider(String name, String baseUrl) {
            providers.put(name, new ProviderConfig(ProviderType.OPENAI, URI.create(baseUrl), null,
                    Duration.ofMillis(500), Duration.ofSeconds(5)));
            return this;
        }

        /** A deployment of the alias {@code m}. */
        Builder deployment(Deployment deployment) {
            deployments.add(deployment);
            return this;
        }

        Builder resilience(ResilienceSettings resilience) {
            router = router.withResilience(resilience);
            return this;
        }

        Builder router(RouterSettings settings) {
            router = settings.withResilience(router.resilience());
            return this;
        }

        /** The content-safety section (tenant {@code acme}, alias {@code m}); unset: the defaults. */
        Builder contentSafety(ContentSafetySettings settings) {
            contentSafety = settings;
            return this;
        }

        RouterHarness build() throws Exception {
            return new RouterHarness(bootstrapServers, providers, deployments, router, contentSafety);
        }
    }

    private RouterHarness(String bootstrapServers, Map<String, ProviderConfig> providers,
                          List<Deployment> deployments, RouterSettings router, ContentSafetySettings contentSafety)
            throws Exception {
        this.bootstrapServers = bootstrapServers;
        String run = UUID.randomUUID().toString();
        TopicNames topics = new TopicNames("requests-" + run, "admitted-" + run, "routable-" + run, "usage-" + run,
                "dead-" + run, "replies-" + run + ".");
        replies = topics.repliesTopic("test");
        config = new GatewayConfig(new KafkaSettings(bootstrapServers, PARTITIONS, (short) 1), topics, null, router,
                null, null, providers, Map.of("m", new ModelConfig(deployments)), ACME, null, null, contentSafety);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(topics.routable(), topics.usage(), topics.deadLetter(), replies.name()).stream()
                    .map(name -> new NewTopic(name, PARTITIONS, (short) 1)).toList()).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        replyReader = new TopicReader<>(bootstrapServers, replies, PARTITIONS);
        usageReader = new TopicReader<>(bootstrapServers, config.topics().usageTopic(), PARTITIONS);
    }

    RouterService startRouter() {
        RouterService router = new RouterService(config, Clock.systemUTC(), meters).start();
        routers.add(router);
        return router;
    }

    /** Sends a request for an unknown alias and waits for its 404: the worker is consuming and fetching. */
    void warmUp() throws Exception {
        long now = System.currentTimeMillis();
        GatewayRequest probe = new GatewayRequest("warm-up-" + UUID.randomUUID(), "acme", "default", "acme-dev",
                "no-such-alias", List.of(ChatMessage.user("warm up")), null, false, replies.name(), now,
                now + 60_000, null, null, null, 2, null);
        send(probe);
        terminalReply(probe);
    }

    /** Waits until {@code members} workers of the group have partitions: requests sent now are served at once. */
    void awaitMembersWithPartitions(int members, Duration within) {
        String group = config.router().groupId();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Awaitility.await("group " + group + " with " + members + " assigned members").atMost(within)
                    .pollInterval(Duration.ofMillis(100)).until(() -> admin.describeConsumerGroups(List.of(group))
                            .describedGroups().get(group).get().members().stream()
                            .filter(m -> !m.assignment().topicPartitions().isEmpty()).count() >= members);
        }
    }

    RouterService router() {
        return routers.getFirst();
    }

    GatewayRequest request(boolean stream) {
        return request(stream, Priority.INTERACTIVE, 30_000);
    }

    GatewayRequest request(boolean stream, Priority priority, long deadlineInMs) {
        long now = System.currentTimeMillis();
        return new GatewayRequest("req-" + UUID.randomUUID(), "acme", "default", "acme-dev", "m",
                List.of(ChatMessage.user("one two three four five")), null, stream, replies.name(), now,
                now + deadlineInMs, priority, null, null, 5, null);
    }

    void send(GatewayRequest request) throws Exception {
        Topic<String, GatewayRequest> routable = config.topics().routableTopic();
        producer.send(new ProducerRecord<>(routable.name(), request.requestId(),
                routable.valueSerde().serializer().serialize(routable.name(), request))).get();
    }

    /** Every reply of the request, once its terminal one arrived. */
    List<Reply> repliesOf(GatewayRequest request) {
        replyReader.await(r -> r.requestId().equals(request.requestId()) && r.kind().isTerminal(), 1, WITHIN);
        return replyReader.values(r -> r.requestId().equals(request.requestId()));
    }

    Reply terminalReply(GatewayRequest request) {
        return repliesOf(request).stream().filter(r -> r.kind().isTerminal()).findFirst().orElseThrow();
    }

    UsageRecord usage(GatewayRequest request) {
        return usageReader.await(u -> u.requestId().equals(request.requestId()), 1, WITHIN).getFirst();
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws Exception {
        for (RouterService router : routers) {
            router.close();
        }
        producer.close();
        replyReader.close();
        usageReader.close();
    }
}
