package io.llmgateway.common.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The price list accounting charges with.
 *
 * @param asOf the date the prices were taken from the providers' list; every cost record names it
 * @param models model name (the provider's, or an alias) to its price
 */
public record PriceTable(String asOf, String source, Map<String, ModelPrice> models) {

    public static final PriceTable EMPTY = new PriceTable(null, null, null);

    /** "gpt-4o-mini-2024-07-18" is priced as "gpt-4o-mini": providers answer with dated snapshots. */
    private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");

    public PriceTable {
        if (asOf != null) {
            try {
                LocalDate.parse(asOf);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("as_of must be a date like 2026-08-21, was '" + asOf + "'");
            }
        }
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    /** The price of a model name as a provider reports it: exactly, or without its date suffix. */
    public Optional<ModelPrice> find(String model) {
        if (model == null) {
            return Optional.empty();
        }
        ModelPrice exact = models.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        String undated = DATE_SUFFIX.matcher(model).replaceFirst("");
        return Optional.ofNullable(models.get(undated));
    }

    /** The label cost records carry: the list's date, or "unpriced" when the config gives none. */
    public String label() {
        return asOf == null ? "unpriced" : asOf;
    }
}
