package io.llmgateway.safety;

import io.llmgateway.schemas.SafetyCategory;
import java.util.List;

/**
 * The filter SPI: finds one category of content in a text and reports where, never what. A
 * detector is stateless and thread-safe; policy (log, redact, block) is not its business.
 */
public interface Detector {

    SafetyCategory category();

    /** Adds a span to {@code found} for each finding in {@code text}. */
    void find(String text, List<Span> found);
}
