package io.llmgateway.common.config;

/** The configuration cannot be used; the message names the path of the bad field. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
