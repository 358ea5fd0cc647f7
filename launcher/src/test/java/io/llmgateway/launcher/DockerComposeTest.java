package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.llmgateway.common.config.GatewayConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so this checks what can be checked without one:
 * that docker-compose.yml, the Dockerfiles, the modules and the config agree.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..");
    private static final List<String> SERVICES =
            List.of("mock-provider", "accounting-stream", "cache-service", "router-worker", "ingress");

    private final JsonNode compose = read(ROOT.resolve("docker-compose.yml"));

    private static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot parse " + file, e);
        }
    }

    @Test
    void everyServiceIsAModuleWithItsOwnDockerfile() throws IOException {
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        for (String service : SERVICES) {
            JsonNode build = compose.path("services").path(service).path("build");
            assertThat(build.path("context").asText()).as(service).isEqualTo(".");
            assertThat(build.path("dockerfile").asText()).as(service).isEqualTo(service + "/Dockerfile");
            assertThat(ROOT.resolve(service + "/Dockerfile")).as(service).isRegularFile();
            assertThat(rootPom).as(service).contains("<module>" + service + "</module>");
        }
    }

    @Test
    void everyDockerfileStartsAMainClassThatExists() throws Exception {
        Pattern entry = Pattern.compile("\"(io\\.llmgateway\\.[\\w.]+Main)\"");
        for (String service : SERVICES) {
            String dockerfile = Files.readString(ROOT.resolve(service + "/Dockerfile"));
            assertThat(dockerfile).as(service).contains("-pl " + service + " ");
            Matcher m = entry.matcher(dockerfile);
            assertThat(m.find()).as(service + " names a main class").isTrue();
            Class<?> main = Class.forName(m.group(1));
            assertThat(main.getMethod("main", String[].class)).as(service).isNotNull();
        }
    }

    @Test
    void servicesMountAConfigThatLoadsAndPointsAtTheComposeNetwork() {
        List<String> mounted = new ArrayList<>();
        for (String service : SERVICES) {
            JsonNode svc = compose.path("services").path(service);
            String volume = svc.path("volumes").get(0).asText();
            assertThat(volume).as(service).endsWith(":/config/gateway.yaml:ro");
            mounted.add(volume.substring(0, volume.indexOf(':')));
            assertThat(svc.path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
            assertThat(svc.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        }
        assertThat(mounted).containsOnly("./config/gateway.compose.yaml");

        GatewayConfig config = GatewayConfig.load(ROOT.resolve("config/gateway.compose.yaml"));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        URI mock = config.providers().get("mock").baseUrl();
        assertThat(mock.getHost()).isEqualTo("mock-provider");
        assertThat(mock.getPort()).isEqualTo(config.mockProvider().port());
        assertThat(config.mockProvider().host()).isEqualTo("0.0.0.0");
    }

    /** Only the ingress is published on every interface; side ports on the host's loopback; Kafka on none. */
    @Test
    void publishedPortsMatchTheConfig() {
        GatewayConfig config = GatewayConfig.load(ROOT.resolve("config/gateway.compose.yaml"));
        assertThat(ports("ingress")).containsExactly(config.ingress().port() + ":" + config.ingress().port());
        assertThat(ports("mock-provider"))
                .containsExactly("127.0.0.1:" + config.mockProvider().port() + ":" + config.mockProvider().port());
        assertThat(ports("kafka")).isEmpty();
        assertThat(ports("accounting-stream"))
                .containsExactly("127.0.0.1:" + config.accounting().httpPort() + ":" + config.accounting().httpPort());
    }

    @Test
    void kafkaIsASingleKraftNodeWhoseInternalTopicsFitOneBroker() {
        JsonNode kafka = compose.path("services").path("kafka");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        JsonNode env = kafka.path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asInt()).isEqualTo(1);
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asInt()).isEqualTo(1);
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asInt()).isEqualTo(1);
    }

    /**
     * Kafka takes only SASL and denies what no ACL allows; each service connects as the user
     * scripts/kafka-acls.sh creates for it, with the password variable the script reads, and
     * starts only after kafka-setup ran that script.
     */
    @Test
    void kafkaTakesOnlySaslAndEachServiceIsTheUserTheAclScriptMakes() throws IOException {
        JsonNode kafka = compose.path("services").path("kafka").path("environment");
        assertThat(kafka.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText())
                .isEqualTo("CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT");
        assertThat(kafka.path("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND").asText()).isEqualTo("false");
        assertThat(kafka.path("KAFKA_AUTHORIZER_CLASS_NAME").asText()).endsWith("StandardAuthorizer");
        JsonNode setup = compose.path("services").path("kafka-setup");
        assertThat(setup.path("volumes").get(0).asText()).isEqualTo("./scripts/kafka-acls.sh:/gateway/kafka-acls.sh:ro");
        assertThat(setup.path("command").toString()).contains("/gateway/kafka-acls.sh");

        GatewayConfig config = GatewayConfig.load(ROOT.resolve("config/gateway.compose.yaml"));
        assertThat(config.kafka().security().protocol()).isEqualTo("SASL_PLAINTEXT");
        assertThat(config.kafka().security().saslMechanism()).isEqualTo("SCRAM-SHA-512");
        String script = Files.readString(ROOT.resolve("scripts/kafka-acls.sh"));
        Pattern variable = Pattern.compile("\\$\\{(\\w+):\\?");
        for (String service : List.of("accounting-stream", "cache-service", "router-worker", "ingress")) {
            JsonNode svc = compose.path("services").path(service);
            String user = svc.path("environment").path("KAFKA_USERNAME").asText();
            Matcher password = variable.matcher(svc.path("environment").path(config.kafka().security().passwordEnv())
                    .asText());
            assertThat(password.find()).as(service + " gets its password from a variable").isTrue();
            assertThat(script).as(service).contains("user " + user + " " + password.group(1) + "\n");
            assertThat(setup.path("environment").path(password.group(1)).asText())
                    .as("kafka-setup has " + service + "'s password").isEqualTo("${" + password.group(1)
                            + ":?set it, e.g. to $(openssl rand -hex 32)}");
            assertThat(svc.path("depends_on").path("kafka-setup").path("condition").asText())
                    .as(service).isEqualTo("service_completed_successfully");
        }
    }

    private List<String> ports(String service) {
        List<String> ports = new ArrayList<>();
        compose.path("services").path(service).path("ports").forEach(p -> ports.add(p.asText()));
        return ports;
    }
}
