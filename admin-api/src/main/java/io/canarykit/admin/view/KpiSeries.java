package io.canarykit.admin.view;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

/**
 * The last hour of every symbol's KPIs, in memory, for the page's charts: at most one point per
 * symbol per second and at most {@code maxPoints} per symbol, the oldest dropped first.
 *
 * <p>Each KPI record or decision of a symbol writes a point at its {@code ts}: the figures it carries,
 * and the latest known of the others (the budget from the newest {@code _global} record, the shares
 * from the symbol's newest decision). Two records in the same second leave one point, the later
 * {@code ts}'s. The series starts empty on every launch, apart from the ledger's last KPI records.
 */
public final class KpiSeries {

    /** How far back a symbol's points reach, from its newest point. */
    public static final long KEEP_MS = 3_600_000;
    /** The resolution: one point per symbol in each second. */
    public static final long STEP_MS = 1_000;
    /** One hour at one point a second. */
    public static final int DEFAULT_MAX_POINTS = (int) (KEEP_MS / STEP_MS);

    /**
     * A symbol's picture at {@code ts}; a figure is null when nothing has given it yet.
     *
     * @param canaryShare the effective share, as the symbol's decision says
     * @param canaryShareCommanded the share the rollout commands while the decision carries one, else the
     *     share the sidecar last commanded (the configured {@code CHALLENGER_SHARE} before any command)
     */
    public record Point(
            @JsonProperty("ts") long ts,
            @JsonProperty("psi") Double psi,
            @JsonProperty("slippage_bps") Double slippageBps,
            @JsonProperty("budget_left") Double budgetLeft,
            @JsonProperty("canary_share") Double canaryShare,
            @JsonProperty("canary_share_commanded") Double canaryShareCommanded) {}

    private final int maxPoints;
    private final DoubleSupplier commandedShare;
    private final Map<String, Line> lines = new HashMap<>();
    private Double budgetLeft;
    private long budgetTs = Long.MIN_VALUE;

    /**
     * @param maxPoints the most points kept per symbol, at least 1
     * @param commandedShare the share the sidecar commands now, read when a point is written
     */
    public KpiSeries(int maxPoints, DoubleSupplier commandedShare) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1, got " + maxPoints);
        }
        if (commandedShare == null) {
            throw new IllegalArgumentException("commandedShare is required but not provided.");
        }
        this.maxPoints = maxPoints;
        this.commandedShare = commandedShare;
    }

    /** Takes a KPI record: {@code _global}'s budget for every symbol's next points, a symbol's as a point. */
    public synchronized void acceptKpi(KpiRecord kpi) {
        if (KpiRecord.GLOBAL.equals(kpi.symbol())) {
            if (kpi.ts() >= budgetTs) {
                budgetTs = kpi.ts();
                budgetLeft = kpi.budgetLeft();
            }
            return;
        }
        Line line = line(kpi.symbol());
        // A repeat or a late record says nothing newer than what the line already holds.
        if (kpi.ts() < line.kpiTs) {
            return;
        }
        line.takeKpis(kpi.ts(), kpi);
        line.write(kpi.ts());
    }

    /** Takes a decision: its shares, and its KPIs when it carries them, unless the symbol has a later one. */
    public synchronized void acceptDecision(GateDecision decision) {
        Line line = line(decision.symbol());
        if (decision.seq() <= line.seq) {
            return;
        }
        line.seq = decision.seq();
        line.share = decision.canaryShare();
        line.rolloutShare = decision.rollout() == null ? null : decision.rollout().share();
        if (decision.kpis() != null && decision.ts() >= line.kpiTs) {
            line.takeKpis(decision.ts(), decision.kpis());
        }
        line.write(decision.ts());
    }

    /** Whether any record of {@code symbol} arrived ({@code _global} is no symbol of the series). */
    public synchronized boolean knows(String symbol) {
        return lines.containsKey(symbol);
    }

    /** The symbol's points with {@code ts > after}, oldest first, or empty when the symbol is unknown. */
    public synchronized Optional<List<Point>> after(String symbol, long after) {
        Line line = lines.get(symbol);
        if (line == null) {
            return Optional.empty();
        }
        List<Point> found = new ArrayList<>();
        for (Point p : line.points.tailMap(Math.floorDiv(after, STEP_MS), true).values()) {
            if (p.ts() > after) {
                found.add(p);
            }
        }
        return Optional.of(found);
    }

    private Line line(String symbol) {
        return lines.computeIfAbsent(symbol, s -> new Line());
    }

    /** One symbol's points, by second, and the latest figures a new point carries forward. */
    private final class Line {
        final NavigableMap<Long, Point> points = new TreeMap<>();
        long kpiTs = Long.MIN_VALUE;
        long seq = Long.MIN_VALUE;
        Double psi;
        Double slippageBps;
        Double share;
        Double rolloutShare;

        void takeKpis(long ts, KpiRecord kpi) {
            kpiTs = ts;
            psi = kpi.psi();
            slippageBps = kpi.slippageBps();
        }

        void write(long ts) {
            Double commanded = rolloutShare != null ? rolloutShare : commandedShare.getAsDouble();
            Point point = new Point(ts, psi, slippageBps, budgetLeft, share, commanded);
            points.merge(Math.floorDiv(ts, STEP_MS), point, (held, next) -> next.ts() >= held.ts() ? next : held);
            evict();
        }

        private void evict() {
            long newest = points.lastEntry().getValue().ts();
            while (points.firstEntry().getValue().ts() <= newest - KEEP_MS) {
                points.pollFirstEntry();
            }
            while (points.size() > maxPoints) {
                points.pollFirstEntry();
            }
        }
    }
}
