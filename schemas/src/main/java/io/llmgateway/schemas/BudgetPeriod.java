package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The calendar period a budget covers. */
public enum BudgetPeriod {
    @JsonProperty("daily") DAILY,
    @JsonProperty("monthly") MONTHLY
}
