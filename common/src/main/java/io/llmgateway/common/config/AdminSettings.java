package io.llmgateway.common.config;

/**
 * The operator's access to the admin endpoints (accounting's tenant queries, the cache purge, the
 * mock's controls, {@code /metrics}): {@code admin}.
 *
 * @param tokenEnv the environment variable holding the operator token (never the token itself);
 *     when not set, {@link #DEFAULT_TOKEN_ENV} is used if that variable is set, and without a token
 *     the admin endpoints answer only on loopback
 * @param metricsTopTenants how many tenants get a {@code tenant} label of their own on the
 *     request meters ({@code admin.metrics_top_tenants}, default 20); the first that many seen
 *     keep theirs, later ones count as {@code other}, so Prometheus' series stay bounded
 */
public record AdminSettings(String tokenEnv, Integer metricsTopTenants) {

    public static final AdminSettings DEFAULTS = new AdminSettings(null);

    public static final int DEFAULT_METRICS_TOP_TENANTS = 20;

    /** Where the operator token is read unless {@code admin.token_env} names another variable. */
    public static final String DEFAULT_TOKEN_ENV = "GATEWAY_ADMIN_TOKEN";

    public AdminSettings {
        tokenEnv = tokenEnv == null || tokenEnv.isBlank() ? null : tokenEnv;
        metricsTopTenants = metricsTopTenants == null ? DEFAULT_METRICS_TOP_TENANTS : metricsTopTenants;
        if (metricsTopTenants < 0) {
            throw new ConfigException("metrics_top_tenants: must be >= 0, was " + metricsTopTenants);
        }
    }

    /** The default number of tenant labels. */
    public AdminSettings(String tokenEnv) {
        this(tokenEnv, null);
    }

    /** The variable the token is read from. */
    public String tokenVariable() {
        return tokenEnv == null ? DEFAULT_TOKEN_ENV : tokenEnv;
    }
}
