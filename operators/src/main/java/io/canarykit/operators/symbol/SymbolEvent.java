package io.canarykit.operators.symbol;

import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import java.util.Comparator;
import java.util.Objects;

/**
 * One input of the per-symbol operator: exactly one of a quote, a feature vector or an order event.
 * A record of POJO-typed fields, so Flink serializes it without Kryo.
 */
public record SymbolEvent(long ts, String symbol, MarketQuote quote, FeatureVector features, OrderEvent order) {

    /** Exactly one record, whose time and symbol are the event's: what its wire form relies on. */
    public SymbolEvent {
        int records = (quote != null ? 1 : 0) + (features != null ? 1 : 0) + (order != null ? 1 : 0);
        if (records != 1) {
            throw new IllegalArgumentException("a symbol event carries exactly one record, not " + records);
        }
        long recordTs = quote != null ? quote.ts() : features != null ? features.ts() : order.ts();
        String recordSymbol = quote != null ? quote.symbol() : features != null ? features.symbol() : order.symbol();
        if (ts != recordTs || !Objects.equals(symbol, recordSymbol)) {
            throw new IllegalArgumentException("a symbol event's ts and symbol are its record's");
        }
    }

    public static SymbolEvent of(MarketQuote q) {
        return new SymbolEvent(q.ts(), q.symbol(), q, null, null);
    }

    public static SymbolEvent of(FeatureVector f) {
        return new SymbolEvent(f.ts(), f.symbol(), null, f, null);
    }

    public static SymbolEvent of(OrderEvent o) {
        return new SymbolEvent(o.ts(), o.symbol(), null, null, o);
    }

    /**
     * The order in which events of one timestamp are applied, whatever order they arrived in: by
     * {@link #applyRank()}, then by content, so every run applies them alike.
     */
    public static final Comparator<SymbolEvent> APPLY_ORDER =
            Comparator.comparingInt(SymbolEvent::applyRank).thenComparing(SymbolEvent::contentKey);

    /**
     * Rank of this event among events of the same timestamp: quotes first (so fills see the price of
     * their instant), then order events in lifecycle order, then features.
     */
    public int applyRank() {
        if (quote != null) {
            return quote.feed().ordinal();
        }
        if (order != null) {
            return 10 + order.event().ordinal();
        }
        return 100;
    }

    private String contentKey() {
        if (quote != null) {
            return quote.bid() + "/" + quote.ask();
        }
        if (order != null) {
            return order.dedupKey();
        }
        return features.modelId() + features.features();
    }
}
