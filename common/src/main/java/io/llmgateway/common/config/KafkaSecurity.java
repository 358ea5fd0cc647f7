package io.llmgateway.common.config;

import io.llmgateway.common.security.Secrets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How every Kafka client of the gateway (producers, consumers, Streams, admin) authenticates and
 * encrypts: {@code kafka.security}. Secrets are named by environment variable, never written here.
 *
 * @param protocol PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism with SASL: SCRAM-SHA-512 (default), SCRAM-SHA-256 or PLAIN
 * @param username with SASL: the principal's name
 * @param passwordEnv with SASL: the variable holding its password
 * @param truststore with SSL: the CA certificates (PEM, PKCS12 or JKS, by the file's ending); unset: the JVM's
 * @param truststorePasswordEnv the truststore's password (not for PEM)
 * @param keystore with SSL: this client's certificate and key, for mutual TLS
 * @param keystorePasswordEnv the keystore's password
 * @param keyPasswordEnv the private key's password, where it has its own
 */
public record KafkaSecurity(String protocol, String saslMechanism, String username, String passwordEnv,
                            String truststore, String truststorePasswordEnv, String keystore,
                            String keystorePasswordEnv, String keyPasswordEnv) {

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    public static final KafkaSecurity PLAINTEXT = new KafkaSecurity(null, null, null, null, null, null, null, null,
            null);

    public KafkaSecurity {
        protocol = protocol == null || protocol.isBlank() ? "PLAINTEXT" : protocol.toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol must be one of " + PROTOCOLS + ", was '" + protocol + "'");
        }
        if (sasl(protocol)) {
            saslMechanism = saslMechanism == null || saslMechanism.isBlank() ? "SCRAM-SHA-512"
                    : saslMechanism.toUpperCase(Locale.ROOT);
            if (!MECHANISMS.contains(saslMechanism)) {
                throw new IllegalArgumentException("sasl_mechanism must be one of " + MECHANISMS + ", was '"
                        + saslMechanism + "'");
            }
            if (username == null || username.isBlank() || passwordEnv == null || passwordEnv.isBlank()) {
                throw new IllegalArgumentException("protocol " + protocol + " needs username and password_env");
            }
        } else if (saslMechanism != null || username != null || passwordEnv != null) {
            throw new IllegalArgumentException("sasl_mechanism, username and password_env need protocol SASL_SSL or "
                    + "SASL_PLAINTEXT, protocol is " + protocol);
        }
        if (!tls(protocol) && (truststore != null || keystore != null)) {
            throw new IllegalArgumentException("truststore and keystore need protocol SSL or SASL_SSL, protocol is "
                    + protocol);
        }
    }

    /**
     * The same settings as another principal: one config file for every service, each service's
     * own user (a service's {@code KAFKA_USERNAME}, or a test giving each service its own).
     */
    public KafkaSecurity withUsername(String newUsername) {
        return new KafkaSecurity(protocol, saslMechanism, newUsername, passwordEnv, truststore, truststorePasswordEnv,
                keystore, keystorePasswordEnv, keyPasswordEnv);
    }

    private static boolean sasl(String protocol) {
        return protocol.startsWith("SASL_");
    }

    private static boolean tls(String protocol) {
        return protocol.endsWith("SSL");
    }

    /**
     * The client properties, with the secrets read from {@code secrets}.
     *
     * @throws ConfigException naming the field of a variable that is not set
     */
    public Map<String, Object> clientProperties(Secrets secrets) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (sasl(protocol)) {
            String password = secrets.require("kafka.security.password_env", passwordEnv, 1);
            String module = saslMechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            props.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
            // A PASSWORD-type setting: Kafka prints it as [hidden].
            props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaasQuoted(username)
                    + "\" password=\"" + jaasQuoted(password) + "\";");
        }
        if (tls(protocol)) {
            if (truststore != null) {
                props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore);
                props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, storeType(truststore));
                putSecret(props, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "truststore_password_env",
                        truststorePasswordEnv, secrets);
            }
            if (keystore != null) {
                props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore);
                props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, storeType(keystore));
                putSecret(props, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, "keystore_password_env",
                        keystorePasswordEnv, secrets);
                putSecret(props, SslConfigs.SSL_KEY_PASSWORD_CONFIG, "key_password_env", keyPasswordEnv, secrets);
            }
        }
        return props;
    }

    private static void putSecret(Map<String, Object> props, String key, String field, String variable,
                                  Secrets secrets) {
        if (variable != null && !variable.isBlank()) {
            props.put(key, secrets.require("kafka.security." + field, variable, 1));
        }
    }

    private static String storeType(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pem") || lower.endsWith(".crt")) {
            return "PEM";
        }
        return lower.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    /** JAAS quotes: a backslash or a double quote in a name or password is escaped. */
    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        // The record holds no secret, only variable names; said here so nobody adds one.
        return "KafkaSecurity[protocol=" + protocol + ", sasl_mechanism=" + saslMechanism + ", username=" + username
                + ", password_env=" + passwordEnv + ", truststore=" + truststore + ", keystore=" + keystore + "]";
    }
}
