package io.llmgateway.bench.jmh;

import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topics;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The topics' JSON serdes ({@code JsonSerde}) on the messages every request crosses: a
 * {@link GatewayRequest} is written once and read three times (accounting, cache, router), a
 * {@link Reply} written once and read once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SerdeBenchmark {

    @Param({"short", "long"})
    public String prompt;

    private final Serde<GatewayRequest> requestSerde = Topics.REQUESTS.valueSerde();
    private final Serde<Reply> replySerde = Topics.replies("llm.replies.bench").valueSerde();
    private GatewayRequest request;
    private byte[] requestBytes;
    private Reply reply;
    private byte[] replyBytes;

    @Setup
    public void setUp() {
        String text = prompt.equals("long") ? Samples.LONG_PROMPT : Samples.SHORT_PROMPT;
        request = Samples.request(text);
        requestBytes = requestSerde.serializer().serialize("llm.requests", request);
        reply = Samples.reply(text);
        replyBytes = replySerde.serializer().serialize("llm.replies.bench", reply);
    }

    @Benchmark
    public byte[] requestSerialize() {
        return requestSerde.serializer().serialize("llm.requests", request);
    }

    @Benchmark
    public GatewayRequest requestDeserialize() {
        return requestSerde.deserializer().deserialize("llm.requests", requestBytes);
    }

    @Benchmark
    public byte[] replySerialize() {
        return replySerde.serializer().serialize("llm.replies.bench", reply);
    }

    @Benchmark
    public Reply replyDeserialize() {
        return replySerde.deserializer().deserialize("llm.replies.bench", replyBytes);
    }
}
