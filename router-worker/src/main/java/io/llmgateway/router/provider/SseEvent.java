package io.llmgateway.router.provider;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field; null when the event had none (OpenAI, Gemini)
 * @param data the {@code data:} lines, joined by newlines
 */
public record SseEvent(String event, String data) {}
