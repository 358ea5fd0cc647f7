package io.llmgateway.ingress;

import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A pipeline that keeps every request handed to it and answers each "ok" at once. */
final class RecordingPipeline implements Pipeline {

    private final List<GatewayRequest> sent = new CopyOnWriteArrayList<>();

    @Override
    public Reply send(GatewayRequest request) {
        sent.add(request);
        return Reply.complete(request.requestId(), 0, 1, "m", "p", "ok", FinishReason.STOP, new TokenUsage(1, 1, 0),
                CacheStatus.MISS, 0);
    }

    /** What was handed over so far. */
    List<GatewayRequest> sent() {
        return sent;
    }

    void clear() {
        sent.clear();
    }
}
