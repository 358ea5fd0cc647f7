package io.llmgateway.common.security;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.common.config.AdminSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call an admin endpoint. With an operator token ({@code admin.token_env}), a request must
 * carry {@code Authorization: Bearer <token>}, compared in constant time; without one, admin
 * servers bind to loopback only and admin routes on a shared port answer only loopback clients.
 * Never logs or prints the token.
 */
public final class AdminAccess {

    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);

    /** 32 characters: a token from {@code openssl rand -base64 32} has 44. */
    public static final int MIN_LENGTH = 32;

    public static final String LOOPBACK = "127.0.0.1";

    private static final String BEARER = "bearer ";

    private final String token;
    private final byte[] digest;
    private final String variable;

    private AdminAccess(String token, String variable) {
        this.token = token;
        this.digest = token == null ? null : sha256(token);
        this.variable = variable;
    }

    /**
     * The token {@code admin.token_env} names. When that field is set, its variable must be set;
     * when it is not, {@link AdminSettings#DEFAULT_TOKEN_ENV} is used if set.
     *
     * @throws io.llmgateway.common.config.ConfigException naming {@code admin.token_env} when the
     *     variable it names is unset, or a token is shorter than {@link #MIN_LENGTH}
     */
    public static AdminAccess resolve(AdminSettings settings, Secrets secrets) {
        String variable = settings.tokenVariable();
        if (settings.tokenEnv() == null && secrets.get(variable).isEmpty()) {
            return new AdminAccess(null, variable);
        }
        return new AdminAccess(secrets.require("admin.token_env", variable, MIN_LENGTH), variable);
    }

    /** No token: admin endpoints for loopback clients only. */
    public static AdminAccess loopbackOnly() {
        return new AdminAccess(null, AdminSettings.DEFAULT_TOKEN_ENV);
    }

    /** A token given directly (tests, the one-JVM launcher). */
    public static AdminAccess token(String token) {
        if (token == null || token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("an admin token has at least " + MIN_LENGTH + " characters");
        }
        return new AdminAccess(token, AdminSettings.DEFAULT_TOKEN_ENV);
    }

    /** Whether a token is configured (and so required). */
    public boolean tokenRequired() {
        return token != null;
    }

    /** The header value that passes this check, for forwarding a query to another instance. */
    public Optional<String> authorization() {
        return token == null ? Optional.empty() : Optional.of("Bearer " + token);
    }

    /**
     * The host an admin-only server binds to: {@code host} when a token is configured or it is a
     * loopback address; otherwise {@link #LOOPBACK}, and it logs why.
     *
     * @param setting the config field of the host, for the log
     */
    public String bindHost(String host, String setting) {
        if (token != null) {
            return host;
        }
        if (isLoopback(host)) {
            log.info("{}: no admin token ({} is not set): admin endpoints on loopback {} only", setting, variable,
                    host);
            return host;
        }
        log.warn("{} is {} but no admin token is set ({}): binding to {} instead (set {} to serve the admin"
                + " endpoints on other interfaces)", setting, host, variable, LOOPBACK, variable);
        return LOOPBACK;
    }

    /** Whether {@code req} may call an admin route. */
    public boolean allows(ServerRequest req) {
        if (token == null) {
            SocketAddress peer = req.remotePeer().address();
            return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                    && inet.getAddress().isLoopbackAddress();
        }
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return false;
        }
        // Both sides hashed: equal lengths, so the comparison's time tells nothing about the token.
        return MessageDigest.isEqual(digest, sha256(header.substring(BEARER.length()).strip()));
    }

    /** {@code handler}, behind this check: 401 (token) or 403 (not loopback) in JSON otherwise. */
    public Handler guard(Handler handler) {
        return (req, res) -> {
            if (allows(req)) {
                handler.handle(req, res);
            } else {
                refuse(res);
            }
        };
    }

    /** The answer to a request {@link #allows} refused. */
    public void refuse(ServerResponse res) {
        String body;
        if (token != null) {
            res.status(Status.UNAUTHORIZED_401);
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gateway-admin\"");
            body = "{\"error\":{\"type\":\"authentication_error\",\"code\":\"admin_token_required\",\"message\":"
                    + "\"this is an admin endpoint: send the operator token (admin.token_env) as"
                    + " 'Authorization: Bearer <token>'\"}}";
        } else {
            res.status(Status.FORBIDDEN_403);
            body = "{\"error\":{\"type\":\"permission_error\",\"code\":\"admin_loopback_only\",\"message\":"
                    + "\"this is an admin endpoint and no operator token is configured (admin.token_env):"
                    + " it answers only loopback clients\"}}";
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            // Only literal addresses: a name is not resolved here.
            return (host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))
                    && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    @Override
    public String toString() {
        return token == null ? "AdminAccess[loopback only]" : "AdminAccess[token from " + variable + "]";
    }
}
