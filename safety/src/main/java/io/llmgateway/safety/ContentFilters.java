package io.llmgateway.safety;

import io.llmgateway.common.config.ContentSafetySettings;
import io.llmgateway.common.config.SafetyTenantPolicy;
import io.llmgateway.safety.detect.BlocklistDetector;
import io.llmgateway.safety.detect.CardDetector;
import io.llmgateway.safety.detect.EmailDetector;
import io.llmgateway.safety.detect.IbanDetector;
import io.llmgateway.safety.detect.IpAddressDetector;
import io.llmgateway.safety.detect.NationalIdDetector;
import io.llmgateway.safety.detect.PhoneDetector;
import io.llmgateway.safety.detect.PromptInjectionDetector;
import io.llmgateway.safety.detect.SecretDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every service's entry to content safety: built once from the config's {@code content_safety}
 * section, it hands out the {@link FilterChain} of a tenant and model (built on first use, then
 * kept). The built-in detectors are shared; a tenant's block list is its own.
 */
public final class ContentFilters {

    private final ContentSafetySettings settings;
    private final List<Detector> builtIn;
    private final Map<String, BlocklistDetector> blocklists = new ConcurrentHashMap<>();
    private final Map<String, FilterChain> chains = new ConcurrentHashMap<>();

    public ContentFilters(ContentSafetySettings settings) {
        this.settings = settings;
        this.builtIn = builtInDetectors(settings.phoneRegions());
    }

    /** The built-in detectors, cheapest first. */
    public static List<Detector> builtInDetectors(List<String> phoneRegions) {
        return List.of(new SecretDetector(), new EmailDetector(), new CardDetector(), new IbanDetector(),
                new NationalIdDetector(), new IpAddressDetector(), new PhoneDetector(phoneRegions),
                new PromptInjectionDetector());
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public int holdBackChars() {
        return settings.outputHoldBackChars();
    }

    /** The chain for a tenant and a model alias; an empty one when content safety is off. */
    public FilterChain chainFor(String tenant, String model) {
        if (!settings.enabled()) {
            return new FilterChain(List.of(), settings.policy());
        }
        return chains.computeIfAbsent(tenant + '\u0000' + model, key -> {
            List<Detector> detectors = new ArrayList<>(builtIn);
            BlocklistDetector blocklist = blocklists.computeIfAbsent(tenant, this::blocklistOf);
            if (!blocklist.isEmpty()) {
                detectors.add(0, blocklist);
            }
            return new FilterChain(detectors, settings.policyFor(tenant, model));
        });
    }

    /** The chain for answers: the same as for prompts, empty when output filtering is off (hold-back 0). */
    public FilterChain outputChainFor(String tenant, String model) {
        return settings.outputHoldBackChars() == 0 ? new FilterChain(List.of(), settings.policy())
                : chainFor(tenant, model);
    }

    private BlocklistDetector blocklistOf(String tenant) {
        SafetyTenantPolicy policy = settings.tenants().get(tenant);
        return policy == null ? new BlocklistDetector(List.of(), List.of())
                : new BlocklistDetector(policy.blockWords(), SafetyTenantPolicy.compiled(policy.blockPatterns()));
    }
}
