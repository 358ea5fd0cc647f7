package io.llmgateway.ingress;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.llmgateway.common.config.ApiKeyConfig;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.TenantConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a presented API key to its caller. The config holds only SHA-256 hashes of keys, so the
 * key is hashed and the hash looked up; the match is then confirmed with a constant-time
 * comparison. The key is never logged, stored or echoed: errors say only that it is wrong.
 */
public final class ApiKeyAuthenticator {

    private static final String BEARER = "bearer ";

    private record Entry(byte[] hash, Caller caller) {}

    /** By lower-case hex hash: looking up by hash reveals nothing useful about any key. */
    private final Map<String, Entry> byHash;

    public ApiKeyAuthenticator(Map<String, TenantConfig> tenants) {
        Map<String, Entry> entries = new HashMap<>();
        Map<String, String> firstPath = new HashMap<>();
        tenants.forEach((tenantId, tenant) -> {
            for (int i = 0; i < tenant.apiKeys().size(); i++) {
                ApiKeyConfig key = tenant.apiKeys().get(i);
                String path = "tenants." + tenantId + ".api_keys[" + i + "]";
                String project = key.project() != null ? key.project() : tenant.projects().getFirst();
                Entry previous = entries.putIfAbsent(key.sha256(),
                        new Entry(key.hashBytes(), new Caller(tenantId, project, key.id(), tenant)));
                if (previous != null) {
                    // One key for two callers would make every request's tenant a guess.
                    throw new ConfigException(path + ".sha256: the same key hash is already used by "
                            + firstPath.get(key.sha256()));
                }
                firstPath.put(key.sha256(), path);
            }
        });
        this.byHash = Map.copyOf(entries);
    }

    /**
     * The caller of a request, from {@code Authorization: Bearer <key>} or, failing that,
     * {@code x-api-key: <key>}.
     *
     * @throws ApiError 401 when no key is given or the key is unknown
     */
    public Caller authenticate(ServerRequest req) {
        return authenticate(req.headers().first(HeaderNames.AUTHORIZATION),
                req.headers().first(ChatCompletionsRoute.X_API_KEY));
    }

    /** As {@link #authenticate(ServerRequest)}, from the two headers' values. */
    public Caller authenticate(Optional<String> authorization, Optional<String> xApiKey) {
        String key = presentedKey(authorization, xApiKey)
                .orElseThrow(() -> ApiError.invalidApiKey("You didn't provide an API key. Send it as "
                        + "'Authorization: Bearer <key>' (or as 'x-api-key: <key>')."));
        return lookup(key).orElseThrow(() -> ApiError.invalidApiKey("Incorrect API key provided."));
    }

    Optional<Caller> lookup(String key) {
        byte[] presented = sha256(key);
        Entry entry = byHash.get(HexFormat.of().formatHex(presented));
        if (entry == null || !MessageDigest.isEqual(entry.hash(), presented)) {
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    static Optional<String> presentedKey(Optional<String> authorization, Optional<String> xApiKey) {
        if (authorization.isPresent()) {
            String value = authorization.get().strip();
            if (value.length() > BEARER.length()
                    && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
                return nonBlank(value.substring(BEARER.length()));
            }
        }
        return xApiKey.flatMap(ApiKeyAuthenticator::nonBlank);
    }

    private static Optional<String> nonBlank(String value) {
        String stripped = value.strip();
        return stripped.isEmpty() ? Optional.empty() : Optional.of(stripped);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
