package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A quote from one of a symbol's two price feeds, on {@code kit.market}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MarketQuote(
        @JsonProperty("ts") long ts,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("feed") Feed feed,
        @JsonProperty("bid") double bid,
        @JsonProperty("ask") double ask,
        @JsonProperty("bid_size") Double bidSize,
        @JsonProperty("ask_size") Double askSize) {

    /** The mid price, {@code (bid + ask) / 2}. */
    @JsonIgnore
    public double mid() {
        return (bid + ask) / 2.0;
    }
}
