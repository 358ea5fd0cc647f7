package io.llmgateway.launcher.batch;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchError;
import com.openai.models.batches.BatchRequestCounts;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** What {@code ./gateway batch} does: submit and follow a job, show one, fetch its results. */
final class BatchCommands {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int UNKNOWN_TERMINAL_WIDTH = 110;
    private static final Set<Batch.Status> ENDED =
            Set.of(Batch.Status.COMPLETED, Batch.Status.FAILED, Batch.Status.CANCELLED, Batch.Status.EXPIRED);

    private final OpenAIClient client;
    private final PrintStream out;
    private final PrintStream err;

    BatchCommands(OpenAIClient client, PrintStream out, PrintStream err) {
        this.client = client;
        this.out = out;
        this.err = err;
    }

    /**
     * Uploads the file, creates the job, follows it and writes its results; or, when an earlier
     * run for the same file and output was interrupted, follows that job instead (nothing is sent
     * twice, and the results are written once, whole).
     */
    int submit(Path input, Path output) throws IOException {
        byte[] content = Files.readAllBytes(input);
        ResumeFile resume = new ResumeFile(output);
        Optional<String> earlier = resume.batchFor(content).filter(this::exists);
        String batchId;
        if (earlier.isPresent()) {
            batchId = earlier.get();
            err.println("resuming " + batchId + " (recorded in " + resume.path() + ")");
        } else {
            String fileId = client.files().create(FileCreateParams.builder()
                    .file(content).purpose(FilePurpose.BATCH).build()).id();
            batchId = client.batches().create(BatchCreateParams.builder()
                    .inputFileId(fileId)
                    .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                    .completionWindow(BatchCreateParams.CompletionWindow._24H)
                    .build()).id();
            resume.record(batchId, content);
            err.println("submitted " + input + " as " + batchId + " (input " + fileId + ")");
        }
        Batch done = follow(batchId);
        int exit = finish(done, output);
        if (exit != BatchCli.NOT_FINISHED) {
            resume.delete();
        }
        return exit;
    }

    int status(String batchId) {
        Batch batch = client.batches().retrieve(batchId);
        BatchRequestCounts counts = batch.requestCounts().orElse(null);
        out.println(batch.id() + "  " + batch.status().asString()
                + (counts == null ? "" : "  total " + counts.total() + ", completed " + counts.completed()
                        + ", failed " + counts.failed()));
        batch.outputFileId().ifPresent(id -> out.println("output file: " + id));
        batch.errorFileId().ifPresent(id -> out.println("error file:  " + id));
        printErrors(batch);
        return BatchCli.OK;
    }

    int results(String batchId, Path output) throws IOException {
        return finish(client.batches().retrieve(batchId), output);
    }

    /** Polls the job, drawing a progress bar (done, failed, rate, ETA) until it ends. */
    private Batch follow(String batchId) {
        Batch batch = client.batches().retrieve(batchId);
        boolean errorsShown = false;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(batchId.length() > 14 ? batchId.substring(0, 14) : batchId)
                .setInitialMax(-1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .showSpeed()
                .setUnit(" req", 1)
                .setUpdateIntervalMillis((int) POLL.toMillis())
                .setConsumer(System.console() != null ? new ConsoleProgressBarConsumer(err)
                        // Not a terminal (a log, CI): no width to ask for, so a fixed one.
                        : new ConsoleProgressBarConsumer(err, UNKNOWN_TERMINAL_WIDTH))
                .build()) {
            while (true) {
                BatchRequestCounts counts = batch.requestCounts().orElse(null);
                if (counts != null && counts.total() > 0) {
                    bar.maxHint(counts.total());
                    bar.stepTo(counts.completed() + counts.failed());
                    bar.setExtraMessage(" " + batch.status().asString() + ", failed " + counts.failed());
                } else {
                    bar.setExtraMessage(" " + batch.status().asString());
                }
                if (!errorsShown && batch.errors().flatMap(Batch.Errors::data).isPresent()) {
                    errorsShown = true;
                    bar.pause();
                    printErrors(batch);
                    bar.resume();
                }
                if (ENDED.contains(batch.status())) {
                    bar.refresh();
                    return batch;
                }
                sleep();
                batch = client.batches().retrieve(batchId);
            }
        }
    }

    /** Writes an ended job's output file to {@code output} and its error file next to it. */
    private int finish(Batch batch, Path output) throws IOException {
        if (!ENDED.contains(batch.status())) {
            err.println(batch.id() + " is " + batch.status().asString() + ": no results yet");
            return BatchCli.NOT_FINISHED;
        }
        if (batch.status().equals(Batch.Status.FAILED)) {
            err.println(batch.id() + " failed");
            printErrors(batch);
            return BatchCli.FAILED;
        }
        Path errors = output.resolveSibling(errorFileName(output));
        download(batch.outputFileId(), output);
        download(batch.errorFileId(), errors);
        BatchRequestCounts counts = batch.requestCounts().orElseThrow();
        Long seconds = batch.completedAt().or(batch::cancelledAt).or(batch::expiredAt)
                .map(end -> end - batch.inProgressAt().orElse(batch.createdAt())).orElse(null);
        err.println(batch.id() + " " + batch.status().asString() + ": " + counts.completed() + " completed, "
                + counts.failed() + " failed" + (seconds == null ? "" : " in " + seconds + " s"));
        err.println("output: " + output + (batch.errorFileId().isPresent() ? "\nerrors: " + errors : ""));
        return batch.status().equals(Batch.Status.COMPLETED) ? BatchCli.OK : BatchCli.FAILED;
    }

    /** A file's content to {@code target}, whole or not at all (written aside, then moved); none: an empty file. */
    private void download(Optional<String> fileId, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        if (fileId.isEmpty()) {
            Files.deleteIfExists(target);
            return;
        }
        try (HttpResponse response = client.files().content(fileId.get()); InputStream body = response.body()) {
            Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void printErrors(Batch batch) {
        batch.errors().flatMap(Batch.Errors::data).ifPresent(errors -> {
            for (BatchError error : errors) {
                err.println("  " + error.line().map(line -> "line " + line + ": ").orElse("")
                        + error.message().orElse(error.code().orElse("error")));
            }
        });
    }

    private boolean exists(String batchId) {
        try {
            client.batches().retrieve(batchId);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    static String errorFileName(Path output) {
        String name = output.getFileName().toString();
        return (name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name) + ".errors.jsonl";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
