package io.llmgateway.common.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gateway's one configuration file. Every service reads the sections it needs; a bad file
 * fails at start with the path of the bad field.
 */
public record GatewayConfig(
        KafkaSettings kafka,
        TopicNames topics,
        IngressSettings ingress,
        RouterSettings router,
        CacheSettings cache,
        AccountingSettings accounting,
        Map<String, ProviderConfig> providers,
        Map<String, ModelConfig> models,
        Map<String, TenantConfig> tenants,
        MockProviderSettings mockProvider,
        PriceTable prices,
        ContentSafetySettings contentSafety,
        AdminSettings admin,
        ManagementSettings management,
        TracingSettings tracing) {

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("durations").addDeserializer(Duration.class, new DurationParser()))
            .build();

    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public GatewayConfig {
        kafka = kafka == null ? new KafkaSettings(null, 0, (short) 0, null) : kafka;
        topics = topics == null ? TopicNames.DEFAULTS : topics;
        ingress = ingress == null ? IngressSettings.DEFAULTS : ingress;
        router = router == null ? RouterSettings.DEFAULTS : router;
        cache = cache == null ? CacheSettings.DEFAULTS : cache;
        accounting = accounting == null ? AccountingSettings.DEFAULTS : accounting;
        providers = providers == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(providers));
        models = models == null ? Map.of() : Map.copyOf(models);
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        mockProvider = mockProvider == null ? MockProviderSettings.DEFAULTS : mockProvider;
        prices = prices == null ? PriceTable.EMPTY : prices;
        contentSafety = contentSafety == null ? ContentSafetySettings.DEFAULTS : contentSafety;
        admin = admin == null ? AdminSettings.DEFAULTS : admin;
        management = management == null ? ManagementSettings.DEFAULTS : management;
        tracing = tracing == null ? TracingSettings.DEFAULTS : tracing;
        checkBodyFitsARecord(ingress, kafka);
        checkReferences(providers, models, tenants);
        checkSafetyReferences(contentSafety, models, tenants);
        checkProviderLimits(providers, router.resilience());
    }

    /** A config with the default management port and tracing settings. */
    public GatewayConfig(KafkaSettings kafka, TopicNames topics, IngressSettings ingress, RouterSettings router,
                         CacheSettings cache, AccountingSettings accounting, Map<String, ProviderConfig> providers,
                         Map<String, ModelConfig> models, Map<String, TenantConfig> tenants,
                         MockProviderSettings mockProvider, PriceTable prices, ContentSafetySettings contentSafety,
                         AdminSettings admin) {
        this(kafka, topics, ingress, router, cache, accounting, providers, models, tenants, mockProvider, prices,
                contentSafety, admin, null, null);
    }

    /** A config with the default admin settings. */
    public GatewayConfig(KafkaSettings kafka, TopicNames topics, IngressSettings ingress, RouterSettings router,
                         CacheSettings cache, AccountingSettings accounting, Map<String, ProviderConfig> providers,
                         Map<String, ModelConfig> models, Map<String, TenantConfig> tenants,
                         MockProviderSettings mockProvider, PriceTable prices, ContentSafetySettings contentSafety) {
        this(kafka, topics, ingress, router, cache, accounting, providers, models, tenants, mockProvider, prices,
                contentSafety, null);
    }

    /** A config with the default content-safety settings. */
    public GatewayConfig(KafkaSettings kafka, TopicNames topics, IngressSettings ingress, RouterSettings router,
                         CacheSettings cache, AccountingSettings accounting, Map<String, ProviderConfig> providers,
                         Map<String, ModelConfig> models, Map<String, TenantConfig> tenants,
                         MockProviderSettings mockProvider, PriceTable prices) {
        this(kafka, topics, ingress, router, cache, accounting, providers, models, tenants, mockProvider, prices, null,
                null);
    }

    /** A config without a price list (every cost is zero and marked unpriced). */
    public GatewayConfig(KafkaSettings kafka, TopicNames topics, IngressSettings ingress, RouterSettings router,
                         CacheSettings cache, AccountingSettings accounting, Map<String, ProviderConfig> providers,
                         Map<String, ModelConfig> models, Map<String, TenantConfig> tenants,
                         MockProviderSettings mockProvider) {
        this(kafka, topics, ingress, router, cache, accounting, providers, models, tenants, mockProvider, null, null,
                null);
    }

    /** A body the ingress accepts must fit in the record it becomes: otherwise the producer refuses it. */
    private static void checkBodyFitsARecord(IngressSettings ingress, KafkaSettings kafka) {
        long most = (long) kafka.maxRecordBytes() - IngressSettings.RECORD_HEADROOM;
        if (ingress.maxBodyBytes() > most) {
            throw new ConfigException("ingress.max_body_bytes: " + ingress.maxBodyBytes() + " does not fit in one Kafka"
                    + " record: kafka.max_record_bytes is " + kafka.maxRecordBytes() + " and a request needs "
                    + IngressSettings.RECORD_HEADROOM + " bytes beside its body; lower ingress.max_body_bytes to at"
                    + " most " + most + " or raise kafka.max_record_bytes (and the broker's message.max.bytes)");
        }
    }

    private static void checkProviderLimits(Map<String, ProviderConfig> providers, ResilienceSettings resilience) {
        for (String provider : resilience.providerLimits().keySet()) {
            if (!provider.equals(ResilienceSettings.DEFAULT_PROVIDER) && !providers.containsKey(provider)) {
                throw new ConfigException("router.resilience.provider_limits." + provider + ": unknown provider '"
                        + provider + "' (known: " + providers.keySet() + ", or 'default')");
            }
        }
    }

    private static void checkSafetyReferences(ContentSafetySettings safety, Map<String, ModelConfig> models,
                                              Map<String, TenantConfig> tenants) {
        for (String model : safety.models().keySet()) {
            if (!models.containsKey(model)) {
                throw new ConfigException("content_safety.models." + model + ": unknown model '" + model + "'");
            }
        }
        safety.tenants().forEach((tenant, policy) -> {
            if (!tenants.containsKey(tenant)) {
                throw new ConfigException("content_safety.tenants." + tenant + ": unknown tenant '" + tenant + "'");
            }
            for (String model : policy.models().keySet()) {
                if (!models.containsKey(model)) {
                    throw new ConfigException("content_safety.tenants." + tenant + ".models." + model
                            + ": unknown model '" + model + "'");
                }
            }
        });
    }

    private static void checkReferences(Map<String, ProviderConfig> providers, Map<String, ModelConfig> models,
                                        Map<String, TenantConfig> tenants) {
        models.forEach((alias, model) -> {
            for (int i = 0; i < model.deployments().size(); i++) {
                String provider = model.deployments().get(i).provider();
                if (!providers.containsKey(provider)) {
                    throw new ConfigException("models." + alias + ".deployments[" + i + "].provider: unknown provider '"
                            + provider + "' (known: " + providers.keySet() + ")");
                }
            }
        });
        tenants.forEach((tenant, config) -> {
            if (!TENANT_ID.matcher(tenant).matches()) {
                throw new ConfigException("tenants." + tenant + ": a tenant id is 1-64 of A-Z, a-z, 0-9, '_' and '-'"
                        + " (it is part of topic names and prefixes)");
            }
            for (int i = 0; i < config.apiKeys().size(); i++) {
                String project = config.apiKeys().get(i).project();
                if (project != null && !config.projects().contains(project)) {
                    throw new ConfigException("tenants." + tenant + ".api_keys[" + i + "].project: unknown project '"
                            + project + "' (known: " + config.projects() + ")");
                }
            }
            for (String model : config.models()) {
                if (!models.containsKey(model)) {
                    throw new ConfigException("tenants." + tenant + ".models: unknown model '" + model + "'");
                }
            }
        });
    }

    public static GatewayConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + file + ": " + e.getMessage(), e);
        }
    }

    public static GatewayConfig parse(InputStream yaml, String source) {
        try {
            return YAML.readValue(yaml, GatewayConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(source + ": " + describe(e), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    /** "models.gpt-4o.deployments[0].weight: must be >= 0" rather than Jackson's own wording. */
    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        // the outermost of our own checks' exceptions: one that wraps another adds the field it is about
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof ConfigException || cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        String reason = cause != null ? cause.getMessage() : e.getOriginalMessage();
        return (path.isEmpty() ? "" : path + ": ") + reason;
    }

    public Optional<ModelConfig> model(String alias) {
        return Optional.ofNullable(models.get(alias));
    }

    public GatewayConfig withKafka(KafkaSettings newKafka) {
        return new GatewayConfig(newKafka, topics, ingress, router, cache, accounting, providers, models, tenants,
                mockProvider, prices, contentSafety, admin, management, tracing);
    }

    public GatewayConfig withIngress(IngressSettings newIngress) {
        return new GatewayConfig(kafka, topics, newIngress, router, cache, accounting, providers, models, tenants,
                mockProvider, prices, contentSafety, admin, management, tracing);
    }

    public GatewayConfig withRouter(RouterSettings newRouter) {
        return new GatewayConfig(kafka, topics, ingress, newRouter, cache, accounting, providers, models, tenants,
                mockProvider, prices, contentSafety, admin, management, tracing);
    }

    public GatewayConfig withModels(Map<String, ModelConfig> newModels) {
        return new GatewayConfig(kafka, topics, ingress, router, cache, accounting, providers, newModels, tenants,
                mockProvider, prices, contentSafety, admin, management, tracing);
    }

    public GatewayConfig withProviders(Map<String, ProviderConfig> newProviders) {
        return new GatewayConfig(kafka, topics, ingress, router, cache, accounting, newProviders, models, tenants,
                mockProvider, prices, contentSafety, admin, management, tracing);
    }

    public GatewayConfig withAccounting(AccountingSettings newAccounting) {
        return new GatewayConfig(kafka, topics, ingress, router, cache, newAccounting, providers, models, tenants,
                mockProvider, prices, contentSafety, admin, management, tracing);
    }

    public GatewayConfig withContentSafety(ContentSafetySettings newSafety) {
        return new GatewayConfig(kafka, topics, ingress, router, cache, accounting, providers, models, tenants,
                mockProvider, prices, newSafety, admin, management, tracing);
    }

    public GatewayConfig withAdmin(AdminSettings newAdmin) {
        return new GatewayConfig(kafka, topics, ingress, router, cache, accounting, providers, models, tenants,
                mockProvider, prices, contentSafety, newAdmin, management, tracing);
    }

    public GatewayConfig withTracing(TracingSettings newTracing) {
        return new GatewayConfig(kafka, topics, ingress, router, cache, accounting, providers, models, tenants,
                mockProvider, prices, contentSafety, admin, management, newTracing);
    }

    public GatewayConfig withMockProvider(MockProviderSettings newMock) {
        return new GatewayConfig(kafka, topics, ingress, router, cache, accounting, providers, models, tenants,
                newMock, prices, contentSafety, admin, management, tracing);
    }

    public GatewayConfig withCache(CacheSettings newCache) {
        return new GatewayConfig(kafka, topics, ingress, router, newCache, accounting, providers, models, tenants,
                mockProvider, prices, contentSafety, admin, management, tracing);
    }

    public GatewayConfig withManagement(ManagementSettings newManagement) {
        return new GatewayConfig(kafka, topics, ingress, router, cache, accounting, providers, models, tenants,
                mockProvider, prices, contentSafety, admin, newManagement, tracing);
    }
}
