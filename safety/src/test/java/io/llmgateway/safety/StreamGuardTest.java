package io.llmgateway.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.ContentSafetySettings;
import io.llmgateway.common.config.SafetyPolicy;
import io.llmgateway.safety.detect.BlocklistDetector;
import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamGuardTest {

    private static final String AWS_KEY = "AKIA" + "QX3VZ7T2MB5KJ4WD";
    private static final String OPENAI_KEY = "sk-proj-" + "Zq8R2nV6xT4mB1cW9yH3kL7pD5fG0sJaE2uQ6iO8rX4vN1zK3";
    private static final String CARD = "5425 2334 3010 9903";

    private static FilterChain chain(String... blockWords) {
        List<Detector> detectors = new ArrayList<>(ContentFilters.builtInDetectors(
                ContentSafetySettings.DEFAULT_PHONE_REGIONS));
        detectors.add(new BlocklistDetector(List.of(blockWords), List.of()));
        return new FilterChain(detectors, SafetyPolicy.DEFAULT);
    }

    private static String stream(StreamGuard guard, String... pieces) {
        StringBuilder out = new StringBuilder();
        for (String piece : pieces) {
            out.append(guard.accept(piece));
        }
        return out.append(guard.finish()).toString();
    }

    private static String filler(int chars) {
        return "The quick brown fox jumps over the lazy dog. ".repeat(chars / 45 + 1).substring(0, chars);
    }

    @Test
    void aSecretSplitAcrossTwoChunksIsRedacted() {
        String out = stream(new StreamGuard(chain(), 64), filler(300) + " key " + AWS_KEY.substring(0, 9),
                AWS_KEY.substring(9) + " done. " + filler(200));

        assertThat(out).doesNotContain(AWS_KEY).doesNotContain(AWS_KEY.substring(0, 9)).contains("key [redacted:secret] done.");
    }

    @Test
    void aSecretSplitAcrossThreeChunksIsRedacted() {
        String out = stream(new StreamGuard(chain(), 64), filler(500) + " use " + OPENAI_KEY.substring(0, 5),
                OPENAI_KEY.substring(5, 30), OPENAI_KEY.substring(30) + " now");

        assertThat(out).doesNotContain(OPENAI_KEY.substring(8, 20)).endsWith("use [redacted:secret] now");
    }

    @Test
    void aCardSplitTokenByTokenIsRedacted() {
        StreamGuard guard = new StreamGuard(chain(), 32);
        List<String> pieces = new ArrayList<>(List.of(filler(100), " card "));
        for (String group : CARD.split(" ")) {
            pieces.add(group);
            pieces.add(" ");
        }
        pieces.add("thanks " + filler(100));

        String out = stream(guard, pieces.toArray(String[]::new));

        assertThat(out.replaceAll("[\\s-]", "")).doesNotContain(CARD.replace(" ", ""));
        assertThat(out).contains("card [redacted:card] thanks");
        assertThat(guard.results()).contains(new FilterResult(FilterResult.Stage.OUTPUT, SafetyCategory.CARD,
                SafetyAction.REDACT, 1));
    }

    @Test
    void onlyTheHoldBackWindowWaits() {
        StreamGuard guard = new StreamGuard(chain(), 64);

        String first = guard.accept(filler(200));

        assertThat(first.length()).isBetween(200 - 64 - 10, 200 - 64);
        assertThat(first + guard.finish()).isEqualTo(filler(200));
    }

    @Test
    void aBlockedWordStopsTheAnswerEvenWhenSplit() {
        StreamGuard guard = new StreamGuard(chain("project bluebird"), 64);

        String out = stream(guard, filler(100), " the proj", "ect blue", "bird plan is ", filler(300));

        assertThat(guard.blocked()).isTrue();
        assertThat(guard.blockedBy()).isEqualTo(SafetyCategory.BLOCKLIST);
        assertThat(out).doesNotContain("bluebird");
    }

    @Test
    void aPrivateKeyBlockIsHeldUntilItEnds() {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n".repeat(12)
                + "-----END PRIVATE KEY-----";
        List<String> pieces = new ArrayList<>(List.of(filler(80), "\n"));
        for (int i = 0; i < pem.length(); i += 40) {
            pieces.add(pem.substring(i, Math.min(pem.length(), i + 40)));
        }
        pieces.add("\n" + filler(80));

        String out = stream(new StreamGuard(chain(), 64), pieces.toArray(String[]::new));

        assertThat(out).doesNotContain("MIIEvQIBADANBg").contains("[redacted:secret]");
    }

    @Test
    void withNothingToLookForTextPassesAtOnce() {
        StreamGuard guard = new StreamGuard(new FilterChain(List.of(), SafetyPolicy.DEFAULT), 64);
        assertThat(guard.accept("hi")).isEqualTo("hi");
    }
}
