package io.llmgateway.router.provider;

import java.io.IOException;
import java.util.List;

/** Turns one provider's stream events into deltas, adding them up in a {@link StreamAccumulator}. */
public interface StreamDecoder {

    /**
     * @return the deltas this event adds (possibly none)
     * @throws ProviderException the event is an error the provider reported mid-stream
     * @throws IOException the event's data is not what the provider's format says
     */
    List<ChatDelta> onEvent(SseEvent event) throws ProviderException, IOException;

    /** The provider said the stream is complete ({@code [DONE]}, {@code message_stop}). */
    boolean isDone();

    /** Whether the end of the body is a normal end of this provider's stream (Gemini has no end marker). */
    boolean endsAtEndOfBody();

    ChatResult result();
}
