package io.llmgateway.bench.jmh;

import io.llmgateway.common.config.ContentSafetySettings;
import io.llmgateway.common.config.SafetyTenantPolicy;
import io.llmgateway.safety.ContentFilters;
import io.llmgateway.safety.FilterChain;
import io.llmgateway.safety.StreamGuard;
import io.llmgateway.safety.Verdict;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole input filter chain (every built-in detector and a tenant block list, default policy)
 * over 1 KB and 16 KB of prompt text: ordinary text full of numbers, code, hashes and URLs
 * ({@code clean}), or the same with a card, a key, an email and a phone number in every KB
 * ({@code pii}, about one of each per 0.8 KB). Divide by the size for the cost per KB. {@code outputStream} is the router's
 * stream guard over a 1 KB answer in 200 chunks of 5 characters (256-character hold-back): per
 * chunk, divide by 200.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContentFilterBenchmark {

    private static final String CLEAN_KB = """
            Please review this deployment log and tell me why build 10.0.19045.2965 failed on 2024-06-30T12:34:56Z. \
            The job id is 1b4e28ba-2fa1-41d2-883f-0016d3cca427 and commit 3f786850e387550fdab836ed7e6dc881de23001b \
            touched src/main/java/App.java lines 120-184. Order 112-3345678-9901122 shipped to warehouse 7, see \
            https://example.com/orders?id=4532&page=3 and ticket OPS-4521. for (int i = 0; i < 100000; i++) sum += i * 31; \
            The p99 latency went from 245 ms to 1830 ms between 14:30 and 15:10 UTC, with 3 retries per request and \
            a heap of 1024 MiB; upgrade numpy==1.26.4 and node v20.11.1. SELECT * FROM orders WHERE id IN (4532, 1234, \
            98765) AND total > 250.00; the sha256 is 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08. \
            Summarise the three most likely causes and suggest a fix for each, in order of effort.""";
    private static final String PII = " Card 4539 1488 0343 6467, key AKIA" + "QX3VZ7T2MB5KJ4WD, mail ann.lee@example.org,"
            + " call +44 20 7946 0958.";

    @Param({"1", "16"})
    public int kilobytes;

    @Param({"clean", "pii"})
    public String content;

    private FilterChain chain;
    private String text;
    private String answer;
    private int holdBack;

    @Setup
    public void setUp() {
        ContentSafetySettings settings = new ContentSafetySettings(null, null, null, Map.of("acme",
                new SafetyTenantPolicy(null, null, List.of("project bluebird"), List.of("\\bcodename\\s+[A-Z]{4,}\\b"))),
                null, null);
        ContentFilters filters = new ContentFilters(settings);
        chain = filters.chainFor("acme", "gpt-4o-mini");
        holdBack = filters.holdBackChars();
        String kb = content.equals("pii") ? CLEAN_KB.substring(0, CLEAN_KB.length() - PII.length()) + PII : CLEAN_KB;
        StringBuilder all = new StringBuilder();
        while (all.length() < kilobytes * 1024) {
            all.append(kb).append('\n');
        }
        text = all.substring(0, kilobytes * 1024);
        answer = text.substring(0, 1000);
    }

    @Benchmark
    public Verdict inputChain() {
        return chain.inspect(text);
    }

    @Benchmark
    public int outputStream() {
        StreamGuard guard = new StreamGuard(chain, holdBack);
        int sent = 0;
        for (int i = 0; i < answer.length(); i += 5) {
            sent += guard.accept(answer.substring(i, i + 5)).length();
        }
        return sent + guard.finish().length();
    }
}
