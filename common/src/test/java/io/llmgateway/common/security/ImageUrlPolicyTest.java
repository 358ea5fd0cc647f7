package io.llmgateway.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImageUrlPolicyTest {

    /** A resolver with a few names of its own; any other name does not resolve. */
    private static final ImageUrlPolicy POLICY = new ImageUrlPolicy(host -> {
        Map<String, String[]> names = Map.of(
                "images.example", new String[] {"93.184.215.14"},
                "internal.example", new String[] {"10.20.30.40"},
                "metadata.example", new String[] {"169.254.169.254"},
                // One public address and one private: the fetcher may pick either.
                "split.example", new String[] {"93.184.215.14", "192.168.1.10"},
                "v6.example", new String[] {"::1"});
        String[] addresses = names.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    });

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/cat.png",
            "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/cat.png",
            "https://10.0.0.5/cat.png",
            "https://172.16.3.4/cat.png",
            "https://192.168.0.1/cat.png",
            "https://0.0.0.0/cat.png",
            "https://[::]/cat.png",
            "https://224.0.0.1/cat.png",
            "https://100.64.0.1/cat.png",
            "https://255.255.255.255/cat.png",
            "https://[fe80::1]/cat.png",
            "https://[fd12:3456::1]/cat.png",
            "https://[ff02::1]/cat.png",
            "https://[::ffff:127.0.0.1]/cat.png",
            "https://[::ffff:a9fe:a9fe]/cat.png",
            "https://[::127.0.0.1]/cat.png",
            "https://[64:ff9b::a9fe:a9fe]/cat.png",
            "https://[2002:7f00:1::]/cat.png",
            "https://internal.example/cat.png",
            "https://metadata.example/latest/meta-data/",
            "https://split.example/cat.png",
            "https://v6.example/cat.png",
            "https://INTERNAL.example./cat.png",
    })
    void internalAddressesAreRefusedHoweverWritten(String url) {
        assertThat(POLICY.refusal(url)).get().asString().contains("private, loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://2130706433/cat.png",
            "https://0x7f000001/cat.png",
            "https://0177.0.0.1/cat.png",
            "https://0x7f.0.0.1/cat.png",
            "https://127.1/cat.png",
            "https://127.000.000.001/cat.png",
    })
    void numericHostsOtherThanAPlainDottedQuadAreRefused(String url) {
        // Some of these java.net.URI does not even take for a host name; refused either way.
        assertThat(POLICY.refusal(url)).isPresent();
    }

    @Test
    void theSystemResolverSeesThroughLocalhost() {
        assertThat(ImageUrlPolicy.SYSTEM.refusal("https://localhost/cat.png")).get().asString()
                .contains("private, loopback");
    }

    @Test
    void onlyHttpsWithoutCredentialsToAResolvableHostPasses() {
        assertThat(POLICY.refusal("https://images.example/cat.png")).isEmpty();
        assertThat(POLICY.refusal("https://93.184.215.14/cat.png")).isEmpty();
        assertThat(POLICY.refusal("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/cat.png")).isEmpty();

        assertThat(POLICY.refusal("http://images.example/cat.png")).get().asString().contains("https");
        assertThat(POLICY.refusal("ftp://images.example/cat.png")).get().asString().contains("https");
        assertThat(POLICY.refusal("https://images.example@127.0.0.1/")).get().asString().contains("credentials");
        assertThat(POLICY.refusal("https://nowhere.example/cat.png")).get().asString().contains("does not resolve");
        assertThat(POLICY.refusal("https://exa mple/")).get().asString().contains("not a valid URL");
        assertThat(POLICY.refusal("https:///cat.png")).get().asString().contains("no host");
    }
}
