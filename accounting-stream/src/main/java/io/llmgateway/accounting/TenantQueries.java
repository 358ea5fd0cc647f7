package io.llmgateway.accounting;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "what has this tenant used and spent" from the instance that owns the tenant: Streams'
 * metadata names the active host of the tenant's partition; this instance reads its own store,
 * or asks the owner over HTTP (once: a forwarded question is never forwarded again).
 */
final class TenantQueries {

    private static final Logger log = LoggerFactory.getLogger(TenantQueries.class);
    static final String PATH = "/v1/accounting/tenants/";
    static final String FORWARDED_HEADER = "x-accounting-forwarded";
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

    /** An HTTP answer: status and JSON body. */
    record Answer(int status, byte[] body) {}

    private final KafkaStreams streams;
    private final HostInfo self;
    private final GatewayConfig config;
    private final BudgetCalendar calendar;
    private final Clock clock;
    private final HttpClient http;
    private final Optional<String> authorization;

    /** @param authorization the operator token's header, sent along when a query is forwarded */
    TenantQueries(KafkaStreams streams, HostInfo self, GatewayConfig config, Clock clock, HttpClient http,
                  Optional<String> authorization) {
        this.authorization = authorization;
        this.streams = streams;
        this.self = self;
        this.config = config;
        this.calendar = new BudgetCalendar(config.accounting().budgetZone());
        this.clock = clock;
        this.http = http;
    }

    Answer report(String tenantId, boolean forwarded) {
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(AccountingStores.LEDGERS, tenantId, Serdes.String().serializer());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // Not running (not started yet, or closing): there is no one to ask.
            return error(503, "accounting is not running here (" + streams.state() + "); retry shortly");
        }
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            return error(503, "the tenant's partition has no owner right now (rebalancing); retry shortly");
        }
        if (self.equals(owner.activeHost())) {
            return local(tenantId, owner.partition());
        }
        if (forwarded) {
            // The sender thought we own it, we think it does: metadata is moving. Do not loop.
            return error(503, "ownership of the tenant's partition is moving; retry shortly");
        }
        return forward(tenantId, owner.activeHost());
    }

    private Answer local(String tenantId, int partition) {
        TenantLedger ledger;
        try {
            ReadOnlyKeyValueStore<String, TenantLedger> store = streams.store(StoreQueryParameters
                    .fromNameAndType(AccountingStores.LEDGERS, QueryableStoreTypes.<String, TenantLedger>keyValueStore())
                    .withPartition(partition));
            ledger = store.get(tenantId);
        } catch (InvalidStateStoreException e) {
            log.info("tenant {} not queryable on partition {} now: {}", tenantId, partition, e.getMessage());
            return error(503, "the tenant's state is being restored or moved; retry shortly");
        }
        var tenantConfig = config.tenants().get(tenantId);
        if (ledger == null && tenantConfig == null) {
            return error(404, "no tenant '" + tenantId + "' in the config and no usage recorded for it");
        }
        TenantReport report = TenantReport.of(tenantId, self.host() + ":" + self.port(), tenantConfig,
                ledger == null ? new TenantLedger() : ledger, calendar, clock.millis());
        return json(200, report);
    }

    private Answer forward(String tenantId, HostInfo owner) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + PATH
                + URLEncoder.encode(tenantId, StandardCharsets.UTF_8));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT)
                .header(FORWARDED_HEADER, self.host() + ":" + self.port());
        authorization.ifPresent(value -> builder.header("Authorization", value));
        HttpRequest request = builder.GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            log.warn("cannot ask {} about tenant {}", uri, tenantId, e);
            return error(502, "the instance that owns the tenant (" + owner.host() + ":" + owner.port()
                    + ") did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted");
        }
    }

    private static Answer error(int status, String message) {
        return json(status, java.util.Map.of("error", message));
    }

    private static Answer json(int status, Object body) {
        try {
            return new Answer(status, Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName(), e);
        }
    }
}
