package io.canarykit.cli.bench;

import io.canarykit.cli.demo.desk.ProfileSampler;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.Topics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The live load's input, one record at a time, in the mix: of every 20 records per symbol,
 * 7 primary quotes, 7 reference quotes, 2 feature vectors of the champion, 2 of the challenger and 2
 * order events (placed, acked, fill, in turn). Symbols take turns, so each symbol sees the whole mix
 * every 20 rounds. A probe symbol's primary feed belongs to the prober, so its primary turns carry
 * reference quotes instead.
 */
final class LoadMix {

    /** What one turn of the cycle sends. */
    enum Kind { PRIMARY, REFERENCE, CHAMPION, CHALLENGER, ORDER }

    /** The cycle of 20 turns: quotes spread through it, features and orders between them. */
    static final List<Kind> CYCLE = List.of(
            Kind.PRIMARY, Kind.REFERENCE, Kind.CHAMPION, Kind.PRIMARY, Kind.REFERENCE,
            Kind.CHALLENGER, Kind.PRIMARY, Kind.REFERENCE, Kind.ORDER, Kind.PRIMARY,
            Kind.REFERENCE, Kind.CHAMPION, Kind.PRIMARY, Kind.REFERENCE, Kind.CHALLENGER,
            Kind.PRIMARY, Kind.REFERENCE, Kind.ORDER, Kind.PRIMARY, Kind.REFERENCE);

    /** Where every symbol's mid starts; a probe symbol's stays there, so the prober knows it. */
    static final double START_MID = 100.0;
    private static final double HALF_SPREAD = 0.5e-4;
    /** Reference feed noise: a fraction of a basis point, far inside the 5 bps dislocation limit. */
    private static final double REFERENCE_NOISE = 0.3e-4;
    private static final double WALK_PER_QUOTE = 1e-5;
    private static final double PLACE_MS = 20.0;
    /** Prices sit on a tick of 0.0001, as a venue's do; the encoder writes them without {@code Double.toString}. */
    static final double TICKS_PER_UNIT = 1e4;
    /** Feature values are drawn on a grid of 0.000001: far finer than any profile bin. */
    static final double FEATURE_STEPS_PER_UNIT = 1e6;

    private final List<String> symbols;
    private final Set<String> probeSymbols;
    private final ProfileSampler champion;
    private final ProfileSampler challenger;
    private final Random random;
    private final double[] mids;
    private final int[] orderSteps;
    private final long[] orderCounts;
    private long sent;

    LoadMix(List<String> symbols, Set<String> probeSymbols, ProfileSampler champion, ProfileSampler challenger,
            long seed) {
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols must name at least one symbol, got " + symbols);
        }
        this.symbols = List.copyOf(symbols);
        this.probeSymbols = Set.copyOf(probeSymbols);
        this.champion = champion;
        this.challenger = challenger;
        this.random = new Random(seed);
        this.mids = new double[symbols.size()];
        this.orderSteps = new int[symbols.size()];
        this.orderCounts = new long[symbols.size()];
        java.util.Arrays.fill(mids, START_MID);
    }

    /** The topic a record of the mix goes to. */
    static String topicOf(Object record) {
        if (record instanceof MarketQuote) {
            return Topics.MARKET;
        }
        return record instanceof FeatureVector ? Topics.FEATURES : Topics.ORDERS;
    }

    /** The symbol a record of the mix is about, its key on the topic. */
    static String symbolOf(Object record) {
        if (record instanceof MarketQuote q) {
            return q.symbol();
        }
        return record instanceof FeatureVector v ? v.symbol() : ((OrderEvent) record).symbol();
    }

    /** The kind of turn {@code n} (from 0): the round's place in the cycle. */
    Kind kindOf(long n) {
        return CYCLE.get((int) ((n / symbols.size()) % CYCLE.size()));
    }

    /** The next record, stamped {@code now}. */
    Object next(long now) {
        long n = sent++;
        int s = (int) (n % symbols.size());
        String symbol = symbols.get(s);
        Kind kind = kindOf(n);
        if (kind == Kind.PRIMARY && probeSymbols.contains(symbol)) {
            kind = Kind.REFERENCE;
        }
        return switch (kind) {
            case PRIMARY -> primary(s, now);
            case REFERENCE -> quote(symbol, now, Feed.REFERENCE, mids[s] * (1 + random.nextGaussian() * REFERENCE_NOISE));
            case CHAMPION -> new FeatureVector(now, symbol, champion.modelId(), onGrid(champion.draw(random, 0, 0.0)));
            case CHALLENGER -> new FeatureVector(now, symbol, challenger.modelId(),
                    onGrid(challenger.draw(random, 0, 0.0)));
            case ORDER -> orderStep(s, now);
        };
    }

    /** A primary quote at {@code mid}, with sizes; a reference quote has none. Prices on the tick. */
    static MarketQuote quote(String symbol, long now, Feed feed, double mid) {
        double half = mid * HALF_SPREAD;
        Double size = feed == Feed.PRIMARY ? 1.0 : null;
        return new MarketQuote(now, symbol, feed, onTick(mid - half), onTick(mid + half), size, size);
    }

    /** The nearest price on the tick. */
    static double onTick(double price) {
        return Math.round(price * TICKS_PER_UNIT) / TICKS_PER_UNIT;
    }

    private static Map<String, Double> onGrid(Map<String, Double> features) {
        features.replaceAll((name, value) -> value == null ? null
                : Math.round(value * FEATURE_STEPS_PER_UNIT) / FEATURE_STEPS_PER_UNIT);
        return features;
    }

    private MarketQuote primary(int s, long now) {
        mids[s] *= 1 + random.nextGaussian() * WALK_PER_QUOTE;
        return quote(symbols.get(s), now, Feed.PRIMARY, mids[s]);
    }

    // One order at a time per symbol, placed, acked and filled at the arrival mid, buys and sells in
    // turn so positions do not pile up and slippage stays inside its SLO.
    private OrderEvent orderStep(int s, long now) {
        String symbol = symbols.get(s);
        String orderId = "bench-" + symbol + "-" + orderCounts[s];
        Side side = orderCounts[s] % 2 == 0 ? Side.BUY : Side.SELL;
        double mid = onTick(mids[s]);
        int step = orderSteps[s];
        orderSteps[s] = (step + 1) % 3;
        if (step == 2) {
            orderCounts[s]++;
        }
        return switch (step) {
            case 0 -> order(now, OrderEventType.PLACED, orderId, symbol, side, 1.0, mid, mid, null, null, null, null);
            case 1 -> order(now, OrderEventType.ACKED, orderId, symbol, side, 1.0, mid, null, PLACE_MS, null, null, null);
            default -> order(now, OrderEventType.FILL, orderId, symbol, side, 1.0, mid, null, null, 1.0, mid, 0.0);
        };
    }

    private OrderEvent order(long now, OrderEventType event, String orderId, String symbol, Side side, Double qty,
            Double price, Double arrivalMid, Double placeMs, Double fillQty, Double fillPx, Double fee) {
        return new OrderEvent(now, event, orderId, symbol, side, OrderEvent.DEFAULT_ACCOUNT, champion.modelId(), false,
                qty, price, arrivalMid, placeMs, fillQty, fillPx, fee);
    }
}
