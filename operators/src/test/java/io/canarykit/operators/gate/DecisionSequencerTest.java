package io.canarykit.operators.gate;

import static io.canarykit.operators.gate.Healthy.SYMBOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecisionSequencerTest {

    private static final GateVerdict HEALTHY = Healthy.decide(Healthy.symbol());
    private static final GateVerdict WARNED = Healthy.decide(Healthy.symbol().psi(0.25));
    private static final GateVerdict STALE = Healthy.decide(Healthy.symbol().dataStaleSeconds(null));

    private final DecisionSequencer sequencer = new DecisionSequencer(SYMBOL, GateLimits.defaults());

    @Test
    void firstVerdictIsSentWithSeqOneAndValidForFifteenSeconds() {
        KpiRecord kpis = kpis(1_000);

        GateDecision d = sequencer.offer(1_000, HEALTHY, kpis).orElseThrow();

        // valid_until = 1000 + 15000.
        assertThat(d.symbol()).isEqualTo(SYMBOL);
        assertThat(d.ts()).isEqualTo(1_000);
        assertThat(d.seq()).isEqualTo(1);
        assertThat(d.validUntil()).isEqualTo(16_000);
        assertThat(d.kpis()).isSameAs(kpis);
        assertThat(d.allow()).isTrue();
        assertThat(d.mode()).isEqualTo(Mode.NORMAL);
        assertThat(d.sizeMultiplier()).isEqualTo(1.0);
        assertThat(d.modelId()).isEqualTo(HEALTHY.modelId());
        assertThat(d.canaryShare()).isEqualTo(0.05);
        assertThat(d.gates()).isEqualTo(HEALTHY.gates());
    }

    @Test
    void sendsNothingWhenNothingChangedBeforeTheHeartbeat() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));

        assertThat(sequencer.offer(1_001, HEALTHY, kpis(1_001))).isEmpty();
        assertThat(sequencer.offer(5_999, HEALTHY, kpis(5_999))).isEmpty();
        assertThat(sequencer.lastSeq()).isEqualTo(1);
    }

    @Test
    void sendsAHeartbeatExactlyFiveSecondsAfterTheLastDecision() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));

        // 6000 - 1000 = 5000 >= heartbeat: the unchanged verdict is sent again.
        GateDecision beat = sequencer.offer(6_000, HEALTHY, kpis(6_000)).orElseThrow();

        assertThat(beat.seq()).isEqualTo(2);
        assertThat(beat.ts()).isEqualTo(6_000);
        assertThat(beat.validUntil()).isEqualTo(21_000);
    }

    @Test
    void sendsAChangedVerdictAtOnceAndRestartsTheHeartbeat() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));

        GateDecision change = sequencer.offer(1_500, WARNED, kpis(1_500)).orElseThrow();

        assertThat(change.seq()).isEqualTo(2);
        assertThat(change.sizeMultiplier()).isEqualTo(0.5);
        assertThat(sequencer.nextHeartbeatAt()).hasValue(6_500);
        assertThat(sequencer.offer(6_499, WARNED, kpis(6_499))).isEmpty();
        assertThat(sequencer.offer(6_500, WARNED, kpis(6_500)).orElseThrow().seq()).isEqualTo(3);
    }

    @Test
    void aChangeBackToAnEarlierVerdictIsStillAChange() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));
        sequencer.offer(1_100, STALE, kpis(1_100));

        assertThat(sequencer.offer(1_200, HEALTHY, kpis(1_200)).orElseThrow().seq()).isEqualTo(3);
    }

    @Test
    void newKpisAloneWaitForTheHeartbeat() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));
        KpiRecord differentKpis = new KpiRecord(SYMBOL, 2_000, "other", 0.29, 0.001, 2.0, 0.1, 250.0, 0.005, 3.0,
                0L, 4L, 9L, 0.5, 0.2, Map.of(), Map.of(), Map.of(), null);

        assertThat(sequencer.offer(2_000, HEALTHY, differentKpis)).isEmpty();
    }

    @Test
    void sendsAHeartbeatEveryFiveSecondsWhenOfferedEveryHundredMs() {
        List<Long> sentAt = new ArrayList<>();
        for (long t = 0; t <= 60_000; t += 100) {
            sequencer.offer(t, HEALTHY, kpis(t)).ifPresent(d -> sentAt.add(d.ts()));
        }

        // 0, 5000, ..., 60000: 13 decisions, seq 1..13.
        assertThat(sentAt).containsExactly(0L, 5_000L, 10_000L, 15_000L, 20_000L, 25_000L, 30_000L, 35_000L,
                40_000L, 45_000L, 50_000L, 55_000L, 60_000L);
        assertThat(sequencer.lastSeq()).isEqualTo(13);
    }

    @Test
    void hasNoHeartbeatDueBeforeTheFirstDecision() {
        assertThat(sequencer.nextHeartbeatAt()).isEmpty();
        assertThat(sequencer.lastSeq()).isZero();

        sequencer.offer(2_500, HEALTHY, kpis(2_500));

        assertThat(sequencer.nextHeartbeatAt()).hasValue(7_500);
    }

    @Test
    void aChangeIsSentEvenIfTheClockWentBack() {
        sequencer.offer(10_000, HEALTHY, kpis(10_000));

        GateDecision d = sequencer.offer(9_000, STALE, kpis(9_000)).orElseThrow();

        assertThat(d.seq()).isEqualTo(2);
        assertThat(d.validUntil()).isEqualTo(24_000);
        // The heartbeat counts from the last decision sent, at 9000.
        assertThat(sequencer.nextHeartbeatAt()).hasValue(14_000);
    }

    @Test
    void usesTheHeartbeatAndTtlOfItsLimits() {
        GateLimits fast = new GateLimits(0.3, 0.2, 0.01, 1, 5, 0.01, 300, 20, 5, Map.of(), 2, 0.01, 0.25, 1_000,
                3_000, false);
        DecisionSequencer s = new DecisionSequencer(SYMBOL, fast);

        assertThat(s.offer(0, HEALTHY, kpis(0)).orElseThrow().validUntil()).isEqualTo(3_000);
        assertThat(s.offer(999, HEALTHY, kpis(999))).isEmpty();
        assertThat(s.offer(1_000, HEALTHY, kpis(1_000))).isPresent();
    }

    @Test
    void rejectsMissingArgumentsByName() {
        assertThatThrownBy(() -> sequencer.offer(0, null, kpis(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verdict");
        assertThatThrownBy(() -> sequencer.offer(0, HEALTHY, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kpis");
        assertThatThrownBy(() -> new DecisionSequencer("", GateLimits.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol");
    }

    @Test
    void matchesABruteForceReplayOfRandomOffers() {
        List<GateVerdict> verdicts = List.of(HEALTHY, WARNED, STALE);
        for (long seed = 1; seed <= 50; seed++) {
            Random random = new Random(seed);
            DecisionSequencer s = new DecisionSequencer(SYMBOL, GateLimits.defaults());
            List<long[]> offers = new ArrayList<>(); // {t, verdict index}
            long t = random.nextInt(1_000);
            for (int i = 0; i < 400; i++) {
                t += random.nextInt(random.nextBoolean() ? 300 : 7_000);
                // Mostly the same verdict, so heartbeats and quiet stretches both occur.
                int v = random.nextInt(10) < 8 && !offers.isEmpty() ? (int) offers.get(offers.size() - 1)[1]
                        : random.nextInt(verdicts.size());
                offers.add(new long[] {t, v});
            }
            List<GateDecision> sent = new ArrayList<>();
            for (long[] o : offers) {
                s.offer(o[0], verdicts.get((int) o[1]), kpis(o[0])).ifPresent(sent::add);
            }
            assertThat(sent).as("seed %d", seed).isEqualTo(bruteForce(offers, verdicts));
        }
    }

    /** Sends at an offer when nothing was sent yet, its verdict differs from the last sent, or 5 s passed. */
    private static List<GateDecision> bruteForce(List<long[]> offers, List<GateVerdict> verdicts) {
        List<GateDecision> sent = new ArrayList<>();
        GateVerdict lastSent = null;
        for (long[] o : offers) {
            GateVerdict v = verdicts.get((int) o[1]);
            boolean send = lastSent == null || !lastSent.equals(v) || o[0] - sent.get(sent.size() - 1).ts() >= 5_000;
            if (send) {
                sent.add(v.toDecision(SYMBOL, o[0], sent.size() + 1, o[0] + 15_000, kpis(o[0])));
                lastSent = v;
            }
        }
        return sent;
    }

    private static KpiRecord kpis(long t) {
        return new KpiRecord(SYMBOL, t, Healthy.CHAMPION, 0.05, 0.0, 1.0, 0.2, 120.0, 0.002, 1.0, 0L, 0L, 0L, 1.0,
                0.1, Map.of("psi", 1_800_000L), Map.of("placed", 50L), Map.of(), null);
    }
}
