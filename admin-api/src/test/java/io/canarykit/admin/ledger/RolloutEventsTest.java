package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.RolloutRecords;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutEventsTest {

    @TempDir
    Path dir;

    @Test
    void keepsEachChangeOnceAndNeverOlderNews() throws Exception {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            // Before any rollout, decisions without one record nothing.
            assertThat(observe(ledger, Records.healthy("BTCUSDT", 1, 50, 0))).isFalse();
            assertThat(observe(ledger, decision("BTCUSDT", 2, 100, RolloutState.RUNNING, 0, 0.02))).isTrue();
            // The same rollout on another symbol, and a heartbeat: nothing new.
            assertThat(observe(ledger, decision("ETHUSDT", 1, 101, RolloutState.RUNNING, 0, 0.02))).isFalse();
            assertThat(observe(ledger, decision("BTCUSDT", 3, 5_100, RolloutState.RUNNING, 0, 0.02))).isFalse();
            assertThat(observe(ledger, decision("BTCUSDT", 4, 6_000, RolloutState.RUNNING, 1, 0.05))).isTrue();
            // ETHUSDT's decision from before the step changed, read late: older news, not a step back.
            assertThat(observe(ledger, decision("ETHUSDT", 2, 5_900, RolloutState.RUNNING, 0, 0.02))).isFalse();
            assertThat(observe(ledger, decision("ETHUSDT", 3, 7_000, RolloutState.ABORTED, 1, 0.0))).isTrue();
            assertThat(observe(ledger, decision("BTCUSDT", 5, 7_000, RolloutState.ABORTED, 1, 0.0))).isFalse();
            assertThat(observe(ledger, decision("BTCUSDT", 6, 12_000, RolloutState.ABORTED, 1, 0.0))).isFalse();
            // A job that no longer shows a rollout: idle.
            assertThat(observe(ledger, Records.healthy("BTCUSDT", 7, 13_000, 0))).isTrue();

            List<RolloutEvents.Event> events = ledger.transaction(c -> RolloutEvents.recent(c, 10));
            assertThat(events).extracting(e -> e.ts() + " " + e.state().wire() + " " + e.step() + " " + e.share())
                    .containsExactly("100 running 0 0.02", "6000 running 1 0.05", "7000 aborted 1 0.0", "13000 idle 0 0.0");
            List<RolloutEvents.Event> newest = ledger.transaction(c -> RolloutEvents.recent(c, 2));
            assertThat(newest).extracting(RolloutEvents.Event::ts)
                    .containsExactly(7_000L, 13_000L);
            assertThat(shown(ledger, RolloutState.ABORTED, 7_000)).isTrue();
            assertThat(shown(ledger, RolloutState.ABORTED, 7_001)).isFalse();
            assertThat(shown(ledger, RolloutState.PAUSED, 0)).isFalse();
        }
    }

    private static boolean shown(Ledger ledger, RolloutState state, long since) {
        Boolean shown = ledger.transaction(c -> RolloutEvents.shown(c, state, since));
        return shown;
    }

    private static boolean observe(Ledger ledger, GateDecision decision) {
        return ledger.transaction(c -> RolloutEvents.observe(c, decision)).isPresent();
    }

    private static GateDecision decision(String symbol, long seq, long ts, RolloutState state, int step, double share) {
        RolloutStatus rollout = RolloutRecords.status(state, step, share, 100, null, state.wire(), List.of(), null);
        return RolloutRecords.decision(symbol, seq, ts, rollout);
    }
}
