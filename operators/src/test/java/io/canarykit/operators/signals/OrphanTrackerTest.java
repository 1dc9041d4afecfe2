package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrphanTrackerTest {

    private static final long TIMEOUT = 5_000;
    private static final long RETENTION = 60_000;

    @Test
    void exactlyTheTimeoutWithoutAnswerIsNotYetAnOrphan() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.placed("A", 1_000);

        o.advanceTo(6_000);
        // 6000 - 1000 = 5000, not more than 5000: still waiting.
        assertThat(o.orphans()).isZero();
        assertThat(o.waiting()).isEqualTo(1);

        o.advanceTo(6_001);
        // 6001 - 1000 = 5001 > 5000: an orphan.
        assertThat(o.orphans()).isEqualTo(1);
        assertThat(o.waiting()).isZero();
        assertThat(o.totalOrphans()).isEqualTo(1);
    }

    @Test
    void answerAtExactlyTheTimeoutCountsAsInTime() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.placed("A", 1_000);
        o.advanceTo(6_000);
        o.settled("A", 6_000);
        o.advanceTo(20_000);

        assertThat(o.orphans()).isZero();
        assertThat(o.totalOrphans()).isZero();
    }

    @Test
    void lateAnswerLeavesTheCountButStaysInTheTotal() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.placed("A", 0);
        o.placed("B", 0);
        o.advanceTo(10_000);
        assertThat(o.orphans()).isEqualTo(2);

        o.settled("A", 10_000);

        assertThat(o.orphans()).isEqualTo(1);
        assertThat(o.totalOrphans()).isEqualTo(2);
    }

    @Test
    void answerLaterThanTheTimeoutCountsEvenWithoutAClockStepInBetween() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.placed("A", 0);
        o.placed("B", 0);
        o.advanceTo(1_000);
        // A answered at 5001 (> 5000 after placement), B at 5000: only A was ever an orphan.
        o.settled("A", 5_001);
        o.settled("B", 5_000);
        o.advanceTo(5_001);

        assertThat(o.orphans()).isZero();
        assertThat(o.totalOrphans()).isEqualTo(1);
    }

    @Test
    void keepsTheFirstPlacementClock() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.placed("A", 0);
        o.placed("A", 4_000);
        o.advanceTo(5_001);

        // The clock started at 0, so 5001 ms later A is an orphan, once.
        assertThat(o.orphans()).isEqualTo(1);
        assertThat(o.totalOrphans()).isEqualTo(1);
    }

    @Test
    void answerForAnUnknownOrderChangesNothing() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.settled("ghost", 100);
        o.advanceTo(100_000);

        assertThat(o.orphans()).isZero();
        assertThat(o.totalOrphans()).isZero();
    }

    @Test
    void dropsAnOrphanOnceItsRetentionRunsOut() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.placed("A", 0);
        o.advanceTo(59_999);
        assertThat(o.orphans()).isEqualTo(1);

        o.advanceTo(60_000);
        // 60000 - 0 >= retention 60000: dropped from the count, kept in the total.
        assertThat(o.orphans()).isZero();
        assertThat(o.totalOrphans()).isEqualTo(1);
        // A later answer finds nothing to remove.
        o.settled("A", 60_000);
        assertThat(o.totalOrphans()).isEqualTo(1);
    }

    private static final long DAY = 86_400_000L;

    @Test
    void totalStartsAgainInANewUtcDay() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        // A orphaned at DAY - 20000 + 5001 = DAY - 14999, in day 0.
        o.placed("A", DAY - 20_000);
        o.advanceTo(DAY - 10_000);
        assertThat(o.totalOrphans()).isEqualTo(1);

        // B orphaned at DAY - 3000 + 5001 = DAY + 2001, in day 1; A is still unanswered.
        o.placed("B", DAY - 3_000);
        o.advanceTo(DAY + 5_000);

        assertThat(o.orphans()).isEqualTo(2);
        assertThat(o.totalOrphans()).isEqualTo(1);
    }

    @Test
    void anOrphanOfYesterdayFoundAfterMidnightIsNotCountedToday() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        // Orphaned at DAY - 6000 + 5001 = DAY - 999, in day 0, but no clock step until DAY + 1000.
        o.placed("A", DAY - 6_000);
        o.advanceTo(DAY - 5_000);
        o.advanceTo(DAY + 1_000);

        assertThat(o.orphans()).isEqualTo(1);
        assertThat(o.totalOrphans()).isZero();
    }

    @Test
    void aLateAnswerAfterMidnightCountsInTheNewDayBeforeTheClockGetsThere() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.placed("Y", DAY - 30_000);
        o.placed("Z", DAY - 30_000);
        o.placed("A", DAY - 2_000);
        o.advanceTo(DAY - 1_000);
        // Y and Z orphaned at DAY - 24999: day 0's total is 2.
        assertThat(o.totalOrphans()).isEqualTo(2);

        // A answered at DAY + 4000, orphaned since DAY - 2000 + 5001 = DAY + 3001: day 1's first orphan,
        // counted although the clock is still in day 0.
        o.settled("A", DAY + 4_000);
        assertThat(o.totalOrphans()).isEqualTo(1);
        o.advanceTo(DAY + 4_000);

        assertThat(o.totalOrphans()).isEqualTo(1);
        assertThat(o.orphans()).isEqualTo(2);
    }

    @Test
    void neverMovesBack() {
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        o.placed("A", 0);
        o.advanceTo(6_000);
        o.advanceTo(1_000);

        assertThat(o.now()).isEqualTo(6_000);
        assertThat(o.orphans()).isEqualTo(1);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new OrphanTracker(-1, RETENTION)).hasMessageContaining("timeoutMs must not be negative");
        assertThatThrownBy(() -> new OrphanTracker(TIMEOUT, TIMEOUT))
                .hasMessageContaining("retentionMs must be greater than timeoutMs");
        OrphanTracker o = OrphanTracker.withDefaults();
        assertThatThrownBy(() -> o.placed(null, 1)).hasMessageContaining("orderId is required");
        assertThatThrownBy(() -> o.settled(null, 1)).hasMessageContaining("orderId is required");
    }

    @Test
    void matchesBruteForceAfterEveryClockStep() {
        Random random = new Random(5_000_001L);
        OrphanTracker o = new OrphanTracker(TIMEOUT, RETENTION);
        List<Long> stepTimes = new ArrayList<>();
        Map<String, Life> lives = new HashMap<>();
        List<String> ids = new ArrayList<>();
        long now = 1_000_000;
        int call = 0;
        int mostOrphans = 0;

        for (int step = 0; step < 3_000; step++) {
            // Equal times (a zero step) happen often; some steps jump far past the timeout.
            now += switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> 5_000;
                case 2 -> random.nextInt(20_000);
                default -> random.nextInt(2_000);
            };
            int events = random.nextInt(4);
            for (int e = 0; e < events; e++) {
                call++;
                if (ids.isEmpty() || random.nextInt(3) == 0) {
                    String id = "o" + ids.size();
                    ids.add(id);
                    // Now and then a placement reported late, possibly already past the timeout.
                    long ts = random.nextInt(6) == 0 ? now - random.nextInt(8_000) : now;
                    if (random.nextInt(20) == 0) {
                        // An answer seen before its placement is no answer to it.
                        o.settled(id, now);
                    }
                    o.placed(id, ts);
                    Life life = new Life(ts, step);
                    lives.put(id, life);
                } else {
                    // Mostly recent orders, so answers near the timeout are common.
                    int pick = random.nextBoolean()
                            ? Math.max(0, ids.size() - 1 - random.nextInt(8))
                            : random.nextInt(ids.size());
                    String id = ids.get(pick);
                    Life life = lives.get(id);
                    if (life.settleCall == 0) {
                        long ts = random.nextInt(6) == 0 ? now - random.nextInt(3_000) : now;
                        life.settleCall = call;
                        life.settleStep = step;
                        life.settleTs = ts;
                    }
                    o.settled(id, life.settleCall == call ? life.settleTs : now);
                }
            }
            o.advanceTo(now);
            stepTimes.add(now);

            int orphans = 0;
            long total = 0;
            for (Life life : lives.values()) {
                boolean settled = life.settleCall != 0;
                // The last clock step after the placement and before the answer (if any).
                int lastStep = settled ? life.settleStep - 1 : step;
                long lastClock = lastStep >= life.placeStep ? stepTimes.get(lastStep) : Long.MIN_VALUE;
                boolean wasOrphanAtAStep = lastClock != Long.MIN_VALUE && lastClock - life.placedTs > TIMEOUT;
                boolean answeredLate = settled && life.settleTs - life.placedTs > TIMEOUT;
                if (wasOrphanAtAStep || answeredLate) {
                    total++;
                }
                long age = now - life.placedTs;
                if (!settled && age > TIMEOUT && age < RETENTION) {
                    orphans++;
                }
            }
            assertThat(o.orphans()).as("orphans at step %d", step).isEqualTo(orphans);
            assertThat(o.totalOrphans()).as("total at step %d", step).isEqualTo(total);
            mostOrphans = Math.max(mostOrphans, orphans);
        }
        // The walk must have produced orphans, late answers and drops for the comparison to mean much.
        assertThat(mostOrphans).isGreaterThan(5);
        assertThat(o.totalOrphans()).isGreaterThan(o.orphans() + 100L);
    }

    /** One order's placement and, once it comes, its answer. */
    private static final class Life {
        final long placedTs;
        final int placeStep;
        int settleCall;
        int settleStep;
        long settleTs;

        Life(long placedTs, int placeStep) {
            this.placedTs = placedTs;
            this.placeStep = placeStep;
        }
    }
}
