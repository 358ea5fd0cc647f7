package io.llmgateway.common.logging;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void textJsonAndUnsetAreFormats() {
        assertThatCode(() -> LogFormat.check(null)).doesNotThrowAnyException();
        assertThatCode(() -> LogFormat.check("text")).doesNotThrowAnyException();
        assertThatCode(() -> LogFormat.check("json")).doesNotThrowAnyException();
    }

    @Test
    void anythingElseStopsTheServiceNamingTheVariable() {
        assertThatThrownBy(() -> LogFormat.check("xml"))
                .hasMessage("GATEWAY_LOG_FORMAT: unknown log format 'xml'; use text or json");
        assertThatThrownBy(() -> LogFormat.check("JSON")).hasMessageContaining("(lower case)");
    }
}
