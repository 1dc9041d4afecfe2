package io.canarykit.cli.bench;

import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.codec.JsonCodec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trading session's input as JSON bytes in memory, generated from a seed: per symbol, of every
 * {@value #BLOCK} events, 21 quotes alternating between the primary and the reference feed, 6
 * feature vectors of the champion and one order's placed, acked and fill events.
 *
 * <p>Each symbol draws from a random generator of its own, so the share of any group of symbols is
 * the same whatever the parallelism, and every Flink subtask can regenerate its own share.
 *
 * @param seed the seed every symbol's generator derives from
 * @param symbols how many symbols trade
 * @param eventsPerSymbol input events per symbol, a whole number of blocks
 * @param rate input events per second of event time, over all symbols
 */
public record DeskSession(long seed, int symbols, long eventsPerSymbol, double rate) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The events of one symbol's repeating pattern: 21 quotes, 6 feature vectors, 3 order events. */
    public static final int BLOCK = 30;
    /** When the session opens: 2026-01-01T14:30:00Z. */
    public static final long OPEN_TS = 1_767_277_800_000L;

    private static final int PLACED_SLOT = 0;
    private static final int ACKED_SLOT = 10;
    private static final int FILL_SLOT = 20;
    private static final int FEATURE_EVERY = 5;
    private static final int FEATURE_OFFSET = 2;
    private static final double CANARY_SHARE = 0.05;

    /** Shares already generated in this JVM, so a timed run reads memory rather than generating. */
    private static final Map<ShareKey, Share> GENERATED = new ConcurrentHashMap<>();

    private record ShareKey(DeskSession session, int subtask, int parallelism) {}

    /**
     * One subtask's input: the records of the symbols whose index is the subtask's modulo the
     * parallelism, per stream, each stream in time order.
     */
    public record Share(List<byte[]> market, List<byte[]> features, List<byte[]> orders) {

        public long size() {
            return (long) market.size() + features.size() + orders.size();
        }
    }

    public DeskSession {
        if (symbols < 1 || eventsPerSymbol < BLOCK || eventsPerSymbol % BLOCK != 0 || !(rate > 0)) {
            throw new IllegalArgumentException("a session needs symbols, whole blocks of " + BLOCK
                    + " events per symbol and a positive rate, got " + symbols + ", " + eventsPerSymbol + ", " + rate);
        }
    }

    /** A session of about {@code events} input events (at least one block per symbol) at {@code rate} events/s. */
    public static DeskSession of(long seed, int symbols, long events, double rate) {
        long blocks = Math.max(1, Math.round((double) events / symbols / BLOCK));
        return new DeskSession(seed, symbols, blocks * BLOCK, rate);
    }

    /** Every input event of the session. */
    public long events() {
        return symbols * eventsPerSymbol;
    }

    /** The name of symbol {@code index}, e.g. {@code S007}. */
    public static String symbol(int index) {
        return String.format(Locale.ROOT, "S%03d", index);
    }

    /** The event time of the {@code n}-th event of symbol {@code s}: symbols take turns, at the session's rate. */
    public long ts(long n, int s) {
        return OPEN_TS + (long) ((n * symbols + s) * 1000.0 / rate);
    }

    /** Subtask {@code subtask}'s share of {@code parallelism}, generated once per JVM and then kept. */
    public Share share(int subtask, int parallelism) {
        return GENERATED.computeIfAbsent(new ShareKey(this, subtask, parallelism), k -> generate(subtask, parallelism));
    }

    /** Forgets every share generated, to give the memory back once the bench is done. */
    public static void forgetAll() {
        GENERATED.clear();
    }

    private Share generate(int subtask, int parallelism) {
        List<SymbolTape> tapes = new ArrayList<>();
        for (int s = subtask; s < symbols; s += parallelism) {
            tapes.add(new SymbolTape(s));
        }
        int capacity = (int) Math.min(Integer.MAX_VALUE, eventsPerSymbol * tapes.size());
        Share share = new Share(new ArrayList<>(capacity * 7 / 10 + 1), new ArrayList<>(capacity / 5 + 1),
                new ArrayList<>(capacity / 10 + 1));
        for (long n = 0; n < eventsPerSymbol; n++) {
            for (SymbolTape tape : tapes) {
                tape.next(n, share);
            }
        }
        return share;
    }

    /** One symbol's generator: its mid on a random walk, and the order it has in flight. */
    private final class SymbolTape {
        private final int index;
        private final String symbol;
        private final Random random;
        private double mid;
        private long orders;
        private String orderId;
        private Side side;
        private double qty;
        private double arrivalMid;
        private boolean canary;
        private long placedTs;
        private boolean primaryNext = true;

        SymbolTape(int index) {
            this.index = index;
            this.symbol = symbol(index);
            // Each symbol's own stream of numbers, from the session's seed and the symbol alone.
            this.random = new Random(seed * 1_000_003L + index);
            this.mid = 20.0 + 480.0 * random.nextDouble();
        }

        void next(long n, Share out) {
            long ts = ts(n, index);
            int slot = (int) (n % BLOCK);
            if (slot == PLACED_SLOT) {
                out.orders().add(JsonCodec.encode(placed(ts)));
            } else if (slot == ACKED_SLOT) {
                out.orders().add(JsonCodec.encode(acked(ts)));
            } else if (slot == FILL_SLOT) {
                out.orders().add(JsonCodec.encode(fill(ts)));
            } else if (slot % FEATURE_EVERY == FEATURE_OFFSET) {
                out.features().add(JsonCodec.encode(features(ts)));
            } else {
                out.market().add(JsonCodec.encode(quote(ts)));
            }
        }

        private MarketQuote quote(long ts) {
            boolean primary = primaryNext;
            primaryNext = !primary;
            double halfSpread = mid * 0.5e-4;
            if (primary) {
                mid *= 1 + random.nextGaussian() * 1e-4;
                return new MarketQuote(ts, symbol, Feed.PRIMARY, mid - halfSpread, mid + halfSpread, 1.0, 1.0);
            }
            // Half a basis point apart on average, so dislocation (5 bps) stays quiet as on a normal day.
            double referenceMid = mid * (1 + random.nextGaussian() * 0.5e-4);
            return new MarketQuote(ts, symbol, Feed.REFERENCE, referenceMid - halfSpread, referenceMid + halfSpread,
                    null, null);
        }

        private FeatureVector features(long ts) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String name : SyntheticDesk.FEATURES) {
                // Drawn from the profile's own distribution, one value in a thousand missing.
                values.put(name, random.nextInt(1000) == 0 ? null : random.nextGaussian());
            }
            return new FeatureVector(ts, symbol, SyntheticDesk.CHAMPION, values);
        }

        private OrderEvent placed(long ts) {
            orderId = "o-" + symbol + "-" + orders++;
            side = random.nextBoolean() ? Side.BUY : Side.SELL;
            qty = 0.01 + random.nextInt(100) / 1000.0;
            arrivalMid = mid;
            canary = Math.floorMod(orderId.hashCode(), 10_000) < CANARY_SHARE * 10_000;
            placedTs = ts;
            return new OrderEvent(ts, OrderEventType.PLACED, orderId, symbol, side, null, model(), canary, qty, mid,
                    arrivalMid, null, null, null, null);
        }

        private OrderEvent acked(long ts) {
            return new OrderEvent(ts, OrderEventType.ACKED, orderId, symbol, side, null, model(), canary, qty,
                    arrivalMid, null, (double) (ts - placedTs), null, null, null);
        }

        private OrderEvent fill(long ts) {
            // Half a basis point of cost on average: slippage (SLO 5 bps) stays quiet too.
            double slipBps = random.nextGaussian() + 0.5;
            double px = arrivalMid * (1 + side.sign() * slipBps * 1e-4);
            return new OrderEvent(ts, OrderEventType.FILL, orderId, symbol, side, null, model(), canary, qty,
                    arrivalMid, null, null, qty, px, qty * px * 2e-4);
        }

        private String model() {
            return canary ? SyntheticDesk.CHALLENGER : SyntheticDesk.CHAMPION;
        }
    }
}
