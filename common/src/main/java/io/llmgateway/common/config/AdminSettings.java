package io.llmgateway.common.config;

/**
 * The operator's access to the admin endpoints (accounting's tenant queries, the cache purge, the
 * mock's controls, {@code /metrics}): {@code admin}.
 *
 * @param tokenEnv the environment variable holding the operator token (never the token itself);
 *     when not set, {@link #DEFAULT_TOKEN_ENV} is used if that variable is set, and without a token
 *     the admin endpoints answer only on loopback
 */
public record AdminSettings(String tokenEnv) {

    public static final AdminSettings DEFAULTS = new AdminSettings(null);

    /** Where the operator token is read unless {@code admin.token_env} names another variable. */
    public static final String DEFAULT_TOKEN_ENV = "GATEWAY_ADMIN_TOKEN";

    public AdminSettings {
        tokenEnv = tokenEnv == null || tokenEnv.isBlank() ? null : tokenEnv;
    }

    /** The variable the token is read from. */
    public String tokenVariable() {
        return tokenEnv == null ? DEFAULT_TOKEN_ENV : tokenEnv;
    }
}
