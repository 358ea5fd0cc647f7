package io.llmgateway.cache.verify;

/**
 * Whether a cached question may answer a new one, and why. The reason names what differed ("tense
 * differs"), never the words: the cached question belongs to another request, maybe another user.
 */
public record Verdict(boolean accepted, String reason) {

    static Verdict accept(String reason) {
        return new Verdict(true, reason);
    }

    static Verdict reject(String reason) {
        return new Verdict(false, reason);
    }
}
