package io.llmgateway.common.config;

/**
 * Upper bounds on the fields of one request ({@code ingress.request_bounds}), checked by the
 * ingress before anything is published: a request past one is a 400 naming the field. The body
 * limit bounds the bytes; these bound what a few bytes can ask for (a huge {@code max_tokens}
 * reserves a tenant's whole window, thousands of tiny messages or stop sequences cost the
 * provider and the token counter far more than their size).
 *
 * @param maxTokens the largest {@code max_tokens} / {@code max_completion_tokens} for an alias
 *     none of whose deployments names its {@code max_output_tokens}
 * @param maxMessages messages in one request (Anthropic's {@code system} not counted)
 * @param maxStopSequences stop sequences in one request (OpenAI's own limit of 4 stays on its route)
 * @param maxStopSequenceChars characters in one stop sequence
 * @param maxTools tool definitions in one request
 */
public record RequestBounds(int maxTokens, int maxMessages, int maxStopSequences, int maxStopSequenceChars,
                            int maxTools) {

    public static final RequestBounds DEFAULTS = new RequestBounds(0, 0, 0, 0, 0);

    public RequestBounds {
        maxTokens = orDefault(maxTokens, 65_536, "max_tokens");
        maxMessages = orDefault(maxMessages, 2_048, "max_messages");
        maxStopSequences = orDefault(maxStopSequences, 16, "max_stop_sequences");
        maxStopSequenceChars = orDefault(maxStopSequenceChars, 256, "max_stop_sequence_chars");
        maxTools = orDefault(maxTools, 128, "max_tools");
    }

    private static int orDefault(int value, int fallback, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
        return value == 0 ? fallback : value;
    }
}
