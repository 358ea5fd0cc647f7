package io.llmgateway.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a running {@code ./gateway up} can be reached, for {@code ./gateway status} and
 * {@code ./gateway costs}: a small properties file ({@link #DEFAULT_FILE}, or {@code --run-file})
 * written once the gateway is ready and deleted when it stops. It holds addresses only, never the
 * operator token (the commands read that from the variable it names).
 *
 * @param pid the gateway's process id (a file whose process is gone is stale)
 * @param ingressUrl the public port
 * @param managementUrl the management port (every admin route)
 * @param bootstrapServers the Kafka the gateway uses (the embedded broker's random port)
 * @param config the config file it runs, absolute
 * @param adminTokenEnv the variable the operator token is read from
 */
record RunState(long pid, String ingressUrl, String managementUrl, String bootstrapServers, Path config,
                String adminTokenEnv) {

    private static final Logger log = LoggerFactory.getLogger(RunState.class);

    static final Path DEFAULT_FILE = Path.of(".gateway", "run.properties");

    void write(Path file) {
        Properties props = new Properties();
        props.setProperty("pid", Long.toString(pid));
        props.setProperty("ingress_url", ingressUrl);
        props.setProperty("management_url", managementUrl);
        props.setProperty("bootstrap_servers", bootstrapServers);
        props.setProperty("config", config.toAbsolutePath().normalize().toString());
        props.setProperty("admin_token_env", adminTokenEnv);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // Written whole, then moved: a reader never sees half a file.
            Path partial = Files.createTempFile(dir, "run", ".partial");
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                props.store(out, "./gateway up: where this run listens (deleted when it stops)");
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run-state file " + file, e);
        }
    }

    /**
     * The state of the gateway that wrote {@code file}.
     *
     * @throws IllegalStateException naming the file when there is none, it cannot be read, or its
     *     process has stopped
     */
    static RunState read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no running gateway found: " + file + " does not exist (start one with"
                    + " ./gateway up, or pass the --run-file it was given)");
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        RunState state;
        try {
            state = new RunState(Long.parseLong(required(props, "pid", file)), required(props, "ingress_url", file),
                    required(props, "management_url", file), required(props, "bootstrap_servers", file),
                    Path.of(required(props, "config", file)), required(props, "admin_token_env", file));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + ": pid is not a number", e);
        }
        if (ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            return state;
        }
        throw new IllegalStateException("no running gateway found: " + file + " names process " + state.pid()
                + ", which has stopped");
    }

    /** Deletes {@code file} if this process wrote it (a later run may have replaced it). */
    static void deleteIfOwn(Path file) {
        try {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
            if (Long.toString(ProcessHandle.current().pid()).equals(props.getProperty("pid"))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Gone already, or unreadable: a reader finds its process stopped either way.
            log.debug("run-state file {} not deleted: {}", file, e.toString());
        }
    }

    private static String required(Properties props, String key, Path file) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + ": '" + key + "' is missing");
        }
        return value;
    }
}
