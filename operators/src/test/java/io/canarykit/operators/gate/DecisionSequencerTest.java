package io.canarykit.operators.gate;

import io.canarykit.schema.codec.JsonCodec;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.ControlCommand;
import io.canarykit.config.KitConfig;
import static io.canarykit.operators.gate.Healthy.SYMBOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.flink.state.StateRoundTrip;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class DecisionSequencerTest {

    private static final GateVerdict HEALTHY = Healthy.decide(Healthy.symbol());
    private static final GateVerdict WARNED = Healthy.decide(Healthy.symbol().psi(0.25));
    private static final GateVerdict STALE = Healthy.decide(Healthy.symbol().dataStaleSeconds(null));

    private final DecisionSequencer sequencer = new DecisionSequencer(SYMBOL, GateLimits.defaults());

    @Test
    void firstVerdictIsSentWithSeqFromItsTimeAndValidForFifteenSeconds() {
        KpiRecord kpis = kpis(1_000);

        GateDecision d = sequencer.offer(1_000, HEALTHY, kpis).orElseThrow();

        // seq = max(0 + 1, 1000 * 1000); valid_until = 1000 + 15000.
        assertThat(d.symbol()).isEqualTo(SYMBOL);
        assertThat(d.ts()).isEqualTo(1_000);
        assertThat(d.seq()).isEqualTo(1_000_000);
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
        assertThat(sequencer.lastSeq()).isEqualTo(1_000_000);
    }

    @Test
    void sendsAHeartbeatExactlyFiveSecondsAfterTheLastDecision() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));

        // 6000 - 1000 = 5000 >= heartbeat: the unchanged verdict is sent again.
        GateDecision beat = sequencer.offer(6_000, HEALTHY, kpis(6_000)).orElseThrow();

        // max(1000000 + 1, 6000 * 1000)
        assertThat(beat.seq()).isEqualTo(6_000_000);
        assertThat(beat.ts()).isEqualTo(6_000);
        assertThat(beat.validUntil()).isEqualTo(21_000);
    }

    @Test
    void sendsAChangedVerdictAtOnceAndRestartsTheHeartbeat() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));

        GateDecision change = sequencer.offer(1_500, WARNED, kpis(1_500)).orElseThrow();

        assertThat(change.seq()).isEqualTo(1_500_000);
        assertThat(change.sizeMultiplier()).isEqualTo(0.5);
        assertThat(sequencer.nextHeartbeatAt()).hasValue(6_500);
        assertThat(sequencer.offer(6_499, WARNED, kpis(6_499))).isEmpty();
        assertThat(sequencer.offer(6_500, WARNED, kpis(6_500)).orElseThrow().seq()).isEqualTo(6_500_000);
    }

    @Test
    void aChangeBackToAnEarlierVerdictIsStillAChange() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));
        sequencer.offer(1_100, STALE, kpis(1_100));

        assertThat(sequencer.offer(1_200, HEALTHY, kpis(1_200)).orElseThrow().seq()).isEqualTo(1_200_000);
    }

    @Test
    void newKpisAloneWaitForTheHeartbeat() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));
        KpiRecord differentKpis = new KpiRecord(SYMBOL, 2_000, "other", 0.29, 0.001, 2.0, 0.1, 250.0, 0.005, 3.0,
                0L, 0L, 4L, 9L, 0.5, 0.2, Map.of(), Map.of(), Map.of(), null);

        assertThat(sequencer.offer(2_000, HEALTHY, differentKpis)).isEmpty();
    }

    @Test
    void sendsAHeartbeatEveryFiveSecondsWhenOfferedEveryHundredMs() {
        List<Long> sentAt = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (long t = 0; t <= 60_000; t += 100) {
            sequencer.offer(t, HEALTHY, kpis(t)).ifPresent(d -> {
                sentAt.add(d.ts());
                seqs.add(d.seq());
            });
        }

        // 0, 5000, ..., 60000: 13 decisions; at ts 0 the seq is max(0 + 1, 0) = 1, then ts * 1000.
        assertThat(sentAt).containsExactly(0L, 5_000L, 10_000L, 15_000L, 20_000L, 25_000L, 30_000L, 35_000L,
                40_000L, 45_000L, 50_000L, 55_000L, 60_000L);
        assertThat(seqs).containsExactly(1L, 5_000_000L, 10_000_000L, 15_000_000L, 20_000_000L, 25_000_000L,
                30_000_000L, 35_000_000L, 40_000_000L, 45_000_000L, 50_000_000L, 55_000_000L, 60_000_000L);
        assertThat(sequencer.lastSeq()).isEqualTo(60_000_000);
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

        // max(10000000 + 1, 9000 * 1000): still above the last seq.
        assertThat(d.seq()).isEqualTo(10_000_001);
        assertThat(d.validUntil()).isEqualTo(24_000);
        // The heartbeat counts from the last decision sent, at 9000.
        assertThat(sequencer.nextHeartbeatAt()).hasValue(14_000);
    }

    @Test
    void usesTheHeartbeatAndTtlOfItsLimits() {
        GateLimits fast = new GateLimits(0.3, 0.2, 0.01, 1, 5, 0.01, 300, 20, 5, Map.of(), 2, 0.01, 0.25, 1_000,
                3_000, 1_000, false);
        DecisionSequencer s = new DecisionSequencer(SYMBOL, fast);

        assertThat(s.offer(0, HEALTHY, kpis(0)).orElseThrow().validUntil()).isEqualTo(3_000);
        assertThat(s.offer(999, HEALTHY, kpis(999))).isEmpty();
        assertThat(s.offer(1_000, HEALTHY, kpis(1_000))).isPresent();
    }

    @Test
    void changesWithinOneMillisecondRaiseTheSeqByOne() {
        sequencer.offer(2_000, HEALTHY, kpis(2_000));

        // 2000 * 1000 = 2000000, then max(2000001, 2000000) and max(2000002, 2000000).
        assertThat(sequencer.offer(2_000, WARNED, kpis(2_000)).orElseThrow().seq()).isEqualTo(2_000_001);
        assertThat(sequencer.offer(2_000, STALE, kpis(2_000)).orElseThrow().seq()).isEqualTo(2_000_002);
        // The next millisecond starts from its own base again: max(2000003, 2001000).
        assertThat(sequencer.offer(2_001, HEALTHY, kpis(2_001)).orElseThrow().seq()).isEqualTo(2_001_000);
    }

    @Test
    void aSequencerStartedWithoutStateAfterAnotherStillSendsAHigherSeq() {
        DecisionSequencer before = new DecisionSequencer(SYMBOL, GateLimits.defaults());
        List<GateVerdict> verdicts = List.of(HEALTHY, WARNED, STALE);
        long t = 1_700_000_000_000L;
        // A busy minute: a change every 10 ms, then a burst of 900 changes within its last millisecond.
        for (int i = 0; i < 6_000; i++, t += 10) {
            before.offer(t, verdicts.get(i % 3), kpis(t));
        }
        for (int i = 0; i < 900; i++) {
            before.offer(t, verdicts.get(i % 3), kpis(t));
        }
        long lastSeqBefore = before.lastSeq();

        // The job restarts without state and decides at the next millisecond.
        DecisionSequencer fresh = new DecisionSequencer(SYMBOL, GateLimits.defaults());
        GateDecision first = fresh.offer(t + 1, HEALTHY, kpis(t + 1)).orElseThrow();

        // Before: (t * 1000) + 899. Fresh: (t + 1) * 1000 = t * 1000 + 1000.
        assertThat(lastSeqBefore).isEqualTo(t * 1_000 + 899);
        assertThat(first.seq()).isEqualTo((t + 1) * 1_000).isGreaterThan(lastSeqBefore);
    }

    @Test
    void restoredSequencerCarriesOnTheHeartbeatAndTheSeq() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));

        DecisionSequencer restored = DecisionSequencer.restore(SYMBOL, GateLimits.defaults(), sequencer.state());

        assertThat(restored.lastSeq()).isEqualTo(1_000_000);
        assertThat(restored.nextHeartbeatAt()).hasValue(6_000);
        assertThat(restored.offer(5_999, HEALTHY, kpis(5_999))).isEmpty();
        assertThat(restored.offer(1_000, WARNED, kpis(1_000)).orElseThrow().seq()).isEqualTo(1_000_001);
    }

    @Test
    void limitsGivenWithAnOfferOverrideThoseItStartedWith() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));
        GateLimits fast = new GateLimits(0.3, 0.2, 0.01, 1, 5, 0.01, 300, 20, 5, Map.of(), 2, 0.01, 0.25, 1_000,
                3_000, 1_000, false);

        // Started with the 5 s heartbeat; a set_limits of 1 s makes 2000 due, valid for 3 s.
        assertThat(sequencer.offer(1_999, HEALTHY, kpis(1_999), fast, 0.0)).isEmpty();
        GateDecision beat = sequencer.offer(2_000, HEALTHY, kpis(2_000), fast, 0.0).orElseThrow();
        assertThat(beat.validUntil()).isEqualTo(5_000);
        assertThatThrownBy(() -> sequencer.offer(3_000, HEALTHY, kpis(3_000), null, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limits");
    }

    @Test
    void maxRiskPerTradeIsTheAccountsRiskPerTradeScaledByTheSizeMultiplier() {
        GateLimits limits = GateLimits.defaults();
        // Start-of-day equity 100,000 * RISK_PER_TRADE_PCT 0.0015 = 150 at full size.
        double riskPerTrade = 150.0;

        assertThat(sequencer.offer(1_000, HEALTHY, kpis(1_000), limits, riskPerTrade).orElseThrow()
                .maxRiskPerTrade()).isEqualTo(150.0);
        // psi_warn halves the size: 75.
        assertThat(sequencer.offer(1_100, WARNED, kpis(1_100), limits, riskPerTrade).orElseThrow()
                .maxRiskPerTrade()).isEqualTo(75.0);
        // Halted: size 0, nothing at risk.
        assertThat(sequencer.offer(1_200, STALE, kpis(1_200), limits, riskPerTrade).orElseThrow()
                .maxRiskPerTrade()).isEqualTo(0.0);
    }

    @Test
    void maxOrderNotionalIsTheSymbolsCapScaledByTheSizeMultiplier() {
        // BTCUSDT has a cap of its own (10,000); other symbols take MAX_ORDER_NOTIONAL (40,000).
        GateLimits limits = GateLimits.from(KitConfig.defaults().with(
                Map.of("MAX_ORDER_NOTIONAL", "40000", "MAX_ORDER_NOTIONAL_BTCUSDT", "10000")));
        DecisionSequencer other = new DecisionSequencer("ETHUSDT", limits);

        assertThat(sequencer.offer(1_000, HEALTHY, kpis(1_000), limits, 150.0).orElseThrow()
                .maxOrderNotional()).isEqualTo(10_000.0);
        // psi_warn halves the size: 5,000.
        assertThat(sequencer.offer(1_100, WARNED, kpis(1_100), limits, 150.0).orElseThrow()
                .maxOrderNotional()).isEqualTo(5_000.0);
        // Halted: no order at all.
        assertThat(sequencer.offer(1_200, STALE, kpis(1_200), limits, 150.0).orElseThrow()
                .maxOrderNotional()).isEqualTo(0.0);
        assertThat(other.offer(1_000, HEALTHY, kpis(1_000), limits, 150.0).orElseThrow()
                .maxOrderNotional()).isEqualTo(40_000.0);
        // A set_limits for the symbol takes effect at its next decision, and the JSON carries it.
        GateLimits lowered = GateLimits.from(SetLimits.apply(new ControlCommand("c", 1_300, "ops",
                ControlType.SET_LIMITS, Map.of("MAX_ORDER_NOTIONAL_BTCUSDT", "2000")), limits.config()).config());
        GateDecision next = sequencer.offer(1_300, HEALTHY, kpis(1_300), lowered, 150.0).orElseThrow();
        assertThat(next.maxOrderNotional()).isEqualTo(2_000.0);
        assertThat(new String(JsonCodec.encode(next), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"max_order_notional\":2000.0");
    }

    @Test
    void refusesARiskPerTradeThatIsNotAFiniteNonNegativeNumber() {
        GateLimits limits = GateLimits.defaults();
        for (double bad : new double[] {-1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> sequencer.offer(1_000, HEALTHY, kpis(1_000), limits, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("riskPerTrade");
        }
    }

    @Test
    void restoringWithNewLimitsUsesTheirHeartbeatAndTtl() {
        sequencer.offer(1_000, HEALTHY, kpis(1_000));
        GateLimits fast = new GateLimits(0.3, 0.2, 0.01, 1, 5, 0.01, 300, 20, 5, Map.of(), 2, 0.01, 0.25, 1_000,
                3_000, 1_000, false);

        DecisionSequencer restored = DecisionSequencer.restore(SYMBOL, fast, sequencer.state());

        // Heartbeat 1000 after the decision at 1000; valid_until = 2000 + 3000.
        assertThat(restored.nextHeartbeatAt()).hasValue(2_000);
        assertThat(restored.offer(2_000, HEALTHY, kpis(2_000)).orElseThrow().validUntil()).isEqualTo(5_000);
    }

    @Test
    void stateIsAFlinkPojoWithoutKryoFields() {
        assertThat(TypeInformation.of(DecisionSequencer.State.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(DecisionSequencer.State.class);
        assertThat(StateRoundTrip.roundTrip(DecisionSequencer.State.class, DecisionSequencer.State.INITIAL))
                .isEqualTo(DecisionSequencer.State.INITIAL);
    }

    @Test
    void matchesAnUninterruptedSequencerWhenRestoredAtRandomPoints() {
        List<GateVerdict> verdicts = List.of(HEALTHY, WARNED, STALE);
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            DecisionSequencer reference = new DecisionSequencer(SYMBOL, GateLimits.defaults());
            DecisionSequencer restored = DecisionSequencer.create(SYMBOL, GateLimits.defaults());
            long t = random.nextInt(1_000);
            int restores = 0;
            for (int i = 0; i < 1_000; i++) {
                // Mostly forward, at times the same millisecond or a step back.
                t = Math.max(0, t + random.nextInt(7_000) - (random.nextInt(10) == 0 ? 3_000 : 0));
                GateVerdict v = verdicts.get(random.nextInt(10) < 7 ? 0 : random.nextInt(verdicts.size()));
                assertThat(restored.offer(t, v, kpis(t))).as("seed %d offer %d", seed, i)
                        .isEqualTo(reference.offer(t, v, kpis(t)));
                assertThat(restored.nextHeartbeatAt()).isEqualTo(reference.nextHeartbeatAt());
                if (random.nextInt(5) == 0) {
                    DecisionSequencer.State state = StateRoundTrip.roundTrip(DecisionSequencer.State.class,
                            restored.state());
                    restored = DecisionSequencer.restore(SYMBOL, GateLimits.defaults(), state);
                    restores++;
                }
            }
            assertThat(restored.state()).isEqualTo(reference.state());
            assertThat(restores).isGreaterThan(100);
        }
    }

    @Test
    void rejectsMissingArgumentsByName() {
        assertThatThrownBy(() -> sequencer.offer(0, null, kpis(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verdict");
        assertThatThrownBy(() -> sequencer.offer(0, HEALTHY, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kpis");
        assertThatThrownBy(() -> new DecisionSequencer("", GateLimits.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol");
        assertThatThrownBy(() -> DecisionSequencer.restore(SYMBOL, GateLimits.defaults(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
        assertThatThrownBy(() -> sequencer.offer(-1, HEALTHY, kpis(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t must be in");
        assertThatThrownBy(() -> sequencer.offer(Long.MAX_VALUE / 1_000 + 1, HEALTHY, kpis(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t must be in");
        assertThatThrownBy(() -> new DecisionSequencer.State(null, 5, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lastSeq");
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

    /**
     * Sends at an offer when nothing was sent yet, its verdict differs from the last sent, or 5 s passed,
     * with seq = max(previous seq + 1, t * 1000).
     */
    private static List<GateDecision> bruteForce(List<long[]> offers, List<GateVerdict> verdicts) {
        List<GateDecision> sent = new ArrayList<>();
        GateVerdict lastSent = null;
        for (long[] o : offers) {
            GateVerdict v = verdicts.get((int) o[1]);
            boolean send = lastSent == null || !lastSent.equals(v) || o[0] - sent.get(sent.size() - 1).ts() >= 5_000;
            if (send) {
                long previous = sent.isEmpty() ? 0 : sent.get(sent.size() - 1).seq();
                long seq = Math.max(previous + 1, o[0] * 1_000);
                sent.add(v.toDecision(SYMBOL, o[0], seq, o[0] + 15_000, kpis(o[0]), 0.0));
                lastSent = v;
            }
        }
        return sent;
    }

    private static KpiRecord kpis(long t) {
        return new KpiRecord(SYMBOL, t, Healthy.CHAMPION, 0.05, 0.0, 1.0, 0.2, 120.0, 0.002, 1.0, 0L, 0L, 0L, 0L, 1.0,
                0.1, Map.of("psi", 1_800_000L), Map.of("placed", 50L), Map.of(), null);
    }
}
