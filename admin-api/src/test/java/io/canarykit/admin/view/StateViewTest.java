package io.canarykit.admin.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import io.canarykit.admin.testing.Records;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StateViewTest {

    private static final long NOW = 1_767_225_600_000L;

    private final AtomicLong clock = new AtomicLong(NOW);
    private final StateView view = new StateView(clock::get);

    @Test
    void aViewWithoutDecisionsHasNoAgeAndIsStale() {
        assertThat(view.decisionAgeMillis()).isEmpty();
        assertThat(view.stale()).isTrue();
    }

    @Test
    void theAgeCountsFromTheNewestDecisionKeptOverEverySymbol() {
        Random random = new Random(7);
        Map<String, Long> highestSeq = new HashMap<>();
        long newestKept = Long.MIN_VALUE;
        for (int i = 0; i < 5_000; i++) {
            String symbol = "S" + random.nextInt(1_000);
            long seq = random.nextInt(50);
            long producedAt = NOW - 60_000 + random.nextInt(60_000);
            boolean keptByHand = seq > highestSeq.getOrDefault(symbol, -1L);
            if (keptByHand) {
                highestSeq.put(symbol, seq);
                newestKept = Math.max(newestKept, producedAt);
            }
            assertThat(view.acceptDecision(Records.healthy(symbol, seq, producedAt, 0.05), NullNode.getInstance(),
                    producedAt)).isEqualTo(keptByHand);
            assertThat(view.decisionAgeMillis()).contains(NOW - newestKept);
        }
    }

    @Test
    void aDecisionRefusedForItsSeqDoesNotMakeTheViewLookFresh() {
        view.acceptDecision(Records.healthy("BTCUSDT", 5, NOW - 20_000, 0.05), NullNode.getInstance(), NOW - 20_000);

        boolean kept = view.acceptDecision(Records.healthy("BTCUSDT", 5, NOW - 1_000, 0.05), NullNode.getInstance(),
                NOW - 1_000);

        assertThat(kept).isFalse();
        assertThat(view.decisionAgeMillis()).contains(20_000L);
        assertThat(view.stale()).isTrue();
    }

    @Test
    void aLaterSeqProducedEarlierDoesNotMakeTheViewLookOlder() {
        view.acceptDecision(Records.healthy("BTCUSDT", 1, NOW - 2_000, 0.05), NullNode.getInstance(), NOW - 2_000);
        view.acceptDecision(Records.healthy("BTCUSDT", 2, NOW - 30_000, 0.05), NullNode.getInstance(), NOW - 30_000);

        assertThat(view.decisionAgeMillis()).contains(2_000L);
        assertThat(view.stale()).isFalse();
    }

    @Test
    void theViewTurnsStaleOnlyPastTheLimit() {
        view.acceptDecision(Records.healthy("BTCUSDT", 1, NOW, 0.05), NullNode.getInstance(), NOW);

        clock.set(NOW + StateView.STALE_AFTER_MS);
        assertThat(view.stale()).isFalse();

        clock.set(NOW + StateView.STALE_AFTER_MS + 1);
        assertThat(view.stale()).isTrue();
        assertThat(view.decisionAgeMillis()).contains(StateView.STALE_AFTER_MS + 1);
    }

    @Test
    void aDecisionProducedAfterTheViewsClockHasAgeZero() {
        view.acceptDecision(Records.healthy("BTCUSDT", 1, NOW + 500, 0.05), NullNode.getInstance(), NOW + 500);

        assertThat(view.decisionAgeMillis()).contains(0L);
    }
}
