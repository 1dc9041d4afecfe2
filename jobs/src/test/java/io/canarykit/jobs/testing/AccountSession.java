package io.canarykit.jobs.testing;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.replay.Replay;
import io.canarykit.jobs.replay.ReplayInputs;
import io.canarykit.jobs.replay.ReplayResult;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small recorded session of one symbol over two UTC days, with two fills, a risk reset and a few
 * price moves, small enough to work the account's figures out by hand (the tests that use it do).
 *
 * <p>Day 1 (2026-01-05), from {@link #T0} = 10:00:00, a tick every 500 ms until {@code T0 + 8 s}:
 * a primary and a reference quote (0.125 either side of the mid, exact in binary, so the mid is exact)
 * and a feature vector. The mid is 100
 * until {@code T0 + 2 s}, 105 until {@code T0 + 3 s}, 98 until {@code T0 + 6 s}, then 96.
 * <ul>
 *   <li>{@code o-1}: placed at +0.5 s, acked at +0.6 s, filled buy 10 @ 100 with a fee of 1.0 at +1 s;</li>
 *   <li>a {@code risk_reset} at +4 s;</li>
 *   <li>{@code o-2}: placed at +4.5 s, acked at +4.6 s, filled sell 4 @ 99 with a fee of 0.5 at +5 s.</li>
 * </ul>
 * Day 2, from {@link #NEXT_MIDNIGHT} + 0.5 s, a tick every 500 ms until + 3 s at a mid of 97; no orders.
 */
public final class AccountSession {

    public static final String SYMBOL = "BTCUSDT";
    /** 2026-01-05T10:00:00Z. */
    public static final long T0 = 1_767_607_200_000L;
    /** 2026-01-06T00:00:00Z. */
    public static final long NEXT_MIDNIGHT = 1_767_657_600_000L;

    private AccountSession() {}

    /** The primary mid at {@code t} on day 1. */
    static double midAt(long t) {
        if (t >= NEXT_MIDNIGHT) {
            return 97.0;
        }
        if (t < T0 + 2_000) {
            return 100.0;
        }
        if (t < T0 + 3_000) {
            return 105.0;
        }
        return t < T0 + 6_000 ? 98.0 : 96.0;
    }

    /** Writes market.jsonl, features.jsonl, orders.jsonl and control.jsonl into {@code dir}; returns the inputs. */
    public static ReplayInputs writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> market = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<Long> ticks = new ArrayList<>();
        for (long t = T0; t <= T0 + 8_000; t += 500) {
            ticks.add(t);
        }
        for (long t = NEXT_MIDNIGHT + 500; t <= NEXT_MIDNIGHT + 3_000; t += 500) {
            ticks.add(t);
        }
        for (long t : ticks) {
            double mid = midAt(t);
            for (String feed : List.of("primary", "reference")) {
                market.add(String.format(Locale.ROOT,
                        "{\"ts\":%d,\"symbol\":\"%s\",\"feed\":\"%s\",\"bid\":%s,\"ask\":%s}",
                        t, SYMBOL, feed, mid - 0.125, mid + 0.125));
            }
            StringBuilder vector = new StringBuilder();
            for (String f : SyntheticDesk.FEATURES) {
                vector.append(vector.isEmpty() ? "" : ",").append('"').append(f).append("\":0.0");
            }
            features.add(String.format(Locale.ROOT, "{\"ts\":%d,\"symbol\":\"%s\",\"model_id\":\"%s\",\"features\":{%s}}",
                    t, SYMBOL, SyntheticDesk.CHAMPION, vector));
        }
        List<String> orders = List.of(
                order(T0 + 500, "placed", "o-1", "buy", ",\"qty\":10,\"price\":100,\"arrival_mid\":100"),
                order(T0 + 600, "acked", "o-1", "buy", ",\"place_ms\":100"),
                order(T0 + 1_000, "fill", "o-1", "buy", ",\"fill_qty\":10,\"fill_px\":100,\"fee\":1.0"),
                order(T0 + 4_500, "placed", "o-2", "sell", ",\"qty\":4,\"price\":99,\"arrival_mid\":98"),
                order(T0 + 4_600, "acked", "o-2", "sell", ",\"place_ms\":100"),
                order(T0 + 5_000, "fill", "o-2", "sell", ",\"fill_qty\":4,\"fill_px\":99,\"fee\":0.5"));
        List<String> control = List.of(String.format(Locale.ROOT,
                "{\"id\":\"c-reset\",\"ts\":%d,\"actor\":\"ops\",\"type\":\"risk_reset\",\"args\":{}}", T0 + 4_000));
        Files.write(dir.resolve("market.jsonl"), market, StandardCharsets.UTF_8);
        Files.write(dir.resolve("features.jsonl"), features, StandardCharsets.UTF_8);
        Files.write(dir.resolve("orders.jsonl"), orders, StandardCharsets.UTF_8);
        Files.write(dir.resolve("control.jsonl"), control, StandardCharsets.UTF_8);
        return new ReplayInputs(dir.resolve("market.jsonl"), dir.resolve("features.jsonl"), dir.resolve("orders.jsonl"),
                dir.resolve("control.jsonl"));
    }

    /** Runs the real replay of the session written to {@code dir}, with the default config. */
    public static ReplayResult replay(Path dir) throws Exception {
        ReplayInputs inputs = writeTo(dir);
        GateSettings gate = GateSettings.of(KitConfig.defaults(), List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION)),
                SyntheticDesk.CHAMPION, null, JobClock.EVENT, true, 3_600_000L);
        return new Replay(inputs, WorkflowSettings.replay(gate), 2, "hashmap", null).run();
    }

    private static String order(long ts, String event, String id, String side, String extra) {
        return String.format(Locale.ROOT, "{\"ts\":%d,\"event\":\"%s\",\"order_id\":\"%s\",\"symbol\":\"%s\",\"side\":\"%s\","
                + "\"model_id\":\"%s\",\"canary\":false%s}", ts, event, id, SYMBOL, side, SyntheticDesk.CHAMPION, extra);
    }
}
