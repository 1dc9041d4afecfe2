package io.canarykit.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.jobs.testing.RolloutSession;
import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays {@link RolloutSession} twice, with a challenger like the champion and one 6 bps worse; the
 * session's comment works the statistics by hand.
 */
class RolloutReplayITCase {

    private static final long START = RolloutSession.START;
    private static final long HOLD_MS = RolloutSession.HOLD_MS;
    private static final long INTERVAL_MS = RolloutSession.INTERVAL_MS;
    private static final List<String> SYMBOLS = RolloutSession.SYMBOLS;
    private static final String PLAN = RolloutSession.PLAN;

    @TempDir
    static Path dir;

    private static List<GateDecision> like;
    private static List<GateDecision> worse;
    private static List<GateDecision> worseAgain;
    private static List<GateDecision> badPlan;
    private static ReplayResult badPlanResult;

    @BeforeAll
    static void replaySessions() throws Exception {
        like = RolloutSession.replay(dir.resolve("like"), 0.0, START + 3 * HOLD_MS + 90_000, PLAN).decisions();
        worse = RolloutSession.replay(dir.resolve("worse"), 6.0, START + 6 * INTERVAL_MS, PLAN).decisions();
        worseAgain = RolloutSession.replay(dir.resolve("worse-again"), 6.0, START + 6 * INTERVAL_MS, PLAN).decisions();
        badPlanResult = RolloutSession.replay(dir.resolve("bad-plan"), 0.0, START + 2 * INTERVAL_MS,
                "{\"steps\": [{\"share\": 0.5, \"hold_ms\": 300000}]}");
        badPlan = badPlanResult.decisions();
    }

    @Test
    void aChallengerThatTradesLikeTheChampionIsRampedToTheLastStepAndCompletes() {
        GateDecision last = lastOf("AAA", like);
        assertThat(last.rollout().state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(last.rollout().step()).isEqualTo(2);
        assertThat(last.rollout().checks()).allMatch(c -> c.verdict() == CheckVerdict.PASS);
        assertThat(like).noneMatch(d -> d.rollout() != null && d.rollout().state() == RolloutState.ABORTED);
        // Each step advances at the analysis that ends its hold: the second step from START + 5 min.
        assertThat(like).filteredOn(d -> d.rollout() != null && d.rollout().step() == 1)
                .allMatch(d -> d.rollout().since() == START + HOLD_MS);
        for (String symbol : SYMBOLS) {
            // Where the gate is open, the challenger gets the last step's share.
            assertThat(like).filteredOn(d -> d.symbol().equals(symbol) && d.allow()
                            && d.rollout() != null && d.rollout().state() == RolloutState.COMPLETED)
                    .isNotEmpty().allMatch(d -> d.canaryShare() == 0.20);
        }
        // Before the start no decision carries a rollout, and each carries the gate's share (0).
        assertThat(like).filteredOn(d -> d.ts() < START).allMatch(d -> d.rollout() == null && d.canaryShare() == 0);
    }

    @Test
    void aChallengerWithSixBpsMoreSlippageIsAbortedWithinTwoAnalyses() {
        GateDecision aborted = worse.stream()
                .filter(d -> d.rollout() != null && d.rollout().state() == RolloutState.ABORTED)
                .findFirst().orElseThrow();
        // Failing at the analyses of START + 60 s and START + 120 s, the failure limit of 2.
        long abortedAt = START + 2 * INTERVAL_MS;
        assertThat(aborted.rollout().reason()).startsWith("aborted after 2 failed analyses in a row: slippage (");
        assertThat(worse).filteredOn(d -> d.ts() >= abortedAt).isNotEmpty().allSatisfy(d -> {
            assertThat(d.rollout().state()).isEqualTo(RolloutState.ABORTED);
            assertThat(d.canaryShare()).isZero();
            assertThat(d.gates().canary()).isEqualTo(CanaryCut.ROLLOUT_ABORTED);
        });
        assertThat(worse).filteredOn(d -> d.ts() >= START && d.ts() < abortedAt)
                .allMatch(d -> d.rollout().state() == RolloutState.RUNNING);
    }

    @Test
    void seqRisesPerSymbolAndTwoReplaysGiveTheSameDecisions() {
        for (List<GateDecision> run : List.of(like, worse)) {
            for (String symbol : SYMBOLS) {
                List<Long> seqs = run.stream().filter(d -> d.symbol().equals(symbol)).map(GateDecision::seq).toList();
                assertThat(seqs).isNotEmpty().isSorted().doesNotHaveDuplicates();
            }
        }
        assertThat(json(worseAgain)).isEqualTo(json(worse));
    }

    @Test
    void aPlanAboveTheCanaryCapIsRefusedToTheDlqAndNoRolloutStarts() {
        assertThat(badPlan).isNotEmpty().allMatch(d -> d.rollout() == null);
        assertThat(badPlanResult.dlq()).anySatisfy(d -> assertThat(d.detail()).contains("steps[0].share"));
    }

    private static GateDecision lastOf(String symbol, List<GateDecision> decisions) {
        return decisions.stream().filter(d -> d.symbol().equals(symbol)).reduce((a, b) -> b).orElseThrow();
    }

    private static List<String> json(List<GateDecision> decisions) {
        return decisions.stream().map(d -> new String(JsonCodec.encode(d), StandardCharsets.UTF_8)).toList();
    }

}
