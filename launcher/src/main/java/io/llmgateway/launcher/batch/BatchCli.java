package io.llmgateway.launcher.batch;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./gateway batch}: runs OpenAI-format batch jobs through a gateway's Batch API with the
 * official OpenAI SDK.
 * <pre>
 *   ./gateway batch submit FILE.jsonl --output OUT.jsonl [--url URL] [--key KEY]
 *   ./gateway batch status BATCH_ID [--url URL] [--key KEY]
 *   ./gateway batch results BATCH_ID --output OUT.jsonl [--url URL] [--key KEY]
 * </pre>
 * The key defaults to {@code GATEWAY_API_KEY}, then {@code OPENAI_API_KEY}; the URL to
 * {@code GATEWAY_URL}, then {@code http://127.0.0.1:8080/v1}.
 */
public final class BatchCli {

    static final String USAGE = """
            usage: ./gateway batch submit FILE.jsonl --output OUT.jsonl [--url URL] [--key KEY]
                   ./gateway batch status BATCH_ID [--url URL] [--key KEY]
                   ./gateway batch results BATCH_ID --output OUT.jsonl [--url URL] [--key KEY]
              FILE.jsonl  one request a line in OpenAI's batch format:
                          {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}
              --output    answers go here, failed lines to OUT.errors.jsonl (both in OpenAI's output format)
              --url       the gateway's API base (default $GATEWAY_URL or http://127.0.0.1:8080/v1)
              --key       an API key of the gateway (default $GATEWAY_API_KEY or $OPENAI_API_KEY)
            An interrupted submit resumes when run again with the same FILE and --output.""";

    /** Exit codes: 0 done, 1 the job ended failed/cancelled/expired or a call failed, 2 usage, 3 not finished yet. */
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE_ERROR = 2;
    static final int NOT_FINISHED = 3;

    private BatchCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Args parsed;
        try {
            parsed = Args.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        }
        if (parsed == null) {
            out.println(USAGE);
            return OK;
        }
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(parsed.url()).apiKey(parsed.key()).build();
        try {
            BatchCommands jobs = new BatchCommands(client, out, err);
            return switch (parsed.command()) {
                case "submit" -> jobs.submit(Path.of(parsed.target()), parsed.output());
                case "status" -> jobs.status(parsed.target());
                case "results" -> jobs.results(parsed.target(), parsed.output());
                default -> throw new IllegalStateException(parsed.command());
            };
        } catch (OpenAIServiceException e) {
            err.println("error: the gateway answered " + e.statusCode() + ": " + e.getMessage());
            return FAILED;
        } catch (OpenAIException e) {
            err.println("error: cannot reach the gateway at " + parsed.url() + ": " + e.getMessage());
            return FAILED;
        } catch (java.io.IOException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        } finally {
            client.close();
        }
    }

    /** The command line: a command, its target (a file or a batch id) and the options. */
    record Args(String command, String target, Path output, String url, String key) {

        /** Null for a request for help. */
        static Args parse(String[] args) {
            List<String> positional = new ArrayList<>();
            String output = null;
            String url = env("GATEWAY_URL", "http://127.0.0.1:8080/v1");
            String key = env("GATEWAY_API_KEY", System.getenv("OPENAI_API_KEY"));
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help", "help" -> {
                        return null;
                    }
                    case "--output", "-o" -> output = value(args, ++i, "--output");
                    case "--url" -> url = value(args, ++i, "--url");
                    case "--key" -> key = value(args, ++i, "--key");
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                        }
                        positional.add(args[i]);
                    }
                }
            }
            if (positional.size() != 2 || !List.of("submit", "status", "results").contains(positional.get(0))) {
                throw new IllegalArgumentException(positional.isEmpty() ? "a command is required"
                        : "expected a command (submit, status, results) and one argument");
            }
            String command = positional.get(0);
            if (!command.equals("status") && output == null) {
                throw new IllegalArgumentException(command + " needs --output OUT.jsonl");
            }
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("no API key: pass --key or set GATEWAY_API_KEY");
            }
            String target = command.equals("submit") ? callerPath(positional.get(1)).toString() : positional.get(1);
            return new Args(command, target, output == null ? null : callerPath(output), url, key);
        }

        /** A path as the caller meant it: ./gateway runs from its own directory and passes the caller's. */
        private static Path callerPath(String path) {
            String cwd = System.getProperty("gateway.cwd");
            return cwd == null || cwd.isBlank() ? Path.of(path) : Path.of(cwd).resolve(path);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }

        @Override
        public String toString() {
            return "Args[" + command + " " + target + ", output " + output + ", url " + url + "]"; // never the key
        }
    }
}
