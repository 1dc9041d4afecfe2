package io.canarykit.operators.signals;

import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The markouts of a symbol's recent fills: at 1 s, 5 s and 60 s after a fill at {@code ts},
 * {@code sign * (mid - fill_px) / fill_px * 1e4}, with {@code mid} the latest primary mid at or
 * before {@code ts + h} (positive = the market moved in the fill's favour).
 *
 * <p>The book keeps no clock and no history of mids: the caller settles the horizons that are due
 * by a time, handing it the primary mid in force, at the two moments that mid is the one at or
 * before the due time: just before a primary quote stamped after the due time is applied, and
 * when the due time itself has come (a timer) with every quote stamped at or before it applied. A
 * mid stamped after the due time never measures it: that horizon has no markout (null).
 *
 * <p>Each pending fill is one entry of a map keyed by its {@link TcaRecord#fillKey() fill key},
 * and one entry in each horizon's due log, a window as long as the horizon, which hands the key back
 * exactly when the horizon is due. Whether anything is due reads only the logs' oldest times, so
 * a quote with no markout due pays that and nothing else. A fill's entry goes when its 60 s
 * markout is settled, and the book then sends its record complete ({@code final: true}).
 */
public final class MarkoutBook {

    /** The horizons, in the order they come due. */
    public enum Horizon {
        ONE_SECOND(1_000L, "1s"),
        FIVE_SECONDS(5_000L, "5s"),
        ONE_MINUTE(60_000L, "60s");

        private final long ms;
        private final String key;

        Horizon(long ms, String key) {
            this.ms = ms;
            this.key = key;
        }

        public long ms() {
            return ms;
        }

        /** The name of the horizon in a TCA record's {@code markouts_bps}. */
        public String key() {
            return key;
        }
    }

    private static final Horizon[] HORIZONS = Horizon.values();

    /** Where the book keeps its pending fills: the fills by key, and one due log per horizon. */
    public record Stores(
            KeyValueStore<String, PendingMarkout> fills,
            WindowLog<String> dueOneSecond,
            WindowLog<String> dueFiveSeconds,
            WindowLog<String> dueOneMinute) {

        public Stores {
            if (fills == null) {
                throw new IllegalArgumentException("fills is required but not provided");
            }
            checkedLog(dueOneSecond, "dueOneSecond", Horizon.ONE_SECOND);
            checkedLog(dueFiveSeconds, "dueFiveSeconds", Horizon.FIVE_SECONDS);
            checkedLog(dueOneMinute, "dueOneMinute", Horizon.ONE_MINUTE);
        }

        /** Empty stores on the heap. */
        public static Stores onHeap() {
            return new Stores(KeyValueStore.onHeap(), new EventTimeWindow<>(Horizon.ONE_SECOND.ms()),
                    new EventTimeWindow<>(Horizon.FIVE_SECONDS.ms()), new EventTimeWindow<>(Horizon.ONE_MINUTE.ms()));
        }

        /** Whether some horizon is due at or before {@code t}; reads the due logs' oldest times only. */
        public boolean anyDueBy(long t) {
            for (Horizon h : HORIZONS) {
                long oldest = due(h).oldestTs();
                if (oldest != Long.MIN_VALUE && oldest <= t - h.ms()) {
                    return true;
                }
            }
            return false;
        }

        /** Whether any fill still waits for its markouts: every pending fill is in the 60 s log until it is final. */
        public boolean anyPending() {
            return !dueOneMinute.isEmpty();
        }

        WindowLog<String> due(Horizon h) {
            return switch (h) {
                case ONE_SECOND -> dueOneSecond;
                case FIVE_SECONDS -> dueFiveSeconds;
                case ONE_MINUTE -> dueOneMinute;
            };
        }

        private static void checkedLog(WindowLog<String> log, String name, Horizon h) {
            if (log == null) {
                throw new IllegalArgumentException(name + " is required but not provided");
            }
            if (log.lengthMs() != h.ms()) {
                throw new IllegalArgumentException(name + " must be a log of " + h.ms() + " ms, got one of " + log.lengthMs());
            }
        }
    }

    /** The primary mid in force when a horizon is settled: its quote's {@code ts} and the mid, or none yet. */
    public record Mid(long ts, double mid) {

        /** The mid of {@code ts} and {@code mid}, or null when either is unknown. */
        public static Mid of(Long ts, Double mid) {
            return ts == null || mid == null ? null : new Mid(ts, mid);
        }
    }

    private final Stores stores;

    private MarkoutBook(Stores stores) {
        if (stores == null) {
            throw new IllegalArgumentException("stores is required but not provided");
        }
        this.stores = stores;
    }

    /** A book over the caller's stores (empty, or as an earlier book left them). */
    public static MarkoutBook over(Stores stores) {
        return new MarkoutBook(stores);
    }

    /** An empty book on the heap. */
    public static MarkoutBook onHeap() {
        return new MarkoutBook(Stores.onHeap());
    }

    /**
     * Opens the markouts of a fill and returns the record to send now: the fill with every markout
     * unknown (null) and {@code final} false. A fill already pending is not opened twice.
     */
    public TcaRecord open(TcaRecord fill) {
        if (fill == null) {
            throw new IllegalArgumentException("fill is required but not provided");
        }
        String key = fill.fillKey();
        if (stores.fills().get(key) == null) {
            stores.fills().put(key, new PendingMarkout(fill, null, null));
            for (Horizon h : HORIZONS) {
                stores.due(h).add(fill.ts(), key);
            }
        }
        return fill.withMarkouts(markouts(null, null, null), false);
    }

    /** Whether some horizon is due at or before {@code t}. */
    public boolean anyDueBy(long t) {
        return stores.anyDueBy(t);
    }

    /** Whether any fill still waits for its markouts. */
    public boolean anyPending() {
        return stores.anyPending();
    }

    /**
     * Settles every horizon due at or before {@code t} from {@code mid}, the primary mid in force,
     * and sends each fill whose 60 s markout is settled to {@code completed}, final. A horizon due
     * after {@code knownUntil} (the end of the input, when the input has ended) has no markout: no
     * mid at its due time is known.
     */
    public void settleDueBy(long t, Mid mid, long knownUntil, Consumer<TcaRecord> completed) {
        if (completed == null) {
            throw new IllegalArgumentException("completed is required but not provided");
        }
        if (!stores.anyDueBy(t)) {
            return;
        }
        // Shorter horizons first, so a fill's 1 s and 5 s markouts are settled before its 60 s one finalises it.
        for (Horizon h : HORIZONS) {
            stores.due(h).advanceTo(t, key -> settle(key, h, mid, knownUntil, completed));
        }
    }

    private void settle(String key, Horizon h, Mid mid, long knownUntil, Consumer<TcaRecord> completed) {
        PendingMarkout pending = stores.fills().get(key);
        if (pending == null) {
            return;
        }
        TcaRecord fill = pending.fill();
        long due = fill.ts() + h.ms();
        Double bps = due > knownUntil ? null : markoutBps(fill.side(), fill.fillPx(), due, mid);
        switch (h) {
            case ONE_SECOND -> stores.fills().put(key, new PendingMarkout(fill, bps, pending.fiveSeconds()));
            case FIVE_SECONDS -> stores.fills().put(key, new PendingMarkout(fill, pending.oneSecond(), bps));
            case ONE_MINUTE -> {
                stores.fills().remove(key);
                completed.accept(fill.withMarkouts(markouts(pending.oneSecond(), pending.fiveSeconds(), bps), true));
            }
        }
    }

    /**
     * {@code sign * (mid - fill_px) / fill_px * 1e4}, or null when there is no mid at or before
     * {@code due} (none yet, or the one in force is stamped after it), or no usable price.
     */
    static Double markoutBps(Side side, double fillPx, long due, Mid mid) {
        if (mid == null || mid.ts() > due || side == null || !(fillPx > 0) || !Double.isFinite(fillPx)) {
            return null;
        }
        double bps = side.sign() * (mid.mid() - fillPx) / fillPx * 1e4;
        return Double.isFinite(bps) ? bps : null;
    }

    /** The {@code markouts_bps} of a record: every horizon named, null while unknown. */
    private static Map<String, Double> markouts(Double oneSecond, Double fiveSeconds, Double oneMinute) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(Horizon.ONE_SECOND.key(), oneSecond);
        m.put(Horizon.FIVE_SECONDS.key(), fiveSeconds);
        m.put(Horizon.ONE_MINUTE.key(), oneMinute);
        return m;
    }
}
