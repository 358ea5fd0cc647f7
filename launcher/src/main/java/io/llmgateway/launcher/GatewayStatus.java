package io.llmgateway.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.launcher.status.GatewayState;
import io.llmgateway.launcher.status.StatusTable;
import io.llmgateway.schemas.Json;
import io.llmgateway.schemas.TenantState;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./gateway status [--run-file FILE]}: the live state of a running {@code ./gateway up} as
 * tables ({@link StatusTable}). Services, breakers, cache entries and tenants' usage come from
 * its management port with the operator token (the variable the run-state file names); consumer
 * lag from Kafka's admin API (committed offsets against the last stable offsets).
 */
public final class GatewayStatus {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunState run;
    private final GatewayConfig config;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    GatewayStatus(RunState run, GatewayConfig config, String token) {
        this.run = run;
        this.config = config;
        this.token = token;
    }

    public static void main(String[] args) {
        try {
            Path runFile = RunState.DEFAULT_FILE;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "status" -> { }
                    case "--run-file" -> runFile = Path.of(LauncherArgs.value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                            + " (usage: ./gateway status [--run-file FILE])");
                }
            }
            RunState run = RunState.read(runFile);
            String token = System.getenv(run.adminTokenEnv());
            if (token == null || token.isBlank()) {
                throw new IllegalStateException(run.adminTokenEnv() + " is not set: export the operator token that"
                        + " ./gateway up printed (or the one it was started with)");
            }
            GatewayConfig config = GatewayConfig.load(run.config());
            System.out.print(StatusTable.format(new GatewayStatus(run, config, token).read()));
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    GatewayState read() {
        JsonNode services = get("/admin/services");
        List<GatewayState.Service> serviceList = new ArrayList<>();
        services.path("services").forEach(s -> serviceList.add(new GatewayState.Service(s.path("name").asText(),
                s.path("state").asText())));
        List<GatewayState.Breaker> breakers = new ArrayList<>();
        get("/admin/breakers").path("breakers").forEach(b -> breakers.add(new GatewayState.Breaker(
                b.path("deployment").asText(), b.path("state").asText(), b.path("failure_rate").asDouble(),
                b.path("buffered_calls").asInt())));
        JsonNode shards = get("/admin/cache/shards");
        List<GatewayState.TenantLoad> tenants = new ArrayList<>();
        long nowMs = System.currentTimeMillis();
        config.tenants().keySet().stream().sorted().forEach(tenant -> tenants.add(load(tenant,
                get("/v1/accounting/tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8)), nowMs)));
        String where = "gateway " + run.ingressUrl() + " (pid " + run.pid() + "), management " + run.managementUrl()
                + ", kafka " + run.bootstrapServers();
        return new GatewayState(where, serviceList, lags(), breakers, shards.path("entries").asLong(),
                shards.path("shards").size(), tenants);
    }

    /** A tenant's report from accounting, as its use of each limit. */
    static GatewayState.TenantLoad load(String tenant, JsonNode report, long nowMs) {
        TenantState state;
        try {
            state = Json.MAPPER.treeToValue(report.path("limits"), TenantState.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("accounting's report of tenant " + tenant + " is unreadable: "
                    + e.getMessage(), e);
        }
        TenantState.Scope scope = state.tenant();
        return new GatewayState.TenantLoad(tenant, window(scope.requests(), nowMs), window(scope.tokens(), nowMs),
                budget(scope.daily()), budget(scope.monthly()));
    }

    private static GatewayState.Use window(TenantState.Window window, long nowMs) {
        if (window == null) {
            return GatewayState.Use.NONE;
        }
        long used = window.usedAt(nowMs);
        return new GatewayState.Use(Long.toString(used), Long.toString(window.limit()),
                100.0 * used / window.limit());
    }

    private static GatewayState.Use budget(TenantState.Budget budget) {
        if (budget == null) {
            return GatewayState.Use.NONE;
        }
        BigDecimal spent = budget.spentUsd();
        double percent = budget.limitUsd().signum() == 0 ? 100 : spent.doubleValue() * 100 / budget.limitUsd().doubleValue();
        return new GatewayState.Use("$" + spent.stripTrailingZeros().toPlainString(),
                "$" + budget.limitUsd().stripTrailingZeros().toPlainString(), percent);
    }

    private JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(run.managementUrl() + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                throw new IllegalStateException("the management port refused the operator token in "
                        + run.adminTokenEnv() + " (401): is it the one this gateway was started with?");
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " on the management port answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the management port " + run.managementUrl() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Each consumer group's lag: its committed offsets against the partitions' last stable offsets. */
    List<GatewayState.GroupLag> lags() {
        var kafka = config.kafka().withBootstrapServers(run.bootstrapServers());
        try (Admin admin = Admin.create(KafkaClients.connection(kafka))) {
            List<GatewayState.GroupLag> lags = new ArrayList<>();
            List<String> groups = admin.listConsumerGroups().all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .stream().map(ConsumerGroupListing::groupId).sorted().toList();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long lag = 0;
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                        lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                    }
                }
                lags.add(new GatewayState.GroupLag(group, lag, committed.size()));
            }
            return lags;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read consumer lag from Kafka at " + run.bootstrapServers() + ": "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
