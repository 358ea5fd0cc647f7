package io.llmgateway.cache;

import static org.awaitility.Awaitility.await;

import io.llmgateway.cache.embed.Embedder;
import io.llmgateway.common.config.AdminSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.TenantPartitions;
import io.llmgateway.common.pipeline.BrokerTestSupport;
import io.llmgateway.common.security.Secrets;
import io.llmgateway.schemas.CacheDecision;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A cache service on a real broker with the rest of the pipeline played by the test: it admits
 * requests, reads what the cache forwarded or answered, and fills the cache the way the router
 * does (a complete answer to the tenant's partition of the entries topic).
 */
final class CacheRig implements AutoCloseable {

    static final int PARTITIONS = 3;
    /** The operator token the rig's caches require on their admin port. */
    static final String ADMIN_TOKEN = "operator-token-0123456789abcdefghijklmnop";
    private static final Secrets SECRETS = Secrets.of(Map.of(AdminSettings.DEFAULT_TOKEN_ENV, ADMIN_TOKEN));
    private static final Duration WITHIN = Duration.ofSeconds(30);

    /** What became of one request. */
    record Answer(String requestId, Reply reply, GatewayRequest forwarded) {
        String status() {
            return reply != null ? reply.cache().name() : forwarded.cacheDecision().status().name();
        }

        String reason() {
            return reply != null ? reply.cacheReason() : forwarded.cacheDecision().reason();
        }

        CacheDecision decision() {
            return forwarded == null ? null : forwarded.cacheDecision();
        }
    }

    final String bootstrap;
    final String admitted = "admitted-" + UUID.randomUUID();
    final String routable = "routable-" + UUID.randomUUID();
    final String usage = "usage-" + UUID.randomUUID();
    final String dead = "dead-" + UUID.randomUUID();
    final String entries = "entries-" + UUID.randomUUID();
    final String replies = "llm.replies.test-" + UUID.randomUUID();
    final MutableClock clock = new MutableClock();
    private final Embedder embedder;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Reply> finals = new ConcurrentHashMap<>();
    final Map<String, List<Reply>> chunks = new ConcurrentHashMap<>();
    final Map<String, GatewayRequest> forwarded = new ConcurrentHashMap<>();
    final List<UsageRecord> usageRecords = new CopyOnWriteArrayList<>();
    final List<ConsumerRecord<String, byte[]>> entryRecords = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closing;
    GatewayConfig config;
    CacheService cache;

    CacheRig(String bootstrap, Embedder embedder) throws Exception {
        this.bootstrap = bootstrap;
        this.embedder = embedder;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : List.of(admitted, routable, usage, dead, replies)) {
                topics.add(new NewTopic(name, PARTITIONS, (short) 1));
            }
            topics.add(new NewTopic(entries, PARTITIONS, (short) 1).configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            admin.createTopics(topics).all().get();
        }
        producer = BrokerTestSupport.producer(bootstrap);
        reader = Thread.ofPlatform().name("cache-rig-reader").start(this::read);
    }

    /** Starts a cache service with this {@code cache:} section (YAML flow mapping body). */
    CacheService start(String cacheSection) {
        config = configWith(cacheSection);
        cache = new CacheService(config, embedder, clock, SECRETS).start();
        return cache;
    }

    /** Another instance in the same consumer group, for rebalance tests; the caller closes it. */
    CacheService startAnother(String cacheSection) {
        return new CacheService(configWith(cacheSection), embedder, clock, SECRETS).start();
    }

    private GatewayConfig configWith(String cacheSection) {
        String yaml = "kafka: {bootstrap_servers: '" + bootstrap + "', partitions: " + PARTITIONS + "}\n"
                + "topics: {admitted: " + admitted + ", routable: " + routable + ", usage: " + usage
                + ", dead_letter: " + dead + ", cache_entries: " + entries + "}\n"
                + "cache: {admin_port: 0, refresh_interval: 10ms, commit_interval: 100ms"
                + (cacheSection.isBlank() ? "" : ", " + cacheSection) + "}\n";
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    void stopCache() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }

    static String indexDirSection(Path dir) {
        return "index_dir: '" + dir + "'";
    }

    GatewayRequest request(String tenant, List<ChatMessage> messages, SamplingParams params, boolean stream,
                           io.llmgateway.schemas.CachePolicy policy) {
        return request(tenant, messages, params, stream, policy, null);
    }

    GatewayRequest request(String tenant, List<ChatMessage> messages, SamplingParams params, boolean stream,
                           io.llmgateway.schemas.CachePolicy policy, io.llmgateway.schemas.Priority priority) {
        long now = clock.millis();
        return new GatewayRequest(UUID.randomUUID().toString(), tenant, "default", tenant + "-key", "mock-echo",
                messages, params, stream, replies, now, now + 60_000, priority, policy, null, 10, null);
    }

    GatewayRequest question(String tenant, String prompt) {
        return request(tenant, List.of(ChatMessage.user(prompt)), null, false, null);
    }

    /** Admits the request (acknowledged by the broker) without waiting for the cache. */
    void admit(GatewayRequest request) throws Exception {
        Topic<String, GatewayRequest> topic = config.topics().admittedTopic();
        BrokerTestSupport.send(producer, admitted, request.tenantId(),
                topic.valueSerde().serializer().serialize(admitted, request));
    }

    /** Admits the request and waits until the cache answered it or forwarded it. */
    Answer ask(GatewayRequest request) throws Exception {
        admit(request);
        String id = request.requestId();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(5))
                .until(() -> finals.containsKey(id) || forwarded.containsKey(id));
        return new Answer(id, finals.get(id), forwarded.get(id));
    }

    Answer ask(String tenant, String prompt) throws Exception {
        return ask(question(tenant, prompt));
    }

    /** Asks until the answer's status is {@code status} (entries become visible asynchronously). */
    Answer askUntil(String status, java.util.function.Supplier<GatewayRequest> request) {
        Answer[] last = new Answer[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
            last[0] = ask(request.get());
            return last[0].status().equals(status);
        });
        return last[0];
    }

    /** Plays the router: answers a forwarded request and stores the answer as the cache asked. */
    void fill(Answer miss, String content) throws Exception {
        GatewayRequest request = miss.forwarded();
        var fill = request.cacheDecision().fill();
        long now = clock.millis();
        CacheEntry entry = new CacheEntry(request.tenantId(), request.model(), fill.exactKey(), fill.scopeKey(),
                fill.prompt(), content, FinishReason.STOP, "mock-echo-1", "mock", new TokenUsage(12, 5, 0),
                request.requestId(), now, now + fill.ttlMs());
        int partition = TenantPartitions.partitionOf(request.tenantId(), PARTITIONS);
        producer.send(new ProducerRecord<>(entries, partition, entry.kafkaKey(),
                config.topics().cacheEntriesTopic().valueSerde().serializer().serialize(entries, entry))).get();
    }

    /** Asks, fills the answer, and waits until the same question is an exact hit. */
    void cache(String tenant, String prompt, String content) throws Exception {
        Answer first = ask(tenant, prompt);
        if (first.decision() == null || first.decision().fill() == null) {
            throw new AssertionError("not cacheable: " + first.status() + " " + first.reason());
        }
        fill(first, content);
        askUntil("HIT", () -> question(tenant, prompt));
    }

    HttpResponse<String> purge(String tenant) throws Exception {
        return purge(tenant, "Bearer " + ADMIN_TOKEN);
    }

    /** @param authorization the Authorization header; null sends none */
    HttpResponse<String> purge(String tenant, String authorization) throws Exception {
        return admin(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cache.adminPort().orElseThrow()
                + "/admin/cache/tenants/" + tenant)).DELETE(), authorization);
    }

    /** {@code GET /metrics} on the admin port; {@code authorization} null sends none. */
    HttpResponse<String> metrics(String authorization) throws Exception {
        return admin(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cache.adminPort().orElseThrow()
                + "/metrics")).GET(), authorization);
    }

    private static HttpResponse<String> admin(HttpRequest.Builder request, String authorization) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private void read() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "rig-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(routable, replies, usage, entries));
            var requestSerde = io.llmgateway.schemas.Topics.ROUTABLE.valueSerde().deserializer();
            var replySerde = io.llmgateway.schemas.Topics.replies(replies).valueSerde().deserializer();
            var usageSerde = io.llmgateway.schemas.Topics.USAGE.valueSerde().deserializer();
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    if (r.topic().equals(routable)) {
                        GatewayRequest request = requestSerde.deserialize(r.topic(), r.value());
                        forwarded.put(request.requestId(), request);
                    } else if (r.topic().equals(replies)) {
                        Reply reply = replySerde.deserialize(r.topic(), r.value());
                        if (reply.kind() == ReplyKind.CHUNK) {
                            chunks.computeIfAbsent(reply.requestId(), k -> new CopyOnWriteArrayList<>()).add(reply);
                        } else {
                            finals.put(reply.requestId(), reply);
                        }
                    } else if (r.topic().equals(usage)) {
                        usageRecords.add(usageSerde.deserialize(r.topic(), r.value()));
                    } else {
                        entryRecords.add(r);
                    }
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopCache();
        closing = true;
        reader.join(10_000);
        producer.close();
    }
}
