package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.security.ProducerKeys;
import io.llmgateway.launcher.batch.BatchCli;
import io.llmgateway.launcher.batch.TopicBatchProducer;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.testkit.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's Batch API through the whole gateway with the official OpenAI Java SDK, unchanged: a
 * real Kafka broker, every service, the mock provider answering at once. Jobs are uploaded,
 * created, followed, listed and read back as users do it.
 */
class BatchApiEndToEndTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /** Lines of the big job: enough to cross chunked files, pacing and many polls, quick on 2 cores. */
    private static final int LINES = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DevGateway gateway;
    private static OpenAIClient acme;
    private static OpenAIClient broke;
    private static OpenAIClient globex;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = DevGateway.start(batchConfig(), new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0),
                Clock.systemUTC());
        acme = client("sk-gw-demo-acme");
        broke = client("sk-gw-test-broke");
        globex = client("sk-gw-demo-globex");
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aThousandLineJobAnswersEveryCustomIdOnceAndReportsMalformedLinesByNumber() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            file.append(line("req-" + i, "gpt-4o-mini", "Batch prompt number " + i)).append('\n');
        }
        file.append("{this is not json\n");                                                 // line LINES + 1
        file.append("{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n"); // no custom_id
        file.append(line("unknown-model", "no-such-model", "hello")).append('\n');

        FileObject input = acme.files().create(FileCreateParams.builder()
                .file(file.toString().getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.BATCH)
                .build());
        assertThat(input.id()).startsWith("file-");
        assertThat(input.bytes()).isEqualTo(file.toString().getBytes(StandardCharsets.UTF_8).length);
        assertThat(acme.files().retrieve(input.id()).purpose()).isEqualTo(FileObject.Purpose.BATCH);

        Batch created = acme.batches().create(BatchCreateParams.builder()
                .inputFileId(input.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build());
        assertThat(created.status()).isEqualTo(Batch.Status.VALIDATING);

        Batch done = awaitEnd(acme, created.id());

        assertThat(done.status()).isEqualTo(Batch.Status.COMPLETED);
        assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(LINES + 3);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(LINES);
        assertThat(done.requestCounts().orElseThrow().failed()).isEqualTo(3);
        assertThat(done.completedAt()).isPresent();
        assertThat(done.errors().orElseThrow().data().orElseThrow()).extracting(e -> e.line().orElseThrow())
                .containsExactly((long) LINES + 1, (long) LINES + 2);

        List<JsonNode> output = lines(acme, done.outputFileId().orElseThrow());
        assertThat(output).hasSize(LINES);
        Map<String, Long> answers = output.stream().collect(Collectors.groupingBy(
                l -> l.get("custom_id").asText(), Collectors.counting()));
        assertThat(answers).hasSize(LINES).allSatisfy((id, count) -> assertThat(count).isOne());
        for (JsonNode line : output) {
            int i = Integer.parseInt(line.get("custom_id").asText().substring(4));
            assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(line.at("/response/body/object").asText()).isEqualTo("chat.completion");
            assertThat(line.at("/response/body/choices/0/message/content").asText())
                    .contains("Batch prompt number " + i);
            assertThat(line.get("error").isNull()).isTrue();
        }

        List<JsonNode> errors = lines(acme, done.errorFileId().orElseThrow());
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).at("/error/message").asText()).startsWith("Line " + (LINES + 1));
        assertThat(errors.get(1).at("/error/message").asText()).startsWith("Line " + (LINES + 2)).contains("custom_id");
        assertThat(errors.get(2).get("custom_id").asText()).isEqualTo("unknown-model");
        assertThat(errors.get(2).at("/response/status_code").asInt()).isEqualTo(404);
        assertThat(errors.get(2).at("/response/body/error/code").asText()).isEqualTo("model_not_found");

        List<String> listed = new ArrayList<>();
        acme.batches().list(BatchListParams.builder().limit(1).build()).autoPager().forEach(b -> listed.add(b.id()));
        assertThat(listed).contains(done.id());
        assertThat(acme.batches().cancel(done.id()).status()).isEqualTo(Batch.Status.COMPLETED);
    }

    @Test
    void anOverBudgetTenantsJobEndsWithAnErrorPerLineNotAHang() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            file.append(line("b-" + i, "gpt-4o-mini", "Expensive question " + i)).append('\n');
        }
        FileObject input = broke.files().create(FileCreateParams.builder()
                .file(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)))
                .purpose(FilePurpose.BATCH).build());
        Batch done = awaitEnd(broke, broke.batches().create(BatchCreateParams.builder().inputFileId(input.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build()).id());

        assertThat(done.status()).isEqualTo(Batch.Status.COMPLETED);
        assertThat(done.requestCounts().orElseThrow().failed()).isEqualTo(20);
        assertThat(done.outputFileId()).isEmpty();
        List<JsonNode> errors = lines(broke, done.errorFileId().orElseThrow());
        assertThat(errors).hasSize(20).allSatisfy(line -> {
            assertThat(line.at("/response/status_code").asInt()).isEqualTo(429);
            assertThat(line.at("/response/body/error/type").asText()).isEqualTo("insufficient_quota");
        });
        assertThat(errors.stream().map(l -> l.get("custom_id").asText()).collect(Collectors.toSet())).hasSize(20);
    }

    @Test
    void aCancelledJobStopsSendingAndEndsCancelledWithTheAnswersItHas() throws Exception {
        gateway.mockProvider().behave(MockBehavior.DEFAULT.withLatency(Duration.ofSeconds(2)));
        try {
            StringBuilder file = new StringBuilder();
            // More lines than a job keeps in flight (512): some are still unsent when the cancel comes.
            for (int i = 0; i < 1_000; i++) {
                file.append(line("c-" + i, "mock-echo", "Slow question " + i)).append('\n');
            }
            FileObject input = acme.files().create(FileCreateParams.builder()
                    .file(file.toString().getBytes(StandardCharsets.UTF_8)).purpose(FilePurpose.BATCH).build());
            String id = acme.batches().create(BatchCreateParams.builder().inputFileId(input.id())
                    .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                    .completionWindow(BatchCreateParams.CompletionWindow._24H).build()).id();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acme.batches().retrieve(id).requestCounts().map(c -> c.completed()).orElse(0L) == 0
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }

            Batch cancelling = acme.batches().cancel(id);
            Batch done = awaitEnd(acme, id);

            assertThat(cancelling.status()).isIn(Batch.Status.CANCELLING, Batch.Status.CANCELLED);
            assertThat(done.status()).isEqualTo(Batch.Status.CANCELLED);
            assertThat(done.cancelledAt()).isPresent();
            long completed = done.requestCounts().orElseThrow().completed();
            assertThat(completed).isPositive().isLessThan(1_000);
            assertThat(lines(acme, done.outputFileId().orElseThrow())).hasSize((int) completed);
        } finally {
            gateway.mockProvider().behave(MockBehavior.DEFAULT);
        }
    }

    @Test
    void aTenantSeesNeitherTheFilesNorTheJobsOfAnother() {
        FileObject input = acme.files().create(FileCreateParams.builder()
                .file(line("x", "mock-echo", "hi").getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.BATCH).build());
        Batch batch = acme.batches().create(BatchCreateParams.builder().inputFileId(input.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());

        assertThatThrownBy(() -> globex.files().retrieve(input.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> globex.batches().retrieve(batch.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> globex.batches().cancel(batch.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> globex.batches().create(BatchCreateParams.builder().inputFileId(input.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build()))
                .isInstanceOf(com.openai.errors.BadRequestException.class);
        Set<String> globexJobs = new java.util.HashSet<>();
        globex.batches().list().autoPager().forEach(b -> globexJobs.add(b.id()));
        assertThat(globexJobs).doesNotContain(batch.id());
    }

    @Test
    void theCliSubmitsFollowsAndWritesTheOutputAndAnInterruptedSubmitResumesTheSameJob(@TempDir Path dir)
            throws Exception {
        Path input = dir.resolve("prompts.jsonl");
        Files.writeString(input, line("a", "mock-echo", "first, card 4539 1488 0343 6467") + "\n" + "not json at all\n"
                + line("b", "mock-echo", "second") + "\n");
        Path output = dir.resolve("out.jsonl");
        String url = "http://127.0.0.1:" + gateway.ingressPort() + "/v1";

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BatchCli.run(new String[] {"submit", input.toString(), "--output", output.toString(), "--url", url,
                "--key", "sk-gw-demo-acme"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));

        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(log).isZero();
        assertThat(log).contains("line 2: Line 2 is not valid JSON.", "2 completed, 1 failed");
        List<String> answered = Files.readAllLines(output).stream()
                .map(l -> readTree(l).get("custom_id").asText()).toList();
        assertThat(answered).containsExactly("a", "b");
        // The content filter applies to batch lines too: the (echoing) provider saw the card redacted.
        assertThat(Files.readString(output)).contains("[redacted:card]").doesNotContain("0343");
        assertThat(Files.readAllLines(dir.resolve("out.errors.jsonl"))).hasSize(1);
        assertThat(dir.resolve("out.jsonl.batch")).doesNotExist();

        // An interrupted submit left its record behind: running it again follows that job, sends nothing.
        String batchId = log.lines().filter(l -> l.startsWith("submitted ")).findFirst().orElseThrow()
                .replaceAll(".* as (batch_[0-9a-f]+) .*", "$1");
        Files.writeString(dir.resolve("out.jsonl.batch"), batchId + " "
                + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(input))));
        byte[] before = Files.readAllBytes(output);
        Files.delete(output);
        long jobs = countJobs(acme);
        ByteArrayOutputStream again = new ByteArrayOutputStream();

        assertThat(BatchCli.run(new String[] {"submit", input.toString(), "--output", output.toString(), "--url", url,
                "--key", "sk-gw-demo-acme"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(again)))
                .isZero();

        assertThat(again.toString(StandardCharsets.UTF_8)).contains("resuming " + batchId);
        assertThat(countJobs(acme)).isEqualTo(jobs);
        assertThat(Files.readAllBytes(output)).isEqualTo(before);

        ByteArrayOutputStream status = new ByteArrayOutputStream();
        assertThat(BatchCli.run(new String[] {"status", batchId, "--url", url, "--key", "sk-gw-demo-acme"},
                new PrintStream(status), new PrintStream(new ByteArrayOutputStream()))).isZero();
        assertThat(status.toString(StandardCharsets.UTF_8)).contains(batchId + "  completed  total 3, completed 2,"
                + " failed 1");
    }

    @Test
    void theExampleTopicProducerGetsEveryLineAnsweredOnItsOwnResultTopic(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, line("t1", "mock-echo", "over the topic one") + "\n\n"
                + line("t2", "gpt-4o-mini", "over the topic two") + "\n" + line("t3", "mock-echo", "over the topic three") + "\n");
        String batchKey = ProducerKeys.resolve(gateway.config(), gateway.secrets()).batch("acme").orElseThrow();
        Path output = dir.resolve("out.jsonl");

        int answered = new TopicBatchProducer(gateway.config(), "acme", batchKey).run(input, output);

        List<JsonNode> lines = Files.readAllLines(output).stream().map(BatchApiEndToEndTest::readTree).toList();
        assertThat(answered).isEqualTo(3);
        assertThat(lines).extracting(l -> l.get("custom_id").asText()).containsExactly("t1", "t2", "t3");
        assertThat(lines.get(0).at("/response/body/choices/0/message/content").asText())
                .contains("over the topic one");
        assertThat(lines).allSatisfy(l -> assertThat(l.at("/response/status_code").asInt()).isEqualTo(200));
    }

    private static long countJobs(OpenAIClient client) {
        long[] count = {0};
        client.batches().list().autoPager().forEach(b -> count[0]++);
        return count[0];
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Batch awaitEnd(OpenAIClient client, String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        Batch batch = client.batches().retrieve(id);
        while (!ended(batch) && System.nanoTime() < until) {
            Thread.sleep(200);
            batch = client.batches().retrieve(id);
        }
        assertThat(ended(batch)).as("batch %s ended, status %s", id, batch.status()).isTrue();
        return batch;
    }

    private static boolean ended(Batch batch) {
        return Set.of(Batch.Status.COMPLETED, Batch.Status.FAILED, Batch.Status.CANCELLED, Batch.Status.EXPIRED)
                .contains(batch.status());
    }

    private static List<JsonNode> lines(OpenAIClient client, String fileId) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        try (HttpResponse content = client.files().content(fileId)) {
            for (String text : new String(content.body().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!text.isBlank()) {
                    lines.add(JSON.readTree(text));
                }
            }
        }
        return lines;
    }

    private static String line(String customId, String model, String prompt) {
        Map<String, Object> body = new HashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        try {
            return JSON.writeValueAsString(Map.of("custom_id", customId, "method", "POST",
                    "url", "/v1/chat/completions", "body", body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.ingressPort() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    /**
     * The example config with acme's limits raised for a thousand-line job (the job still paces
     * itself under half the concurrency limit), and a tenant whose budget is spent at once.
     */
    static GatewayConfig batchConfig() throws Exception {
        String yaml = Files.readString(Path.of("../config/gateway.example.yaml"))
                .replace("requests_per_minute: 600", "requests_per_minute: 1000000")
                .replace("tokens_per_minute: 400000 ", "tokens_per_minute: 1000000000 ")
                .replace("max_concurrent_requests: 64", "max_concurrent_requests: 2000")
                .replace("# batch_signing_key_env: ACME_BATCH_KEY", "batch_signing_key_env: ACME_BATCH_KEY")
                .replace("  globex:\n    projects:", String.join("\n",
                        "  broke:",
                        "    projects: [default]",
                        "    budget: {daily_usd: 0.000001}",
                        "    api_keys:",
                        "      - id: broke-dev",
                        "        project: default",
                        "        sha256: 3281803dad5f62888150d202c1b2bc143c1152fff6559991b0e73367406943b5",
                        "  globex:",
                        "    projects:"));
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "batch test");
    }
}
