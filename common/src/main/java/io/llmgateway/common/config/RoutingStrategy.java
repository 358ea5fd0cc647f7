package io.llmgateway.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a router picks among the healthy deployments of one priority group. */
public enum RoutingStrategy {
    /** Random, in proportion to each deployment's weight. */
    @JsonProperty("weighted") WEIGHTED,
    /** The deployment with the fewest calls in flight from this worker; weight breaks ties. */
    @JsonProperty("least_busy") LEAST_BUSY,
    /** The deployment with the lowest recent time to first token seen by this worker; untried ones first. */
    @JsonProperty("lowest_latency") LOWEST_LATENCY
}
