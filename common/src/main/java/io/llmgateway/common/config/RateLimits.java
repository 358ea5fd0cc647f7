package io.llmgateway.common.config;

/**
 * Rate limits of a tenant or a project; a null field is no limit. Windows are sliding minutes:
 * what was admitted in the last 60 seconds counts.
 *
 * @param requestsPerMinute admitted requests in any minute
 * @param tokensPerMinute tokens in any minute: reserved (input + max_tokens) while a request
 *     runs, its real input + output once its usage is known
 * @param maxConcurrentRequests requests admitted and not yet finished
 */
public record RateLimits(Integer requestsPerMinute, Long tokensPerMinute, Integer maxConcurrentRequests) {

    public static final RateLimits NONE = new RateLimits(null, null, null);

    public RateLimits {
        positiveOrNull(requestsPerMinute, "requests_per_minute");
        positiveOrNull(tokensPerMinute, "tokens_per_minute");
        positiveOrNull(maxConcurrentRequests, "max_concurrent_requests");
    }

    private static void positiveOrNull(Number value, String field) {
        if (value != null && value.longValue() < 1) {
            throw new IllegalArgumentException(field + " must be >= 1 (leave it out for no limit), was " + value);
        }
    }

    public boolean isEmpty() {
        return requestsPerMinute == null && tokensPerMinute == null && maxConcurrentRequests == null;
    }
}
