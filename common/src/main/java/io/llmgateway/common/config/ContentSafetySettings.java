package io.llmgateway.common.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code content_safety} section: which categories the gateway detects in prompts (at the
 * ingress, before anything is written to Kafka) and answers (in the router, before the reply
 * topic and the cache), and what it does with each, per tenant and per model.
 *
 * @param enabled false: no filter runs anywhere
 * @param policy the gateway's default actions, over {@link SafetyPolicy#DEFAULT}
 * @param models per model alias, over {@code policy}
 * @param tenants per tenant, over the model's
 * @param phoneRegions regions (ISO 3166 codes) where a national phone number with a trunk 0 is
 *     tried; international and North American numbers are found whatever this says
 * @param outputHoldBackChars how many characters of a streamed answer the router holds back so a
 *     secret split across chunks is still seen whole; 0 turns output filtering off
 */
public record ContentSafetySettings(Boolean enabled, SafetyPolicy policy, Map<String, SafetyPolicy> models,
                                    Map<String, SafetyTenantPolicy> tenants, List<String> phoneRegions,
                                    Integer outputHoldBackChars) {

    public static final List<String> DEFAULT_PHONE_REGIONS = List.of("GB", "DE", "FR", "IN", "IT", "ES", "NL", "AU",
            "CH", "AT", "BE", "IE", "SE", "PL", "BR", "JP");
    public static final int DEFAULT_HOLD_BACK = 128;

    public static final ContentSafetySettings DEFAULTS = new ContentSafetySettings(null, null, null, null, null, null);

    public ContentSafetySettings {
        enabled = enabled == null || enabled;
        policy = policy == null ? SafetyPolicy.DEFAULT : policy.over(SafetyPolicy.DEFAULT);
        models = models == null ? Map.of() : Map.copyOf(models);
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        phoneRegions = phoneRegions == null ? DEFAULT_PHONE_REGIONS : List.copyOf(phoneRegions);
        for (int i = 0; i < phoneRegions.size(); i++) {
            if (!phoneRegions.get(i).matches("[A-Z]{2}")) {
                throw new IllegalArgumentException("phone_regions[" + i + "]: '" + phoneRegions.get(i)
                        + "' is not an ISO 3166 region code (two capital letters)");
            }
        }
        outputHoldBackChars = outputHoldBackChars == null ? DEFAULT_HOLD_BACK : outputHoldBackChars;
        if (outputHoldBackChars < 0 || outputHoldBackChars > 65536) {
            throw new IllegalArgumentException("output_hold_back_chars must be within 0..65536, was "
                    + outputHoldBackChars);
        }
    }

    /** The actions for one tenant and model: tenant's model policy, tenant, model, gateway default. */
    public SafetyPolicy policyFor(String tenant, String model) {
        SafetyPolicy resolved = models.getOrDefault(model, SafetyPolicy.EMPTY).over(policy);
        SafetyTenantPolicy t = tenants.get(tenant);
        if (t != null) {
            resolved = t.models().getOrDefault(model, SafetyPolicy.EMPTY).over(t.policy().over(resolved));
        }
        return resolved;
    }
}
