package io.canarykit.admin.gonogo;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.canarykit.admin.alerts.PrometheusAlerts;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.OrphanCounts;
import io.canarykit.admin.ledger.UtcDay;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The runbook's T+48h Go/No-Go: every criterion measured from the ledger over the evidence window,
 * globally and per symbol where the runbook says so. The verdict is GO only when every criterion passes.
 */
public final class GoNoGo {

    /** Default evidence window: the 48 hours of the canary ramp. */
    public static final long DEFAULT_WINDOW_MS = 48 * 3_600_000L;
    static final long HOUR_MS = 3_600_000L;
    static final long TCA_GRACE_MS = 5 * 60_000L;
    static final int SHARPE_DAYS = 20;
    static final double REHYDRATE_MAX_SECONDS = 5.0;
    static final double DD_MAX = 0.01;

    private final Ledger ledger;
    private final StateView view;
    private final KitConfig config;

    private final PrometheusAlerts alerts;

    /** A Go/No-Go read from the ledger alone, with no Prometheus. */
    public GoNoGo(Ledger ledger, StateView view, KitConfig config) {
        this(ledger, view, config, null);
    }

    /**
     * A Go/No-Go that also reads the alerts from {@code alerts} (null when {@code PROMETHEUS_URL} is
     * unset): the runbook's "no critical alerts", and the last hour of {@code NoTCAEvents5m} and
     * {@code BudgetDepleted} as Prometheus evaluated them.
     */
    public GoNoGo(Ledger ledger, StateView view, KitConfig config, PrometheusAlerts alerts) {
        this.ledger = ledger;
        this.view = view;
        this.config = config;
        this.alerts = alerts;
    }

    /** The verdict and its criteria. */
    public record Verdict(
            @JsonProperty("verdict") String verdict,
            @JsonProperty("go") boolean go,
            @JsonProperty("as_of") long asOf,
            @JsonProperty("window") Criterion.Window window,
            @JsonProperty("criteria") List<Criterion> criteria) {}

    /** Judges the evidence window ending now and {@code windowMs} long. */
    public Verdict judge(long windowMs) {
        long now = view.now();
        Criterion.Window window = new Criterion.Window(now - windowMs, now);
        // Read before taking the ledger, so no command waits on Prometheus.
        AlertReadings readings = AlertReadings.read(alerts, HOUR_MS);
        List<Criterion> criteria = ledger.transaction(c -> criteria(c, window, readings));
        boolean go = criteria.stream().allMatch(Criterion::pass);
        return new Verdict(go ? "GO" : "NO-GO", go, now, window, criteria);
    }

    private List<Criterion> criteria(Connection c, Criterion.Window w, AlertReadings readings) throws SQLException {
        List<Criterion> out = new ArrayList<>();
        List<String> symbols = symbols(c, w);
        out.add(errorRate(c, w, null));
        symbols.forEach(s -> out.add(uncheckedSql(() -> errorRate(c, w, s))));
        out.add(p95(c, w, null));
        symbols.forEach(s -> out.add(uncheckedSql(() -> p95(c, w, s))));
        out.add(slippage(c, w, null));
        symbols.forEach(s -> out.add(uncheckedSql(() -> slippage(c, w, s))));
        out.add(drawdown(c, w));
        out.add(rehydrate(w));
        out.add(orphans(c, w));
        out.add(fromAlertsOr(readings, AlertReadings.NO_TCA, "no_tca_events_5m", w, () -> missingTca(c, w)));
        out.add(fromAlertsOr(readings, AlertReadings.BUDGET_DEPLETED, "budget_depleted", w, () -> budgetDepleted(c, w)));
        out.add(criticalAlerts(readings, w));
        out.add(sharpe(c, w));
        return out;
    }

    private List<String> symbols(Connection c, Criterion.Window w) throws SQLException {
        List<String> symbols = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT symbol FROM orders WHERE shadow = 0 AND placed_ts > ? AND placed_ts <= ?
                UNION SELECT symbol FROM tca WHERE shadow = 0 AND ts > ? AND ts <= ? ORDER BY 1""")) {
            q.setLong(1, w.from());
            q.setLong(2, w.to());
            q.setLong(3, w.from());
            q.setLong(4, w.to());
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    symbols.add(rows.getString(1));
                }
            }
        }
        return symbols;
    }

    // The criteria judge the live desk: the challenger's paper (shadow) orders and fills never count.
    private Criterion errorRate(Connection c, Criterion.Window w, String symbol) throws SQLException {
        String scope = scope(symbol);
        double[] counts = single(c, """
                SELECT COUNT(*), COALESCE(SUM(CASE WHEN answer IN ('rejected', 'error') THEN 1 ELSE 0 END), 0)
                FROM orders WHERE shadow = 0 AND placed_ts > ? AND placed_ts <= ?""" + bySymbol(symbol), w, symbol, 2);
        if (counts[0] == 0) {
            return Criterion.insufficient("error_rate", scope, "<", config.sloErrorRateMax(), w, "no orders placed in the window");
        }
        return Criterion.judged("error_rate", scope, counts[1] / counts[0], "<", config.sloErrorRateMax(), w,
                (long) counts[1] + " rejected or error of " + (long) counts[0] + " placed");
    }

    private Criterion p95(Connection c, Criterion.Window w, String symbol) throws SQLException {
        String scope = scope(symbol);
        List<Double> latencies = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT place_ms FROM orders WHERE shadow = 0 AND answer = 'acked' AND place_ms IS NOT NULL"
                + " AND answered_ts > ? AND answered_ts <= ?" + bySymbol(symbol) + " ORDER BY place_ms")) {
            bind(q, w, symbol);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    latencies.add(rows.getDouble(1));
                }
            }
        }
        if (latencies.isEmpty()) {
            return Criterion.insufficient("p95_place_ms", scope, "<", config.sloP95PlaceMsMax(), w, "no acked orders in the window");
        }
        // Nearest rank, as the contract defines p95: the ceil(0.95 n)-th smallest.
        int rank = (int) Math.ceil(0.95 * latencies.size());
        return Criterion.judged("p95_place_ms", scope, latencies.get(rank - 1), "<", config.sloP95PlaceMsMax(), w,
                latencies.size() + " acked orders");
    }

    private Criterion slippage(Connection c, Criterion.Window w, String symbol) throws SQLException {
        String scope = scope(symbol);
        double slo = symbol == null ? config.slippageSloBps() : config.slippageSloBps(symbol);
        double[] sums = single(c, """
                SELECT COUNT(*), COALESCE(SUM(notional * slippage_bps), 0), COALESCE(SUM(notional), 0)
                FROM tca WHERE shadow = 0 AND slippage_bps IS NOT NULL AND ts > ? AND ts <= ?""" + bySymbol(symbol), w, symbol, 3);
        if (sums[0] == 0 || sums[2] <= 0) {
            return Criterion.insufficient("slippage_bps", scope, "<=", slo, w, "no fills with TCA in the window");
        }
        return Criterion.judged("slippage_bps", scope, sums[1] / sums[2], "<=", slo, w,
                "notional-weighted over " + (long) sums[0] + " fills");
    }

    private Criterion drawdown(Connection c, Criterion.Window w) throws SQLException {
        Double worst = null;
        try (PreparedStatement q = c.prepareStatement("SELECT MAX(max_dd_today) FROM daily_pnl WHERE day >= ? AND day <= ?")) {
            q.setString(1, UtcDay.of(w.from()));
            q.setString(2, UtcDay.of(w.to()));
            try (ResultSet rows = q.executeQuery()) {
                if (rows.next() && rows.getObject(1) != null) {
                    worst = rows.getDouble(1);
                }
            }
        }
        var global = view.globalKpi().map(k -> k.kpi().ddToday());
        if (global.isPresent()) {
            worst = Math.max(worst == null ? Double.NEGATIVE_INFINITY : worst, global.get());
        }
        if (worst == null) {
            return Criterion.insufficient("dd_today", "global", "<=", DD_MAX, w, "no account records in the window");
        }
        return Criterion.judged("dd_today", "global", worst, "<=", DD_MAX, w, "worst daily drawdown in the window");
    }

    private Criterion rehydrate(Criterion.Window w) {
        return view.rehydrateMillis()
                .map(ms -> Criterion.judged("rehydrate_seconds", "sidecar", ms / 1000.0, "<=", REHYDRATE_MAX_SECONDS, w,
                        "measured at this sidecar's start"))
                .orElse(Criterion.insufficient("rehydrate_seconds", "sidecar", "<=", REHYDRATE_MAX_SECONDS, w,
                        "rehydration has not finished"));
    }

    private Criterion orphans(Connection c, Criterion.Window w) throws SQLException {
        // Every order that became an orphan in the window, answered since or not, by the job's rule.
        long timeout = config.orphanTimeoutMs();
        long became = OrphanCounts.becameIn(c, w.from(), w.to(), timeout, null);
        long now = OrphanCounts.current(c, w.to(), timeout, null);
        return Criterion.judged("orphans", "global", became, "==", 0, w,
                became + " orders unanswered by the venue (acked, rejected, error, fill or canceled) for more than "
                        + timeout + " ms in the window; " + now + " orphans now");
    }

    /**
     * The runbook's "no critical alerts": none firing now in Prometheus. Without Prometheus nothing
     * evaluates the rules, so there is no evidence either way, and the verdict is not a GO.
     */
    private static Criterion criticalAlerts(AlertReadings readings, Criterion.Window w) {
        Criterion.Window now = new Criterion.Window(w.to(), w.to());
        if (readings.firing() == null) {
            return Criterion.insufficient("critical_alerts", "global", "==", 0, now, readings.unavailable());
        }
        List<PrometheusAlerts.Alert> critical = readings.firing().stream()
                .filter(a -> PrometheusAlerts.CRITICAL.equals(a.severity())).toList();
        String names = critical.stream().map(a -> a.name() + (a.symbol() == null ? "" : "{" + a.symbol() + "}"))
                .collect(Collectors.joining(", "));
        return Criterion.judged("critical_alerts", "global", critical.size(), "==", 0, now, critical.isEmpty()
                ? "no critical alert firing in " + readings.source() : "firing in " + readings.source() + ": " + names);
    }

    /**
     * Whether {@code alert} fired in the last hour, as Prometheus evaluated it, else the ledger's own
     * reading of the same condition, saying which.
     */
    private static Criterion fromAlertsOr(AlertReadings readings, String alert, String name, Criterion.Window w,
            SqlCriterion ledgerReading) throws SQLException {
        Boolean fired = readings.firedLastHour().get(alert);
        if (fired != null) {
            return Criterion.judged(name, "global", fired ? 1 : 0, "==", 0, new Criterion.Window(w.to() - HOUR_MS, w.to()),
                    alert + (fired ? " fired" : " did not fire") + " in the last hour (" + readings.source() + ")");
        }
        Criterion c = ledgerReading.get();
        return new Criterion(c.name(), c.scope(), c.value(), c.op(), c.threshold(), c.status(), c.pass(), c.window(),
                c.detail() + " (from the ledger: " + readings.unavailable() + ")");
    }

    @FunctionalInterface
    private interface SqlCriterion {
        Criterion get() throws SQLException;
    }

    private Criterion missingTca(Connection c, Criterion.Window w) throws SQLException {
        Criterion.Window lastHour = new Criterion.Window(w.to() - HOUR_MS, w.to() - TCA_GRACE_MS);
        double[] n = single(c, """
                SELECT COUNT(*) FROM fills f WHERE f.ts > ? AND f.ts <= ?
                AND NOT EXISTS (SELECT 1 FROM tca t WHERE t.fill_key = f.fill_key)""", lastHour, null, 1);
        return Criterion.judged("no_tca_events_5m", "global", n[0], "==", 0, new Criterion.Window(w.to() - HOUR_MS, w.to()),
                "fills of the last hour still without a TCA record 5 minutes later");
    }

    private Criterion budgetDepleted(Connection c, Criterion.Window w) throws SQLException {
        Criterion.Window lastHour = new Criterion.Window(w.to() - HOUR_MS, w.to());
        double[] n = single(c, "SELECT COUNT(*) FROM risk_history WHERE ts > ? AND ts <= ? AND budget_left <= 0",
                lastHour, null, 1);
        return Criterion.judged("budget_depleted", "global", n[0], "==", 0, lastHour,
                "account records with daily_budget_left <= 0 in the last hour");
    }

    /**
     * The runbook's "Sharpe_rolling_20d >= 1.0 (paper previo)": over the last 20 completed UTC days
     * before the window's end, a live day from daily_pnl where the job has one, else a paper day
     * imported by {@code kit import-pnl}; the detail says how many of each and where the paper days came from.
     */
    private Criterion sharpe(Connection c, Criterion.Window w) throws SQLException {
        String today = UtcDay.of(w.to());
        Map<String, Double> returns = new TreeMap<>();
        Map<String, String> paperSource = new TreeMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT day, daily_return, source FROM paper_daily_pnl WHERE day < ?")) {
            q.setString(1, today);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    returns.put(rows.getString(1), rows.getDouble(2));
                    paperSource.put(rows.getString(1), rows.getString(3));
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("""
                SELECT day, equity, start_of_day_equity FROM daily_pnl
                WHERE day < ? AND equity IS NOT NULL AND start_of_day_equity > 0""")) {
            q.setString(1, today);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    // The job's own record of a day wins over an imported paper one.
                    returns.put(rows.getString(1), rows.getDouble(2) / rows.getDouble(3) - 1);
                    paperSource.remove(rows.getString(1));
                }
            }
        }
        List<String> days = new ArrayList<>(returns.keySet());
        List<String> last = days.subList(Math.max(0, days.size() - SHARPE_DAYS), days.size());
        String origin = origin(last, paperSource);
        if (last.size() < SHARPE_DAYS) {
            return Criterion.insufficient("sharpe_rolling_20d", "global", ">=", 1.0, w,
                    "insufficient data: " + last.size() + " of " + SHARPE_DAYS + " completed days (" + origin
                            + "); bring the paper period's days with kit import-pnl");
        }
        double sharpe = Sharpe.annualised(last.stream().mapToDouble(returns::get).toArray());
        if (!Double.isFinite(sharpe)) {
            return Criterion.insufficient("sharpe_rolling_20d", "global", ">=", 1.0, w,
                    "insufficient data: the daily returns do not vary (" + origin + ")");
        }
        return Criterion.judged("sharpe_rolling_20d", "global", sharpe, ">=", 1.0, w,
                "annualised (mean / sample sd x sqrt 252) over the last " + SHARPE_DAYS + " completed days, "
                        + last.get(0) + " to " + last.get(last.size() - 1) + ": " + origin);
    }

    // How many of the days are live and how many paper, and the files the paper ones came from.
    private static String origin(List<String> days, Map<String, String> paperSource) {
        long paper = days.stream().filter(paperSource::containsKey).count();
        String sources = String.join(", ", days.stream().filter(paperSource::containsKey).map(paperSource::get)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        return (days.size() - paper) + " live from daily_pnl, " + paper + " paper"
                + (paper == 0 ? "" : " imported from " + sources);
    }

    private static String scope(String symbol) {
        return symbol == null ? "global" : symbol;
    }

    private static String bySymbol(String symbol) {
        return symbol == null ? "" : " AND symbol = ?";
    }

    private static void bind(PreparedStatement q, Criterion.Window w, String symbol) throws SQLException {
        q.setLong(1, w.from());
        q.setLong(2, w.to());
        if (symbol != null) {
            q.setString(3, symbol);
        }
    }

    private static double[] single(Connection c, String sql, Criterion.Window w, String symbol, int columns)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, w, symbol);
            try (ResultSet rows = q.executeQuery()) {
                double[] values = new double[columns];
                if (rows.next()) {
                    for (int i = 0; i < columns; i++) {
                        values[i] = rows.getDouble(i + 1);
                    }
                }
                return values;
            }
        }
    }

    private interface SqlSupplier {
        Criterion get() throws SQLException;
    }

    private static Criterion uncheckedSql(SqlSupplier supplier) {
        try {
            return supplier.get();
        } catch (SQLException e) {
            throw new io.canarykit.admin.ledger.LedgerException("go-no-go query failed: " + e.getMessage(), e);
        }
    }
}
