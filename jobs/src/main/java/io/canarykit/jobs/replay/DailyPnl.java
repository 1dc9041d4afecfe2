package io.canarykit.jobs.replay;

import io.canarykit.schema.KpiRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account's P&L per UTC day, read from the {@code _global} KPI records of a run: the figures of
 * each day's last record, and the day's worst drawdown among its records. Written by {@code kit
 * replay} as {@code daily-pnl.csv}, which {@code kit import-pnl} loads into the sidecar's ledger as
 * the paper period's days.
 */
public final class DailyPnl {

    /** The file name {@code kit replay} writes. */
    public static final String FILE = "daily-pnl.csv";

    /** The header line: the columns, in order. */
    public static final String HEADER = "day,pnl,return,equity,start_of_day_equity,realised_pnl,fees,unrealised_pnl,"
            + "max_dd_today,trades_today,last_ts,complete";

    private DailyPnl() {}

    /**
     * One UTC day of the account.
     *
     * @param day the UTC day, {@code yyyy-mm-dd}
     * @param pnl {@code equity - start_of_day_equity} at the day's last record
     * @param dailyReturn {@code pnl / start_of_day_equity}, or null when that equity is not positive
     * @param equity the equity at the day's last record
     * @param startOfDayEquity the equity at the day's start (moved by a capital change, like equity)
     * @param realisedPnl the day's realised P&L at its last record
     * @param fees the day's fees at its last record
     * @param unrealisedPnl the day's change in the open positions' marked P&L at its last record
     * @param maxDdToday the largest {@code dd_today} among the day's records, or null when none had one
     * @param tradesToday orders with a fill that day, at its last record
     * @param lastTs the time of the day's last record
     * @param complete true when the run has records of a later day, so this day's figures are final
     */
    public record Day(
            String day,
            double pnl,
            Double dailyReturn,
            double equity,
            double startOfDayEquity,
            double realisedPnl,
            double fees,
            double unrealisedPnl,
            Double maxDdToday,
            long tradesToday,
            long lastTs,
            boolean complete) {}

    /** The days of {@code kpis}, oldest first; records of symbols and records without equity are ignored. */
    public static List<Day> of(List<KpiRecord> kpis) {
        Map<String, KpiRecord> last = new TreeMap<>();
        Map<String, Double> worstDd = new TreeMap<>();
        for (KpiRecord k : kpis) {
            if (!KpiRecord.GLOBAL.equals(k.symbol()) || k.equity() == null || k.startOfDayEquity() == null) {
                continue;
            }
            String day = dayOf(k.ts());
            last.merge(day, k, (held, next) -> next.ts() >= held.ts() ? next : held);
            if (k.ddToday() != null) {
                worstDd.merge(day, k.ddToday(), Math::max);
            }
        }
        List<Day> days = new ArrayList<>();
        List<String> ordered = new ArrayList<>(last.keySet());
        for (int i = 0; i < ordered.size(); i++) {
            String day = ordered.get(i);
            KpiRecord k = last.get(day);
            double sod = k.startOfDayEquity();
            double pnl = k.equity() - sod;
            days.add(new Day(day, pnl, sod > 0 ? pnl / sod : null, k.equity(), sod, orZero(k.realisedPnl()),
                    orZero(k.fees()), orZero(k.unrealisedPnl()), worstDd.get(day),
                    k.tradesToday() == null ? 0 : k.tradesToday(), k.ts(), i < ordered.size() - 1));
        }
        return days;
    }

    /** The CSV text of {@code days}: the header, then one line a day; numbers in plain decimal, none as empty. */
    public static String csv(List<Day> days) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Day d : days) {
            out.append(d.day()).append(',')
                    .append(number(d.pnl())).append(',')
                    .append(number(d.dailyReturn())).append(',')
                    .append(number(d.equity())).append(',')
                    .append(number(d.startOfDayEquity())).append(',')
                    .append(number(d.realisedPnl())).append(',')
                    .append(number(d.fees())).append(',')
                    .append(number(d.unrealisedPnl())).append(',')
                    .append(number(d.maxDdToday())).append(',')
                    .append(d.tradesToday()).append(',')
                    .append(d.lastTs()).append(',')
                    .append(d.complete()).append('\n');
        }
        return out.toString();
    }

    private static String dayOf(long ts) {
        return Instant.ofEpochMilli(ts).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static double orZero(Double value) {
        return value == null ? 0.0 : value;
    }

    // Plain decimal, never 1.0E-4: the file is read by spreadsheets as well as by kit import-pnl.
    private static String number(Double value) {
        if (value == null || !Double.isFinite(value)) {
            return "";
        }
        return BigDecimal.valueOf(value).toPlainString();
    }
}
