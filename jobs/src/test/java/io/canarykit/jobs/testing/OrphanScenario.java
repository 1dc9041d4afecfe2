package io.canarykit.jobs.testing;

import java.util.List;

/**
 * One symbol's order events and their orphans worked by hand, fed to the job's trackers, a replay,
 * the sidecar's ledger and Go/No-Go, so that each is checked against the same numbers.
 *
 * <p>Each order's story, in event-time order (a placement before its answers at one timestamp). An
 * order placed at p with no answer from the venue by p + 5000 is an orphan from p + 5001 on:
 * <pre>
 * o0  placed S-10000, no answer        orphaned S-4999 (yesterday); at NOW 30000 ms old: orphan now
 * o1  placed S+1000, acked S+1200      answered in time
 * o2  placed S+2000, rejected S+7000   exactly 5000 ms: in time
 * o3  placed S+3000, fill S+9000       orphaned S+8001, answered late by the fill: today, not now
 * o4  placed S+4000, canceled S+6000   the cancel answers in time
 * o5  placed S+5000, no answer         orphaned S+10001: today and now
 * o9  placed S+11000, acked S+17000    orphaned S+16001, answered late: today, not now
 * o10 placed S+12000, fill S+12500     a partial fill answers in time, with no ack
 * o6  placed S+14000, no answer        orphaned S+19001: today and now
 * o7  placed S+15000, no answer        at NOW exactly 5000 ms: not yet
 * o8  error S+16000, placed S+17000    answered before its placement: no clock
 * </pre>
 * At S+17000: orphans 2 (o0, o5), orphans_total 3 (o3, o5, o9). At NOW: orphans 3 (o0, o5, o6),
 * orphans_total 4 (o3, o5, o9, o6). Orphaned within the 48 h before NOW: 5 (o0 too); within
 * (S+9000, NOW]: 3 (o5, o9, o6).
 */
public final class OrphanScenario {

    public static final String SYMBOL = "BTCUSDT";
    public static final long TIMEOUT_MS = 5_000;
    /** 2026-11-25T00:00:00Z. */
    public static final long S = 1_795_564_800_000L;
    public static final long NOW = S + 20_000;

    public static final int ORPHANS_AT_NOW = 3;
    public static final long TOTAL_TODAY_AT_NOW = 4;
    public static final long BECAME_IN_48H_BEFORE_NOW = 5;
    public static final long BECAME_IN_11S_BEFORE_NOW = 3;
    /**
     * {@code orphans} at S, S+5 s, ..., S+20 s: o0 alone until S+10 s (o3's late fill came at S+9 s,
     * o5 is exactly 5000 ms old), o5 too at S+15 s, o6 too at S+20 s. The Orphans alert's promtool
     * test plays these through the rule.
     */
    public static final List<Integer> ORPHANS_EVERY_5S_FROM_S = List.of(1, 1, 1, 2, 3);

    /** The orders, one JSON line each, in event-time order. */
    public static final List<String> EVENTS = List.of(
            order(S - 10_000, "placed", "o0"),
            order(S + 1_000, "placed", "o1"),
            order(S + 1_200, "acked", "o1"),
            order(S + 2_000, "placed", "o2"),
            order(S + 3_000, "placed", "o3"),
            order(S + 4_000, "placed", "o4"),
            order(S + 5_000, "placed", "o5"),
            order(S + 6_000, "canceled", "o4"),
            order(S + 7_000, "rejected", "o2"),
            order(S + 9_000, "fill", "o3"),
            order(S + 11_000, "placed", "o9"),
            order(S + 12_000, "placed", "o10"),
            order(S + 12_500, "fill", "o10"),
            order(S + 14_000, "placed", "o6"),
            order(S + 15_000, "placed", "o7"),
            order(S + 16_000, "error", "o8"),
            order(S + 17_000, "placed", "o8"),
            order(S + 17_000, "acked", "o9"));

    private OrphanScenario() {}

    private static String order(long ts, String event, String id) {
        String extra = switch (event) {
            case "placed" -> ",\"qty\":4,\"arrival_mid\":100.0";
            case "acked" -> ",\"place_ms\":42";
            case "fill" -> ",\"fill_qty\":1,\"fill_px\":100.0";
            default -> "";
        };
        return "{\"ts\":" + ts + ",\"event\":\"" + event + "\",\"order_id\":\"" + id + "\",\"symbol\":\"" + SYMBOL
                + "\",\"side\":\"buy\",\"model_id\":\"m1\",\"canary\":false" + extra + "}";
    }
}
