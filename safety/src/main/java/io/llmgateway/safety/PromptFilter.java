package io.llmgateway.safety;

import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.ContentPart;
import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Filters a request's prompt: every text part of every message (system, user, assistant turns and
 * tool results) through the tenant's and model's chain. Images and tool-call arguments pass as
 * they are.
 */
public final class PromptFilter {

    /**
     * What the filter made of a request.
     *
     * @param request the request to publish: messages redacted, {@code input_filters} set
     * @param blockedBy the category that refuses the request; null when it may go on
     * @param results counts per category and action, never the text
     */
    public record Outcome(GatewayRequest request, SafetyCategory blockedBy, List<FilterResult> results) {

        public Outcome {
            results = List.copyOf(results);
        }

        public boolean blocked() {
            return blockedBy != null;
        }
    }

    private final ContentFilters filters;

    public PromptFilter(ContentFilters filters) {
        this.filters = filters;
    }

    public Outcome filter(GatewayRequest request) {
        FilterChain chain = filters.chainFor(request.tenantId(), request.model());
        if (chain.isEmpty()) {
            return new Outcome(request, null, List.of());
        }
        Map<SafetyCategory, Integer> counts = new EnumMap<>(SafetyCategory.class);
        Map<SafetyCategory, SafetyAction> actions = new EnumMap<>(SafetyCategory.class);
        SafetyCategory blockedBy = null;
        boolean changed = false;
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatMessage message : request.messages()) {
            List<ContentPart> parts = new ArrayList<>(message.content().size());
            boolean messageChanged = false;
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Text text) {
                    Verdict verdict = chain.inspect(text.text());
                    verdict.counts().forEach((category, n) -> counts.merge(category, n, Integer::sum));
                    actions.putAll(verdict.actions());
                    if (verdict.blocked() && (blockedBy == null || verdict.blockedBy().compareTo(blockedBy) < 0)) {
                        blockedBy = verdict.blockedBy();
                    }
                    if (verdict.decision() == Verdict.Decision.REDACT) {
                        parts.add(ContentPart.text(verdict.text()));
                        messageChanged = true;
                        continue;
                    }
                }
                parts.add(part);
            }
            messages.add(messageChanged ? new ChatMessage(message.role(), parts, message.toolCalls(),
                    message.toolCallId()) : message);
            changed |= messageChanged;
        }
        List<FilterResult> results = counts.entrySet().stream()
                .map(e -> new FilterResult(FilterResult.Stage.INPUT, e.getKey(), actions.get(e.getKey()), e.getValue()))
                .toList();
        if (blockedBy != null) {
            return new Outcome(request, blockedBy, results);
        }
        return new Outcome(results.isEmpty() && !changed ? request
                : request.withFilteredMessages(changed ? messages : request.messages(), results), null, results);
    }
}
