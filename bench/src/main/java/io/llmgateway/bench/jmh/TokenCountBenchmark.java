package io.llmgateway.bench.jmh;

import io.llmgateway.ingress.InputTokenCounter;
import io.llmgateway.schemas.ChatMessage;
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
 * The ingress's input token estimate ({@link InputTokenCounter}, jtokkit), per request, with
 * o200k_base (gpt-4o family) and cl100k_base (the fallback vocabulary).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenCountBenchmark {

    @Param({"short", "long"})
    public String prompt;

    private InputTokenCounter counter;
    private List<ChatMessage> messages;

    @Setup
    public void setUp() {
        counter = new InputTokenCounter(Map.of());
        messages = Samples.messages(prompt.equals("long") ? Samples.LONG_PROMPT : Samples.SHORT_PROMPT);
    }

    @Benchmark
    public int o200k() {
        return counter.count("gpt-4o-mini", messages);
    }

    @Benchmark
    public int cl100k() {
        return counter.count("mock-echo", messages);
    }
}
