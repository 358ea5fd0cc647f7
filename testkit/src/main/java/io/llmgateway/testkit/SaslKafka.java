package io.llmgateway.testkit;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secured Kafka broker for one test class, in this JVM:
 * <pre>{@code @RegisterExtension static final SaslKafka KAFKA = new SaslKafka();}</pre>
 * Its client listener is SASL_PLAINTEXT and takes SCRAM-SHA-512, the mechanism the gateway's
 * services use, and every request goes through KRaft's {@code StandardAuthorizer} with
 * {@code allow.everyone.if.no.acl.found=false}: a principal may do only what an ACL allows.
 * Users and ACLs are made the way an operator makes them, through the Admin API
 * ({@link #createScramUser}, {@link #allow}), as the kit's super user.
 *
 * <p>Always the in-JVM broker (Kafka's {@code KafkaClusterTestKit}), Docker or not: the kit
 * sets the listener, the authorizer and a JAAS file up itself.
 */
public final class SaslKafka implements BeforeAllCallback, AfterAllCallback {

    private static final Logger log = LoggerFactory.getLogger(SaslKafka.class);

    /** What the gateway's clients authenticate with. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /**
     * The kit's super user: it writes a JAAS file with this PLAIN user and makes it the only
     * entry of {@code super.users}, which is why PLAIN stays enabled next to SCRAM.
     */
    private static final String SUPER_USER = "plain-admin";
    private static final String SUPER_USER_PASSWORD = "plain-admin-secret";

    private EmbeddedKafka kafka;

    /** The listener's mechanisms; the kit itself sets the protocol, the authorizer and the super user. */
    static void configureBroker(KafkaClusterTestKit.Builder builder) {
        builder.setConfigProp("sasl.enabled.mechanisms", "PLAIN," + MECHANISM);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = EmbeddedKafka.startWithSasl();
        log.info("{}: real Kafka broker is the in-JVM KRaft broker with a SASL_PLAINTEXT ({}) listener and ACLs at {}",
                context.getDisplayName(), MECHANISM, kafka.bootstrapServers());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
        }
    }

    public String bootstrapServers() {
        if (kafka == null) {
            throw new IllegalStateException("the broker starts in beforeAll: register this extension as a static field");
        }
        return kafka.bootstrapServers();
    }

    /** Client settings of a SCRAM user (bootstrap servers included). */
    public Map<String, Object> clientOf(String user, String password) {
        return client(MECHANISM, "org.apache.kafka.common.security.scram.ScramLoginModule", user, password);
    }

    /** Client settings of the super user, whom ACLs do not bind: for setting a test up and checking it. */
    public Map<String, Object> superUserClient() {
        return client("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", SUPER_USER,
                SUPER_USER_PASSWORD);
    }

    public Admin superUserAdmin() {
        return Admin.create(superUserClient());
    }

    private Map<String, Object> client(String mechanism, String loginModule, String user, String password) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, mechanism,
                SaslConfigs.SASL_JAAS_CONFIG, loginModule + " required username=\"" + user + "\" password=\""
                        + password + "\";");
    }

    /** Creates (or resets) a SCRAM-SHA-512 user, as {@code kafka-configs --alter --entity-type users} does. */
    public void createScramUser(String user, String password) {
        try (Admin admin = superUserAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create SCRAM user " + user, e.getCause());
        }
    }

    /** Adds ACLs, as {@code kafka-acls --add} does. */
    public void allow(Collection<AclBinding> acls) {
        try (Admin admin = superUserAdmin()) {
            admin.createAcls(acls).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create ACLs " + acls, e.getCause());
        }
    }
}
