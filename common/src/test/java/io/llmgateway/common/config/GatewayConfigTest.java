package io.llmgateway.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.kafka.KafkaClients;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private static GatewayConfig parse(String yaml) {
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theCheckedInExampleLoads() {
        GatewayConfig config = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));

        assertThat(config.models()).containsKeys("gpt-4o-mini", "mock-echo");
        assertThat(config.tenants().get("acme").apiKeys()).extracting(ApiKeyConfig::id).containsExactly("acme-dev");
        assertThat(config.ingress().maxBodyBytes()).isEqualTo(960L * 1024);
        assertThat(config.accounting().commitInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.providers().get("mock").type()).isEqualTo(ProviderType.OPENAI);
    }

    @Test
    void theDefaultBodyLimitLeavesRoomForTheRequestInOneRecordOfKafkasDefaultSize() {
        GatewayConfig config = parse("kafka:\n  bootstrap_servers: k:9092\n");

        assertThat(config.kafka().maxRecordBytes()).isEqualTo(1024 * 1024);
        assertThat(config.ingress().maxBodyBytes())
                .isEqualTo(config.kafka().maxRecordBytes() - IngressSettings.RECORD_HEADROOM);
        assertThat(KafkaClients.producer(config.kafka(), "test").get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG))
                .isEqualTo(config.kafka().maxRecordBytes());
    }

    @Test
    void aBodyLimitTheRecordLimitCannotCarryIsRefusedNamingBothFields() {
        assertThatThrownBy(() -> parse("ingress:\n  max_body_bytes: 4194304\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingress.max_body_bytes: 4194304")
                .hasMessageContaining("kafka.max_record_bytes is 1048576")
                .hasMessageContaining("at most 983040");

        GatewayConfig raised = parse("kafka:\n  max_record_bytes: 5242880\ningress:\n  max_body_bytes: 4194304\n");
        assertThat(raised.ingress().maxBodyBytes()).isEqualTo(4194304);
        assertThat(KafkaClients.producer(raised.kafka(), "test").get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG))
                .isEqualTo(5242880);
    }

    @Test
    void defaultsApplyWhenSectionsAreMissing() {
        GatewayConfig config = parse("kafka:\n  bootstrap_servers: k:9092\n");

        assertThat(config.kafka().bootstrapServers()).isEqualTo("k:9092");
        assertThat(config.ingress().port()).isEqualTo(8080);
        assertThat(config.router().maxInFlight()).isEqualTo(512);
        assertThat(config.topics().requests()).isEqualTo("llm.requests");
    }

    @Test
    void ingressCapsBoundsAndPublishTimeoutHaveDefaultsAndReadTheirKeys() {
        IngressSettings defaults = parse("kafka:\n  bootstrap_servers: k:9092\n").ingress();
        assertThat(defaults.maxInFlight()).isEqualTo(1024);
        assertThat(defaults.maxInFlightPerTenant()).isEqualTo(256);
        assertThat(defaults.publishTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.requestBounds()).isEqualTo(new RequestBounds(65_536, 2_048, 16, 256, 128));

        GatewayConfig example = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));
        assertThat(example.ingress().requestBounds().maxTools()).isEqualTo(128);
        assertThat(example.model("gpt-4o-mini").orElseThrow().deployments().getFirst().maxOutputTokens())
                .isEqualTo(16_384);

        IngressSettings set = parse("ingress:\n  request_timeout: 3s\n  publish_timeout: 10s\n  max_in_flight: 8\n"
                + "  request_bounds: {max_tools: 4}\n").ingress();
        assertThat(set.publishTimeout()).as("never past the deadline").isEqualTo(Duration.ofSeconds(3));
        assertThat(set.maxInFlightPerTenant()).as("not above the instance's cap").isEqualTo(8);
        assertThat(set.requestBounds().maxTools()).isEqualTo(4);
        assertThat(set.requestBounds().maxMessages()).isEqualTo(2_048);
        assertThatThrownBy(() -> parse("ingress:\n  max_in_flight: -1\n")).hasMessageContaining("max_in_flight");
    }

    @Test
    void anUnknownProviderIsReportedWithItsPath() {
        assertThatThrownBy(() -> parse("""
                providers:
                  p: {type: openai, base_url: "http://x"}
                models:
                  m:
                    deployments:
                      - {provider: nope, model: x}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("models.m.deployments[0].provider: unknown provider 'nope'");
    }

    @Test
    void anInvalidFieldIsReportedWithItsPath() {
        assertThatThrownBy(() -> parse("""
                tenants:
                  acme:
                    api_keys:
                      - {id: k1, sha256: "not-a-hash"}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants.acme.api_keys[0]")
                .hasMessageContaining("sha256 must be 64 hex digits");
    }

    @Test
    void aMisspelledFieldIsAnErrorNotSilence() {
        assertThatThrownBy(() -> parse("ingress:\n  prot: 9000\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingress.prot");
    }

    @Test
    void aBadDurationIsReportedWithItsPath() {
        assertThatThrownBy(() -> parse("ingress:\n  request_timeout: soon\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingress.request_timeout");
    }

    @Test
    void durationsReadTheShortForms() {
        assertThat(DurationParser.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationParser.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationParser.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void tracingExportsNothingUnlessAnEndpointIsSet() {
        assertThat(parse("kafka:\n  bootstrap_servers: k:9092\n").tracing().exporting()).isFalse();

        TracingSettings tracing = parse("""
                tracing:
                  otlp_endpoint: http://collector:4318/v1/traces
                  sampling_ratio: 0.25
                """).tracing();
        assertThat(tracing.exporting()).isTrue();
        assertThat(tracing.otlpEndpoint()).hasToString("http://collector:4318/v1/traces");
        assertThat(tracing.samplingRatio()).isEqualTo(0.25);
    }

    @Test
    void aBadTracingSettingFailsNamingTheField() {
        assertThatThrownBy(() -> parse("tracing:\n  sampling_ratio: 2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tracing")
                .hasMessageContaining("sampling_ratio must be between 0 and 1, was 2.0");
        assertThatThrownBy(() -> parse("tracing:\n  otlp_endpoint: grpc://collector:4317\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("otlp_endpoint must be an http or https URL");
    }
}
