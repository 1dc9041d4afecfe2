package io.canarykit.jobs.replay;

import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import io.canarykit.schema.codec.JsonCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a recorded trading session to replay: two quote feeds per symbol on a random walk, model
 * features drawn from the reference profile, and orders with realistic latency, slippage and the
 * odd reject. Deterministic for a seed, so tests and benchmarks can rely on it.
 */
public final class SyntheticDesk {

    public static final String CHAMPION = "champion_20260101";
    public static final String CHALLENGER = "challenger_20260101";
    public static final List<String> FEATURES = List.of("momentum", "spread_z", "imbalance", "vol_ratio");
    /** Deciles of a standard normal: the reference bins every feature is drawn from. */
    private static final double[] EDGES = {-1.2816, -0.8416, -0.5244, -0.2533, 0.0, 0.2533, 0.5244, 0.8416, 1.2816};

    private final List<String> symbols;
    private final long startTs;
    private final long stepMs;
    private final long steps;
    private final double canaryShare;
    private final Random random;

    /**
     * @param symbols the symbols traded
     * @param startTs the first event's time
     * @param stepMs time between ticks; each tick sends two quotes and a feature vector per symbol
     * @param steps number of ticks
     * @param canaryShare the share of orders routed to the challenger
     * @param seed the random seed
     */
    public SyntheticDesk(List<String> symbols, long startTs, long stepMs, long steps, double canaryShare, long seed) {
        this.symbols = List.copyOf(symbols);
        this.startTs = startTs;
        this.stepMs = stepMs;
        this.steps = steps;
        this.canaryShare = canaryShare;
        this.random = new Random(seed);
    }

    /** The reference profile every generated model uses. */
    public static ReferenceProfile profile(String modelId) {
        Map<String, FeatureBins> features = new LinkedHashMap<>();
        double[] expected = new double[EDGES.length + 1];
        Arrays.fill(expected, 0.1);
        for (String f : FEATURES) {
            features.put(f, new FeatureBins(EDGES.clone(), expected.clone()));
        }
        return new ReferenceProfile(modelId, features);
    }

    /** Writes market.jsonl, features.jsonl, orders.jsonl and reference.jsonl to {@code dir}; returns the event count. */
    public long writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        long events = 0;
        try (BufferedWriter market = writer(dir.resolve("market.jsonl"));
                BufferedWriter features = writer(dir.resolve("features.jsonl"));
                BufferedWriter orders = writer(dir.resolve("orders.jsonl"));
                BufferedWriter reference = writer(dir.resolve("reference.jsonl"))) {
            line(reference, profile(CHAMPION));
            line(reference, profile(CHALLENGER));
            double[] mids = new double[symbols.size()];
            for (int i = 0; i < mids.length; i++) {
                mids[i] = 100.0 * (i + 1) * (1 + random.nextDouble());
            }
            long orderSeq = 0;
            for (long step = 0; step < steps; step++) {
                long ts = startTs + step * stepMs;
                for (int s = 0; s < symbols.size(); s++) {
                    String symbol = symbols.get(s);
                    mids[s] *= 1 + random.nextGaussian() * 1e-4;
                    double mid = mids[s];
                    double halfSpread = mid * 0.5e-4;
                    line(market, new MarketQuote(ts, symbol, Feed.PRIMARY, mid - halfSpread, mid + halfSpread, 1.0, 1.0));
                    double refMid = mid * (1 + random.nextGaussian() * 0.5e-4);
                    line(market, new MarketQuote(ts + random.nextInt(20), symbol, Feed.REFERENCE,
                            refMid - halfSpread, refMid + halfSpread, null, null));
                    events += 2;
                    boolean challenger = random.nextDouble() < 0.3;
                    line(features, vector(ts + 1, symbol, challenger ? CHALLENGER : CHAMPION));
                    events++;
                    if (random.nextInt(10) == 0) {
                        events += order(orders, symbol, ts + 2, mid, "o-" + (orderSeq++));
                    }
                }
            }
        }
        return events;
    }

    private FeatureVector vector(long ts, String symbol, String model) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String f : FEATURES) {
            // One value in two hundred is missing, as real feature pipelines drop the odd input.
            values.put(f, random.nextInt(200) == 0 ? null : random.nextGaussian());
        }
        return new FeatureVector(ts, symbol, model, values);
    }

    private int order(BufferedWriter out, String symbol, long ts, double mid, String id) throws IOException {
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        boolean canary = Math.floorMod(id.hashCode(), 10_000) < canaryShare * 10_000;
        String model = canary ? CHALLENGER : CHAMPION;
        double qty = 0.01 + random.nextInt(100) / 1000.0;
        line(out, new OrderEvent(ts, OrderEventType.PLACED, id, symbol, side, null, model, canary, qty, mid, mid,
                null, null, null, null));
        long ackTs = ts + 20 + random.nextInt(120);
        if (random.nextInt(200) == 0) {
            line(out, new OrderEvent(ackTs, OrderEventType.REJECTED, id, symbol, side, null, model, canary,
                    qty, mid, null, null, null, null, null));
            return 2;
        }
        double placeMs = ackTs - ts;
        line(out, new OrderEvent(ackTs, OrderEventType.ACKED, id, symbol, side, null, model, canary,
                qty, mid, null, placeMs, null, null, null));
        double slip = random.nextGaussian() * 1.0 + 0.5;
        double px = mid * (1 + side.sign() * slip * 1e-4);
        line(out, new OrderEvent(ackTs + 5 + random.nextInt(50), OrderEventType.FILL, id, symbol, side, null, model,
                canary, qty, mid, null, null, qty, px, qty * px * 2e-4));
        return 3;
    }

    private static BufferedWriter writer(Path p) throws IOException {
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
    }

    private static void line(BufferedWriter w, Object record) throws IOException {
        w.write(new String(JsonCodec.encode(record), StandardCharsets.UTF_8));
        w.write('\n');
    }
}
