package io.llmgateway.bench.jmh;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.ingress.ApiKeyAuthenticator;
import io.llmgateway.ingress.Caller;
import io.llmgateway.ingress.ChatCompletionRequestReader;
import io.llmgateway.ingress.GatewayRequestMapper;
import io.llmgateway.ingress.InputTokenCounter;
import io.llmgateway.ingress.RequestIds;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import io.llmgateway.schemas.GatewayRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
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
 * What the ingress does to a request before it publishes it: authenticate the key (SHA-256 and
 * lookup), read the OpenAI body, validate and map it to a {@link GatewayRequest} (request id,
 * token estimate included), each alone and all together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IngressRequestBenchmark {

    @Param({"short", "long"})
    public String prompt;

    private final ChatCompletionRequestReader reader = new ChatCompletionRequestReader();
    private ApiKeyAuthenticator authenticator;
    private GatewayRequestMapper mapper;
    private Caller caller;
    private byte[] body;
    private ChatCompletionRequest parsed;
    private final Optional<String> authorization = Optional.of("Bearer sk-gw-demo-acme");

    @Setup
    public void setUp() throws IOException {
        GatewayConfig config;
        try (InputStream yaml = IngressRequestBenchmark.class.getResourceAsStream("/bench-gateway.yaml")) {
            config = GatewayConfig.parse(yaml, "bench-gateway.yaml");
        }
        Clock clock = Clock.systemUTC();
        authenticator = new ApiKeyAuthenticator(config.tenants());
        mapper = new GatewayRequestMapper(config, new RequestIds(clock), new InputTokenCounter(config.models()), clock,
                "llm.replies.ingress-1");
        caller = authenticator.authenticate(authorization, Optional.empty());
        body = Samples.openAiBody(prompt.equals("long") ? Samples.LONG_PROMPT : Samples.SHORT_PROMPT);
        parsed = reader.read(body);
    }

    @Benchmark
    public Caller authenticate() {
        return authenticator.authenticate(authorization, Optional.empty());
    }

    @Benchmark
    public ChatCompletionRequest readBody() {
        return reader.read(body);
    }

    @Benchmark
    public GatewayRequest mapToGatewayRequest() {
        return mapper.map(caller, parsed, Optional.empty(), Optional.empty());
    }

    @Benchmark
    public GatewayRequest wholeEdge() {
        Caller who = authenticator.authenticate(authorization, Optional.empty());
        return mapper.map(who, reader.read(body), Optional.empty(), Optional.empty());
    }
}
