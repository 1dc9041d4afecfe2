package io.canarykit.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.StateRoundTrip;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives the timeline and a plain list, re-sorted and re-scanned at every read, through the same
 * random appends (in order, late, of equal times), trims and state restores, and compares every read.
 */
class AccountTimelinePropertyTest {

    private static final int STEPS = 1_500;

    static LongStream seeds() {
        return LongStream.range(0, 64);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void readsAsAPlainSortedListDoes(long seed) {
        Random random = new Random(seed);
        long now = 1_000;
        AccountView first = view(now, 0);
        AccountTimeline timeline = AccountTimeline.startingWith(first);
        PlainTimeline plain = new PlainTimeline(first);
        int stepsWithDroppedSlots = 0;

        for (int step = 1; step <= STEPS; step++) {
            String at = "step " + step + " (seed " + seed + ")";
            int roll = random.nextInt(100);
            if (roll < 70) {
                // Mostly in order; a step of 0 gives views of equal time.
                now += 10L * random.nextInt(3);
                AccountView v = view(now, step);
                timeline.add(v);
                plain.add(v);
            } else if (roll < 85) {
                // Late, possibly before views already dropped, or at the time of one held.
                long ts = random.nextBoolean() ? now - random.nextInt(300) : plain.anyTime(random);
                AccountView v = view(ts, step);
                timeline.add(v);
                plain.add(v);
            } else if (roll < 97) {
                long watermark = now - random.nextInt(150);
                timeline.dropBefore(watermark);
                plain.dropBefore(watermark);
            } else {
                timeline = StateRoundTrip.roundTrip(AccountTimeline.class, timeline);
            }
            stepsWithDroppedSlots += timeline.getHead() > 0 ? 1 : 0;
            assertSameReads(at, timeline, plain, random, now);
        }

        // Reads from behind a head index, before compaction, must be among those compared.
        assertThat(stepsWithDroppedSlots).isGreaterThan(STEPS / 20);
    }

    private static void assertSameReads(String at, AccountTimeline timeline, PlainTimeline plain, Random random, long now) {
        assertThat(timeline.views()).as("%s views", at).isEqualTo(plain.sorted());
        assertThat(timeline.latest()).as("%s latest", at).isEqualTo(plain.latest());
        for (long t : probes(plain, random, now)) {
            assertThat(timeline.asOf(t)).as("%s as of %d", at, t).isEqualTo(plain.asOf(t));
        }
    }

    /** Times just before and at a few held views, a few random ones, and both ends of time. */
    private static List<Long> probes(PlainTimeline plain, Random random, long now) {
        List<Long> times = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE));
        for (int i = 0; i < 4; i++) {
            long held = plain.anyTime(random);
            times.add(held - 1);
            times.add(held);
            times.add(now - random.nextInt(400) + 50);
        }
        return times;
    }

    /** A view that no other equals, so order among views of one time shows. */
    private static AccountView view(long ts, int serial) {
        return new AccountView(ts, 1.0, 0.0, serial, null, 0.0);
    }

    /** The timeline as a list in arrival order, sorted by time (a stable sort) for every read. */
    private static final class PlainTimeline {
        private List<AccountView> arrived = new ArrayList<>();
        private List<AccountView> sorted;

        PlainTimeline(AccountView first) {
            arrived.add(first);
        }

        void add(AccountView v) {
            arrived.add(v);
            sorted = null;
        }

        /** The held views in time order, sorted again after every change (the reads of one step share it). */
        List<AccountView> sorted() {
            if (sorted == null) {
                sorted = new ArrayList<>(arrived);
                sorted.sort(Comparator.comparingLong(AccountView::ts));
            }
            return sorted;
        }

        AccountView asOf(long t) {
            List<AccountView> inOrder = sorted();
            AccountView found = inOrder.get(0);
            for (AccountView v : inOrder) {
                if (v.ts() <= t) {
                    found = v;
                }
            }
            return found;
        }

        AccountView latest() {
            List<AccountView> inOrder = sorted();
            return inOrder.get(inOrder.size() - 1);
        }

        /** Keeps the newest view at or before the watermark and every later one. */
        void dropBefore(long watermark) {
            List<AccountView> inOrder = sorted();
            int keepFrom = 0;
            for (int i = 0; i < inOrder.size(); i++) {
                if (inOrder.get(i).ts() <= watermark) {
                    keepFrom = i;
                }
            }
            arrived = new ArrayList<>(inOrder.subList(keepFrom, inOrder.size()));
            sorted = null;
        }

        long anyTime(Random random) {
            return arrived.get(random.nextInt(arrived.size())).ts();
        }
    }
}
