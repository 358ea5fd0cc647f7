package io.llmgateway.safety.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.safety.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretDetectorTest {

    private static final SecretDetector SECRETS = new SecretDetector();

    private static List<String> found(String text) {
        List<Span> spans = new ArrayList<>();
        SECRETS.find(text, spans);
        return spans.stream().map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void llmAndCloudVendorsKeysAreFoundByTheirDocumentedPrefixes() {
        List<String> keys = List.of(
                "gsk_" + "q7Vw2mXr9TzL4kPb8NcY3hJd6FsG1aQe5RuW0oIt2ZxCv",
                "xai-" + "Fq3Wz8Lk2Rv7Tn4Xp9Bm6Hc1Jd5Gs0Ya3Ue8Io2Pl7Kj4Mn9Bv6Cx1Zq5Wr8Te3Yu",
                "r8_" + "Gm4Tq8Vz2Xk7Rp3Wn9Ld6Hs1Jf5Bc0Ya2Ue7Io",
                "pplx-" + "Vb7Nm2Qw9Er4Ty6Ui1Op3As8Df5Gh0Jk2Lz7Xc9Vb4Nm6Qw",
                "SG." + "Hq4Wz7Lk2Rv9Tn3Xp8Bm6H" + "." + "c1Jd5Gs0Ya3Ue8Io2Pl7Kj4Mn9Bv6Cx1Zq5Wr8Te3Yu",
                "npm_" + "Xq3Wz8Lk2Rv7Tn4Xp9Bm6Hc1Jd5Gs0Ya3Ue8",
                "dop_v1_" + "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a",
                "ya29." + "a0AfH6SMBx7Kq2Vz9Lw4Rt8Np3Jm6Hd1Gs5Fa0Ye");
        for (String key : keys) {
            assertThat(found("use " + key + " here")).as(key.substring(0, 5)).containsExactly(key);
        }
    }

    @Test
    void placeholdersAndReferencesAreNotSecrets() {
        assertThat(found("OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).isEmpty();
        assertThat(found("api_key: YOUR_API_KEY")).isEmpty();
        assertThat(found("password = os.environ[\"DB_PASSWORD\"]")).isEmpty();
        assertThat(found("token: ${{ secrets.GITHUB_TOKEN }}")).isEmpty();
        assertThat(found("let token = req.headers.authorization;")).isEmpty();
    }

    @Test
    void aPasswordInAConnectionUrlIsTheSecretNotTheUrl() {
        assertThat(found("DATABASE_URL=postgres://app:Pq7wZ2xR9vL4@db.internal:5432/orders"))
                .contains("Pq7wZ2xR9vL4");
    }
}
