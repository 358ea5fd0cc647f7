package io.llmgateway.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Runs a shell script that sets a cluster up with Kafka's command line tools ({@code kafka-configs.sh}
 * for SCRAM users, {@code kafka-acls.sh} for ACLs) against a {@link SaslKafka}, without a Kafka
 * distribution: {@code KAFKA_BIN} points at stand-ins that record each call, and the calls are
 * then made through the Admin API with the same meaning. A test of what the script grants is then
 * a test of the script itself. Only the options such a script uses are understood; anything else
 * fails the replay rather than being skipped.
 */
public final class KafkaCliReplay {

    /** What kafka-acls accepts for each resource type; it refuses the rest, so the replay does too. */
    private static final Map<ResourceType, Set<AclOperation>> VALID_OPERATIONS = Map.of(
            ResourceType.TOPIC, EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS, AclOperation.ALTER, AclOperation.ALL),
            ResourceType.GROUP, EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.ALL),
            ResourceType.TRANSACTIONAL_ID, EnumSet.of(AclOperation.DESCRIBE, AclOperation.WRITE, AclOperation.ALL),
            ResourceType.CLUSTER, EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
                    AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.ALL));
    private static final Pattern SCRAM_CONFIG = Pattern.compile("SCRAM-SHA-512=\\[password=([^,\\]]+)]");
    private static final String STAND_IN = """
            #!/bin/sh
            # Records one call: the tool's name, then each argument, NUL-separated.
            n=$(ls "$REPLAY_DIR" | wc -l)
            printf '%s\\0' "$(basename "$0")" "$@" > "$REPLAY_DIR/$(printf %06d "$n")"
            """;

    private KafkaCliReplay() {}

    /**
     * @param env the script's environment (passwords, ...); {@code KAFKA_BIN} is set here
     * @return the ACLs the script created, in its order
     */
    public static List<AclBinding> run(SaslKafka kafka, Path script, Map<String, String> env, String... args) {
        try {
            Path bin = Files.createTempDirectory("kafka-bin-");
            Path calls = Files.createDirectory(bin.resolve("calls"));
            for (String tool : List.of("kafka-acls.sh", "kafka-configs.sh")) {
                Path standIn = bin.resolve(tool);
                Files.writeString(standIn, STAND_IN);
                Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwx------"));
            }
            runScript(script, env, bin, calls, args);
            List<AclBinding> acls = new ArrayList<>();
            for (List<String> call : recorded(calls)) {
                switch (call.getFirst()) {
                    case "kafka-configs.sh" -> scramUser(kafka, call);
                    case "kafka-acls.sh" -> acls.addAll(acls(call));
                    default -> throw new IllegalStateException("unexpected tool " + call.getFirst());
                }
            }
            kafka.allow(acls);
            return acls;
        } catch (IOException e) {
            throw new IllegalStateException("cannot replay " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void runScript(Path script, Map<String, String> env, Path bin, Path calls, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("KAFKA_BIN", bin.toString());
        builder.environment().put("REPLAY_DIR", calls.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(script + " failed:\n" + output);
        }
    }

    private static List<List<String>> recorded(Path calls) throws IOException {
        try (Stream<Path> files = Files.list(calls)) {
            List<List<String>> all = new ArrayList<>();
            for (Path file : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                String text = Files.readString(file);
                all.add(List.of(text.substring(0, text.length() - 1).split("\0", -1)));
            }
            return all;
        }
    }

    /** {@code kafka-configs --alter --add-config SCRAM-SHA-512=[password=...] --entity-type users --entity-name N}. */
    private static void scramUser(SaslKafka kafka, List<String> call) {
        String config = valueOf(call, "--add-config");
        Matcher m = SCRAM_CONFIG.matcher(config);
        if (!m.matches() || !"users".equals(valueOf(call, "--entity-type"))) {
            // The call holds a password: never in the message.
            throw new IllegalStateException("kafka-configs call is not a SCRAM-SHA-512 user's --add-config");
        }
        kafka.createScramUser(valueOf(call, "--entity-name"), m.group(1));
    }

    private static String valueOf(List<String> call, String option) {
        int i = call.indexOf(option);
        if (i < 0 || i + 1 >= call.size()) {
            throw new IllegalStateException(option + " missing in " + call);
        }
        return call.get(i + 1);
    }

    /** {@code kafka-acls --add --allow-principal P --operation O... (--topic|--group|--transactional-id X)...}. */
    private static List<AclBinding> acls(List<String> call) {
        List<String> principals = new ArrayList<>();
        List<AclOperation> operations = new ArrayList<>();
        List<Map.Entry<ResourceType, String>> resources = new ArrayList<>();
        PatternType patternType = PatternType.LITERAL;
        boolean add = false;
        for (int i = 1; i < call.size(); i++) {
            String option = call.get(i);
            switch (option) {
                case "--add" -> add = true;
                case "--force" -> { }
                case "--bootstrap-server", "--command-config" -> i++;
                case "--allow-principal" -> principals.add(call.get(++i));
                case "--operation" -> operations.add(operation(call.get(++i)));
                case "--resource-pattern-type" ->
                        patternType = PatternType.fromString(call.get(++i).toUpperCase(Locale.ROOT));
                case "--topic" -> resources.add(Map.entry(ResourceType.TOPIC, call.get(++i)));
                case "--group" -> resources.add(Map.entry(ResourceType.GROUP, call.get(++i)));
                case "--transactional-id" -> resources.add(Map.entry(ResourceType.TRANSACTIONAL_ID, call.get(++i)));
                case "--cluster" -> resources.add(Map.entry(ResourceType.CLUSTER, "kafka-cluster"));
                default -> throw new IllegalStateException("kafka-acls option not understood here: " + option);
            }
        }
        if (!add || principals.isEmpty() || operations.isEmpty() || resources.isEmpty()
                || patternType == PatternType.UNKNOWN) {
            throw new IllegalStateException("incomplete kafka-acls call: " + call);
        }
        List<AclBinding> acls = new ArrayList<>();
        for (var resource : resources) {
            for (String principal : principals) {
                for (AclOperation operation : operations) {
                    if (!VALID_OPERATIONS.get(resource.getKey()).contains(operation)) {
                        throw new IllegalStateException("kafka-acls refuses " + operation + " on a "
                                + resource.getKey() + ": " + call);
                    }
                    acls.add(new AclBinding(new ResourcePattern(resource.getKey(), resource.getValue(), patternType),
                            new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
                }
            }
        }
        return acls;
    }

    /** As kafka-acls spells them: Read, Write, DescribeConfigs, IdempotentWrite, All... */
    private static AclOperation operation(String name) {
        String wanted = name.toUpperCase(Locale.ROOT);
        for (AclOperation operation : AclOperation.values()) {
            if (operation.name().replace("_", "").equals(wanted) && operation != AclOperation.UNKNOWN
                    && operation != AclOperation.ANY) {
                return operation;
            }
        }
        throw new IllegalStateException("unknown ACL operation " + name);
    }
}
