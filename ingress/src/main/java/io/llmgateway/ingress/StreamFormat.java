package io.llmgateway.ingress;

import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Reply;

/** How one API writes a streamed answer as server-sent events (OpenAI's or Anthropic's). */
interface StreamFormat {

    /** The opening events, before the first piece of the answer. */
    void start() throws SseOut.ClientGone;

    void chunk(Reply chunk) throws SseOut.ClientGone;

    /**
     * The end of the answer.
     *
     * @param began whether chunks were written; when not (a cache hit), the whole answer goes now
     */
    void complete(Reply fin, boolean began) throws SseOut.ClientGone;

    /** The answer failed after the stream began: an error event, and the stream ends. */
    void error(GatewayError error) throws SseOut.ClientGone;

    /** Nothing to send for a while: keeps the connection alive (and finds out whether the client still is). */
    void keepAlive() throws SseOut.ClientGone;
}
