package io.canarykit.jobs.testing;

import io.canarykit.config.ConfigLoader;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.replay.Replay;
import io.canarykit.jobs.replay.ReplayInputs;
import io.canarykit.jobs.replay.ReplayResult;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.codec.JsonCodec;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A desk session for the rollout, replayed with a control file that starts a rollout of three
 * 5-minute steps (10%, 15%, 20%), analysed every 60 s with min_fills 10 and the default margins
 * (2 bps), alpha (0.05) and failure limit (2).
 *
 * <p>The desk: two symbols at constant mids (so a fill's 5 s markout is minus its slippage, scaled by
 * mid / fill_px), one order a second per symbol, placed, acked after 50 ms and filled after 100 ms,
 * routed to the challenger by the nominal schedule so exactly 2, 3 or 4 orders in 20 are canary.
 * Slippage is N(0.5, 1) bps for the champion; the challenger's is the same (the "like" session) or
 * 6 bps worse (the "worse" session). Features of both models cycle through the reference's ten bins,
 * so both PSIs are near 0.
 *
 * <p>By hand, at the end of the first step (5 minutes): 60 challenger and 540 champion fills, so
 * v = 1/60 + 1/540 = 0.0185; tau^2 = 4; a = 0.05 / (2 * 3) = 0.00833; r^2 = 2v (v + 4) / 4 *
 * (ln 120 + ln((v + 4) / v) / 2) = 0.037 * 1.005 * (4.79 + 2.69) = 0.278, so r = 0.53 bps around a
 * difference whose own spread is sqrt(v) = 0.14: at 0 the interval ends far below the 2 bps margin
 * (pass), and steps 2 and 3 have more fills still. The markouts lag by a minute (final records) but
 * pass the same way with 48 fills. In the worse session, the first analysis (60 s in) already has
 * 12 challenger and 108 champion fills: v = 1/12 + 1/108 = 0.093, r = 1.13, and the difference is 6
 * +- 0.3, so the whole interval lies above 2: fail, again at 120 s, and the rollout aborts there.
 */
public final class RolloutSession {

    public static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    public static final long START = T0 + 60_000;
    public static final long HOLD_MS = 300_000;
    public static final long INTERVAL_MS = 60_000;
    private static final double[] SHARES = {0.10, 0.15, 0.20};
    public static final List<String> SYMBOLS = List.of("AAA", "BBB");
    private static final Map<String, Double> MIDS = Map.of("AAA", 100.0, "BBB", 50.0);
    // One value in each of the reference's ten bins (edges at the deciles of a standard normal).
    private static final double[] BIN_VALUES = {-1.5, -1.0, -0.7, -0.4, -0.1, 0.1, 0.4, 0.7, 1.0, 1.5};
    public static final String PLAN = "{\"steps\": [{\"share\": 0.10, \"hold_ms\": 300000},"
            + " {\"share\": 0.15, \"hold_ms\": 300000}, {\"share\": 0.20, \"hold_ms\": 300000}],"
            + " \"analysis\": {\"interval_ms\": 60000, \"min_fills\": 10}}";

    private RolloutSession() {}

    /**
     * Writes the session under {@code in} (the challenger's slippage {@code challengerExtraBps} worse
     * than the champion's, input up to {@code endTs}, a control file starting {@code plan}) and
     * replays it.
     */
    public static ReplayResult replay(Path in, double challengerExtraBps, long endTs, String plan) throws Exception {
        return replay(in, challengerExtraBps, endTs, plan, "rocksdb");
    }

    /** As {@link #replay(Path, double, long, String)}, with the job's state on {@code backend}. */
    public static ReplayResult replay(Path in, double challengerExtraBps, long endTs, String plan, String backend)
            throws Exception {
        Files.createDirectories(in);
        writeSession(in, challengerExtraBps, endTs, plan);
        GateSettings gate = GateSettings.of(
                ConfigLoader.load(Map.of(), List.of(), Map.of("MAX_TRADES_PER_DAY", "100000",
                        "REQUIRE_REFERENCE_FEED", "false")),
                List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION), SyntheticDesk.profile(SyntheticDesk.CHALLENGER)),
                SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER, JobClock.EVENT, true, 3_600_000L);
        return new Replay(new ReplayInputs(in.resolve("market.jsonl"), in.resolve("features.jsonl"),
                in.resolve("orders.jsonl"), in.resolve("control.jsonl")), WorkflowSettings.replay(gate), 2, backend,
                null).run();
    }

    /** The share the desk routes at {@code t}: the plan's step if each advances when its hold ends. */
    private static double nominalShare(long t) {
        if (t < START) {
            return 0;
        }
        int step = (int) Math.min((t - START) / HOLD_MS, SHARES.length - 1);
        return SHARES[step];
    }

    private static void writeSession(Path in, double challengerExtraBps, long endTs, String plan) throws Exception {
        Random random = new Random(7);
        try (BufferedWriter market = Files.newBufferedWriter(in.resolve("market.jsonl"));
                BufferedWriter features = Files.newBufferedWriter(in.resolve("features.jsonl"));
                BufferedWriter orders = Files.newBufferedWriter(in.resolve("orders.jsonl"));
                BufferedWriter control = Files.newBufferedWriter(in.resolve("control.jsonl"))) {
            control.write("{\"id\": \"r1\", \"ts\": " + START + ", \"actor\": \"ops\", \"type\": \"rollout_start\","
                    + " \"args\": {\"plan\": " + plan + "}}\n");
            long second = 0;
            for (long t = T0; t < endTs; t += 500) {
                for (String symbol : SYMBOLS) {
                    double mid = MIDS.get(symbol);
                    line(market, new MarketQuote(t, symbol, Feed.PRIMARY, mid, mid, 1.0, 1.0));
                }
                if ((t - T0) % 1_000 != 0) {
                    continue;
                }
                for (String symbol : SYMBOLS) {
                    line(features, vector(t + 1, symbol, SyntheticDesk.CHAMPION, second));
                    line(features, vector(t + 1, symbol, SyntheticDesk.CHALLENGER, second));
                    String id = symbol + "-" + second;
                    boolean canary = second % 20 < Math.round(nominalShare(t) * 20);
                    double slip = 0.5 + random.nextGaussian() + (canary ? challengerExtraBps : 0);
                    order(orders, symbol, id, t + 2, second % 2 == 0 ? Side.BUY : Side.SELL, canary, slip);
                }
                second++;
            }
        }
    }

    private static void order(BufferedWriter out, String symbol, String id, long ts, Side side, boolean canary,
            double slipBps) throws Exception {
        String model = canary ? SyntheticDesk.CHALLENGER : SyntheticDesk.CHAMPION;
        double mid = MIDS.get(symbol);
        line(out, new OrderEvent(ts, OrderEventType.PLACED, id, symbol, side, null, model, canary, 1.0, mid, mid,
                null, null, null, null));
        line(out, new OrderEvent(ts + 50, OrderEventType.ACKED, id, symbol, side, null, model, canary, 1.0, mid, null,
                50.0, null, null, null));
        double px = mid * (1 + side.sign() * slipBps * 1e-4);
        line(out, new OrderEvent(ts + 100, OrderEventType.FILL, id, symbol, side, null, model, canary, 1.0, mid, null,
                null, 1.0, px, 0.0));
    }

    private static FeatureVector vector(long ts, String symbol, String model, long second) {
        Map<String, Double> values = new LinkedHashMap<>();
        int f = 0;
        for (String name : SyntheticDesk.FEATURES) {
            values.put(name, BIN_VALUES[(int) ((second + 3 * f++) % BIN_VALUES.length)]);
        }
        return new FeatureVector(ts, symbol, model, values);
    }

    private static void line(BufferedWriter w, Object record) throws Exception {
        w.write(new String(JsonCodec.encode(record), StandardCharsets.UTF_8));
        w.write('\n');
    }
}
