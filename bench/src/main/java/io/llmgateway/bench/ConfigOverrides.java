package io.llmgateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.security.ProducerKeys;
import io.llmgateway.common.security.Secrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The gateway config file plus the bench's own tenant, with some fields set otherwise, e.g.
 * {@code accounting/streams/processing.guarantee=at_least_once}: path segments split on '/',
 * since Kafka property names contain dots. Edits the YAML tree, so it follows the config's
 * fields whatever they become, and the result goes through the config's own checks.
 */
final class ConfigOverrides {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final String BENCH_TENANT = "bench";
    static final String BENCH_KEY_ID = "bench-load";
    static final String BENCH_KEY = "sk-gw-bench-load";
    /** Where the bench tenant's batch key is (the dev launcher makes one up when it is unset). */
    static final String BENCH_BATCH_KEY_ENV = "GATEWAY_BENCH_BATCH_KEY";

    private ConfigOverrides() {}

    static GatewayConfig load(Path file, Map<String, String> overrides) {
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            if (!(tree instanceof ObjectNode root)) {
                throw new IllegalArgumentException(file + ": not a YAML mapping");
            }
            addBenchTenant(root);
            overrides.forEach((path, value) -> set(root, path, value));
            return GatewayConfig.parse(new ByteArrayInputStream(YAML.writeValueAsBytes(root)),
                    file + (overrides.isEmpty() ? "" : " with " + overrides));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The tenant the load runs as: no limits and no budget, so that what is measured is the
     * pipeline, not the (correct) 429s of a tenant over its limits. Its key is {@link #BENCH_KEY}.
     */
    private static void addBenchTenant(ObjectNode root) {
        JsonNode tenants = root.get("tenants");
        ObjectNode all = tenants instanceof ObjectNode object ? object : root.putObject("tenants");
        ObjectNode bench = all.putObject(BENCH_TENANT);
        bench.putArray("projects").add("default");
        bench.put("batch_signing_key_env", BENCH_BATCH_KEY_ENV);
        ObjectNode key = bench.putArray("api_keys").addObject();
        key.put("id", BENCH_KEY_ID);
        key.put("project", "default");
        key.put("sha256", sha256Hex(BENCH_KEY));
    }

    /** The bench tenant's batch key, from the secrets the gateway under test reads. */
    static String benchBatchKey(Secrets secrets) {
        return secrets.require("tenants." + BENCH_TENANT + ".batch_signing_key_env", BENCH_BATCH_KEY_ENV,
                ProducerKeys.MIN_LENGTH);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void set(ObjectNode root, String path, String value) {
        String[] segments = path.split("/");
        ObjectNode node = root;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode child = node.get(segments[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(segments[i]);
        }
        node.put(segments[segments.length - 1], value);
    }
}
