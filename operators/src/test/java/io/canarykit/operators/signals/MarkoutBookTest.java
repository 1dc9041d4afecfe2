package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.signals.MarkoutBook.Mid;
import io.canarykit.operators.store.CountingStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MarkoutBookTest {

    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long NO_END = Long.MAX_VALUE;

    private final List<TcaRecord> completed = new ArrayList<>();

    @Test
    void aFillGoesOutFirstWithEveryMarkoutUnknownAndNotFinal() {
        MarkoutBook book = MarkoutBook.onHeap();

        TcaRecord first = book.open(fill("o1", T, Side.BUY, 1.0, 100.0));

        assertThat(first.isFinal()).isFalse();
        assertThat(first.markoutsBps()).containsOnlyKeys("1s", "5s", "60s");
        assertThat(first.markoutsBps().values()).containsOnlyNulls();
        assertThat(first.slippageBps()).isEqualTo(fill("o1", T, Side.BUY, 1.0, 100.0).slippageBps());
        assertThat(book.anyPending()).isTrue();
    }

    @Test
    void buyMarkoutsAreTheMidAtOrBeforeEachHorizon() {
        MarkoutBook book = MarkoutBook.onHeap();
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));

        // 1 s: the mid of T+1000 is in force when the next quote (T+1200) arrives:
        // +1 * (100.05 - 100) / 100 * 1e4 = +5 bps.
        book.settleDueBy(T + 1_199, new Mid(T + 1_000, 100.05), NO_END, completed::add);
        // 5 s: at the due time, the mid in force is 99.90 from T+4900: (99.90 - 100) / 100 * 1e4 = -10 bps.
        book.settleDueBy(T + 5_000, new Mid(T + 4_900, 99.90), NO_END, completed::add);
        assertThat(completed).isEmpty();
        // 60 s: 100.30 from T+59000: +30 bps; the fill is now final.
        book.settleDueBy(T + 60_000, new Mid(T + 59_000, 100.30), NO_END, completed::add);

        assertThat(completed).hasSize(1);
        TcaRecord done = completed.get(0);
        assertThat(done.isFinal()).isTrue();
        assertThat(done.markoutsBps().get("1s")).isCloseTo(5.0, within(1e-9));
        assertThat(done.markoutsBps().get("5s")).isCloseTo(-10.0, within(1e-9));
        assertThat(done.markoutsBps().get("60s")).isCloseTo(30.0, within(1e-9));
        assertThat(book.anyPending()).isFalse();
    }

    @Test
    void aSellGainsWhenTheMidFalls() {
        MarkoutBook book = MarkoutBook.onHeap();
        book.open(fill("s1", T, Side.SELL, 2.0, 50.0));

        // -1 * (49.95 - 50) / 50 * 1e4 = +10 bps; -1 * (50.10 - 50) / 50 * 1e4 = -20 bps; -1 * (50 - 50) = 0.
        book.settleDueBy(T + 1_000, new Mid(T + 800, 49.95), NO_END, completed::add);
        book.settleDueBy(T + 5_000, new Mid(T + 5_000, 50.10), NO_END, completed::add);
        book.settleDueBy(T + 60_000, new Mid(T + 30_000, 50.0), NO_END, completed::add);

        Map<String, Double> m = completed.get(0).markoutsBps();
        assertThat(m.get("1s")).isCloseTo(10.0, within(1e-9));
        assertThat(m.get("5s")).isCloseTo(-20.0, within(1e-9));
        assertThat(m.get("60s")).isEqualTo(0.0);
    }

    @Test
    void nothingIsDueOneMillisecondBeforeTheHorizonAndTheFillIsFinalOnlyAtSixtySeconds() {
        MarkoutBook book = MarkoutBook.onHeap();
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));

        assertThat(book.anyDueBy(T + 999)).isFalse();
        assertThat(book.anyDueBy(T + 1_000)).isTrue();
        book.settleDueBy(T + 59_999, new Mid(T, 100.0), NO_END, completed::add);
        assertThat(completed).isEmpty();
        assertThat(book.anyDueBy(T + 59_999)).isFalse();
        assertThat(book.anyDueBy(T + 60_000)).isTrue();
    }

    @Test
    void aMidStampedAfterTheDueTimeNeverMeasuresIt() {
        MarkoutBook book = MarkoutBook.onHeap();
        // A fill that arrives 2 s late: the mid in force is already from T+1500, after its 1 s horizon.
        book.open(fill("late", T, Side.BUY, 1.0, 100.0));

        book.settleDueBy(T + 60_000, new Mid(T + 1_500, 100.10), NO_END, completed::add);

        Map<String, Double> m = completed.get(0).markoutsBps();
        assertThat(m.get("1s")).isNull();
        // 5 s and 60 s: the mid of T+1500 is the latest at or before them: (100.10 - 100) / 100 * 1e4 = +10 bps.
        assertThat(m.get("5s")).isCloseTo(10.0, within(1e-9));
        assertThat(m.get("60s")).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void noPrimaryMidGivesNoMarkoutButStillFinalises() {
        MarkoutBook book = MarkoutBook.onHeap();
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));

        book.settleDueBy(T + 60_000, Mid.of(null, null), NO_END, completed::add);

        assertThat(completed).singleElement().satisfies(r -> {
            assertThat(r.isFinal()).isTrue();
            assertThat(r.markoutsBps().values()).containsOnlyNulls();
        });
    }

    @Test
    void aHorizonPastTheEndOfTheInputHasNoMarkout() {
        MarkoutBook book = MarkoutBook.onHeap();
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));

        // The input ends at T+30000 with the last quote at T+800: 1 s and 5 s are known,
        // (100.02 - 100) / 100 * 1e4 = +2 bps; 60 s is not, and the record finalises with it null.
        book.settleDueBy(T + 60_000, new Mid(T + 800, 100.02), T + 30_000, completed::add);

        Map<String, Double> m = completed.get(0).markoutsBps();
        assertThat(m.get("1s")).isCloseTo(2.0, within(1e-9));
        assertThat(m.get("5s")).isCloseTo(2.0, within(1e-9));
        assertThat(m.get("60s")).isNull();
        assertThat(completed.get(0).isFinal()).isTrue();
    }

    @Test
    void twoFillsOfOneOrderAreMeasuredApart() {
        MarkoutBook book = MarkoutBook.onHeap();
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));
        book.open(fill("o1", T + 2_000, Side.BUY, 3.0, 101.0));

        // First fill's 60 s at T+60000, second's at T+62000; mid 101.0 from T+50000 for both.
        book.settleDueBy(T + 62_000, new Mid(T + 50_000, 101.0), NO_END, completed::add);

        assertThat(completed).hasSize(2);
        assertThat(completed).extracting(TcaRecord::fillQty).containsExactlyInAnyOrder(1.0, 3.0);
        for (TcaRecord r : completed) {
            // (101 - 100) / 100 * 1e4 = 100 bps for the first, (101 - 101) / 101 = 0 for the second.
            assertThat(r.markoutsBps().get("60s")).isCloseTo(r.fillQty() == 1.0 ? 100.0 : 0.0, within(1e-9));
        }
        assertThat(completed.get(0).fillKey()).isNotEqualTo(completed.get(1).fillKey());
    }

    @Test
    void aFillAlreadyPendingIsNotOpenedTwice() {
        MarkoutBook book = MarkoutBook.onHeap();
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));

        book.settleDueBy(T + 60_000, new Mid(T, 100.0), NO_END, completed::add);

        assertThat(completed).hasSize(1);
    }

    @Test
    void leavesNothingBehindOnceEveryFillIsFinal() {
        CountingStore<String, PendingMarkout> fills = new CountingStore<>();
        MarkoutBook.Stores stores = new MarkoutBook.Stores(fills, new EventTimeWindow<>(1_000),
                new EventTimeWindow<>(5_000), new EventTimeWindow<>(60_000));
        MarkoutBook book = MarkoutBook.over(stores);
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));
        book.open(fill("o2", T + 10, Side.SELL, 1.0, 100.0));

        book.settleDueBy(T + 60_010, new Mid(T, 100.0), NO_END, completed::add);

        assertThat(completed).hasSize(2);
        assertThat(stores.dueOneSecond().isEmpty()).isTrue();
        assertThat(stores.dueFiveSeconds().isEmpty()).isTrue();
        assertThat(stores.dueOneMinute().isEmpty()).isTrue();
        fills.forEach((k, v) -> {
            throw new AssertionError("left behind: " + k);
        });
    }

    @Test
    void aQuoteWithNothingDueReadsNoPendingFill() {
        CountingStore<String, PendingMarkout> fills = new CountingStore<>();
        MarkoutBook book = MarkoutBook.over(new MarkoutBook.Stores(fills, new EventTimeWindow<>(1_000),
                new EventTimeWindow<>(5_000), new EventTimeWindow<>(60_000)));
        book.open(fill("o1", T, Side.BUY, 1.0, 100.0));
        fills.reset();

        for (long q = T + 1; q < T + 1_000; q += 7) {
            book.settleDueBy(q - 1, new Mid(q, 100.0), NO_END, completed::add);
        }

        assertThat(fills.gets + fills.writes()).isZero();
    }

    @Test
    void aPendingFillIsStoredWithoutKryo() {
        KryoFreeTypes.assertNoGenericTypes(PendingMarkout.class);
    }

    @Test
    void refusesMisshapenStoresAndMissingArguments() {
        assertThatThrownBy(() -> new MarkoutBook.Stores(null, new EventTimeWindow<>(1_000),
                new EventTimeWindow<>(5_000), new EventTimeWindow<>(60_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fills is required");
        assertThatThrownBy(() -> new MarkoutBook.Stores(new CountingStore<>(), new EventTimeWindow<>(1_000),
                new EventTimeWindow<>(1_000), new EventTimeWindow<>(60_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dueFiveSeconds must be a log of 5000 ms");
        assertThatThrownBy(() -> MarkoutBook.onHeap().open(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fill is required");
        assertThatThrownBy(() -> MarkoutBook.onHeap().settleDueBy(T, null, NO_END, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("completed is required");
    }

    /**
     * Random quotes and fills, settled both ways the job settles them (at each due time, and just
     * before a quote stamped after it), against a brute-force search of the quote list for the
     * latest mid at or before each horizon.
     */
    @Test
    void matchesABruteForceSearchOfTheQuotesBothWaysOfSettling() {
        Random random = new Random(13);
        for (int run = 0; run < 200; run++) {
            List<long[]> events = new ArrayList<>(); // {ts, kind 0 quote / 1 fill, index}
            List<Double> mids = new ArrayList<>();
            List<TcaRecord> fills = new ArrayList<>();
            long ts = T;
            int n = 5 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                ts += random.nextInt(4) == 0 ? 0 : random.nextInt(8_000);
                if (random.nextInt(3) == 0) {
                    Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                    fills.add(fill("o" + random.nextInt(5), ts, side, 1 + random.nextInt(3), 90 + random.nextInt(20)));
                    events.add(new long[] {ts, 1, fills.size() - 1});
                } else {
                    mids.add(90 + random.nextInt(2_000) / 100.0);
                    events.add(new long[] {ts, 0, mids.size() - 1});
                }
            }
            long end = ts;
            Map<String, Map<String, Double>> expected = bruteForce(events, mids, fills, end);
            assertThat(byKey(settledAtDueTimes(events, mids, fills, end))).as("run %d at due times", run)
                    .isEqualTo(expected);
            assertThat(byKey(settledBeforeLaterQuotes(events, mids, fills, end))).as("run %d before quotes", run)
                    .isEqualTo(expected);
        }
    }

    /** Replay's way: at each time, the events of that time applied, then every horizon due by it settled. */
    private static List<TcaRecord> settledAtDueTimes(List<long[]> events, List<Double> mids, List<TcaRecord> fills, long end) {
        MarkoutBook book = MarkoutBook.onHeap();
        List<TcaRecord> out = new ArrayList<>();
        TreeSet<Long> times = new TreeSet<>();
        for (long[] e : events) {
            times.add(e[0]);
            if (e[1] == 1) {
                for (MarkoutBook.Horizon h : MarkoutBook.Horizon.values()) {
                    times.add(e[0] + h.ms());
                }
            }
        }
        Mid mid = null;
        int next = 0;
        for (long t : times) {
            while (next < events.size() && events.get(next)[0] == t) {
                long[] e = events.get(next++);
                if (e[1] == 0) {
                    mid = new Mid(t, mids.get((int) e[2]));
                } else {
                    book.open(fills.get((int) e[2]));
                }
            }
            book.settleDueBy(t, mid, t > end ? end : NO_END, out::add);
        }
        return out;
    }

    /** Live's way: before each quote, what is due before its ts; the rest when the input ends. */
    private static List<TcaRecord> settledBeforeLaterQuotes(List<long[]> events, List<Double> mids, List<TcaRecord> fills,
            long end) {
        MarkoutBook book = MarkoutBook.onHeap();
        List<TcaRecord> out = new ArrayList<>();
        Mid mid = null;
        for (long[] e : events) {
            if (e[1] == 0) {
                book.settleDueBy(e[0] - 1, mid, NO_END, out::add);
                mid = new Mid(e[0], mids.get((int) e[2]));
            } else {
                book.open(fills.get((int) e[2]));
            }
        }
        book.settleDueBy(end + MarkoutBook.Horizon.ONE_MINUTE.ms(), mid, end, out::add);
        return out;
    }

    private static Map<String, Map<String, Double>> bruteForce(List<long[]> events, List<Double> mids,
            List<TcaRecord> fills, long end) {
        Map<String, Map<String, Double>> expected = new HashMap<>();
        for (TcaRecord f : fills) {
            Map<String, Double> m = new HashMap<>();
            for (MarkoutBook.Horizon h : MarkoutBook.Horizon.values()) {
                long due = f.ts() + h.ms();
                Double mid = null;
                for (long[] e : events) {
                    if (e[1] == 0 && e[0] <= due) {
                        mid = mids.get((int) e[2]);
                    }
                }
                m.put(h.key(), due > end || mid == null ? null : f.side().sign() * (mid - f.fillPx()) / f.fillPx() * 1e4);
            }
            expected.putIfAbsent(f.fillKey(), m);
        }
        return expected;
    }

    private static Map<String, Map<String, Double>> byKey(List<TcaRecord> records) {
        Map<String, Map<String, Double>> m = new HashMap<>();
        for (TcaRecord r : records) {
            assertThat(r.isFinal()).isTrue();
            assertThat(m.put(r.fillKey(), new HashMap<>(r.markoutsBps()))).as("one final record per fill").isNull();
        }
        return m;
    }

    static TcaRecord fill(String orderId, long ts, Side side, double qty, double px) {
        return new TcaRecord(orderId, "BTCUSDT", ts, side, "m1", false, qty, px, 100.0, qty * px, 0.0,
                side.sign() * (px - 100.0) / 100.0 * 1e4, null, null, false);
    }
}
