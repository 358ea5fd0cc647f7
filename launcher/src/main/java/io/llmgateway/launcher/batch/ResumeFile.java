package io.llmgateway.launcher.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Next to the output file, {@code OUT.jsonl.batch} remembers which job a submit created and for
 * which input (its SHA-256), so that running the same submit again after an interruption follows
 * that job instead of sending the file a second time.
 */
final class ResumeFile {

    private final Path path;

    ResumeFile(Path output) {
        this.path = output.resolveSibling(output.getFileName() + ".batch");
    }

    Path path() {
        return path;
    }

    /** The job recorded for exactly this input; empty when there is none or it was for other content. */
    Optional<String> batchFor(byte[] input) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        String[] fields = Files.readString(path, StandardCharsets.UTF_8).strip().split("\\s+");
        return fields.length == 2 && fields[1].equals(sha256(input)) ? Optional.of(fields[0]) : Optional.empty();
    }

    void record(String batchId, byte[] input) throws IOException {
        Files.writeString(path, batchId + " " + sha256(input) + "\n", StandardCharsets.UTF_8);
    }

    void delete() throws IOException {
        Files.deleteIfExists(path);
    }

    private static String sha256(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
