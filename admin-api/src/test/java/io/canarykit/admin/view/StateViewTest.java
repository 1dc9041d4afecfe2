package io.canarykit.admin.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.testing.Records;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
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
            assertThat(accept(Records.healthy(symbol, seq, producedAt, 0.05), producedAt)).isEqualTo(keptByHand);
            assertThat(view.decisionAgeMillis()).contains(NOW - newestKept);
        }
    }

    @Test
    void aDecisionRefusedForItsSeqDoesNotMakeTheViewLookFresh() {
        accept(Records.healthy("BTCUSDT", 5, NOW - 20_000, 0.05), NOW - 20_000);

        boolean kept = accept(Records.healthy("BTCUSDT", 5, NOW - 1_000, 0.05), NOW - 1_000);

        assertThat(kept).isFalse();
        assertThat(view.decisionAgeMillis()).contains(20_000L);
        assertThat(view.stale()).isTrue();
    }

    @Test
    void aLaterSeqProducedEarlierDoesNotMakeTheViewLookOlder() {
        accept(Records.healthy("BTCUSDT", 1, NOW - 2_000, 0.05), NOW - 2_000);
        accept(Records.healthy("BTCUSDT", 2, NOW - 30_000, 0.05), NOW - 30_000);

        assertThat(view.decisionAgeMillis()).contains(2_000L);
        assertThat(view.stale()).isFalse();
    }

    @Test
    void theViewTurnsStaleOnlyPastTheLimit() {
        accept(Records.healthy("BTCUSDT", 1, NOW, 0.05), NOW);

        clock.set(NOW + StateView.STALE_AFTER_MS);
        assertThat(view.stale()).isFalse();

        clock.set(NOW + StateView.STALE_AFTER_MS + 1);
        assertThat(view.stale()).isTrue();
        assertThat(view.decisionAgeMillis()).contains(StateView.STALE_AFTER_MS + 1);
    }

    @Test
    void aDecisionProducedAfterTheViewsClockHasAgeZero() {
        accept(Records.healthy("BTCUSDT", 1, NOW + 500, 0.05), NOW + 500);

        assertThat(view.decisionAgeMillis()).contains(0L);
    }

    @Test
    void servesADecisionAsItsBytesWereSentFieldsItDoesNotKnowIncluded() {
        byte[] sent = new String(JsonCodec.encode(Records.healthy("BTCUSDT", 3, NOW, 0.05)), StandardCharsets.US_ASCII)
                .replaceFirst("\\{", "{\"field_of_a_later_job\":[1,2],")
                .getBytes(StandardCharsets.US_ASCII);
        GateDecision decision = JsonCodec.decode(sent, GateDecision.class).value();

        view.acceptDecision(decision, sent, NOW);

        var served = view.decision("BTCUSDT").orElseThrow().json();
        assertThat(served.path("field_of_a_later_job").toString()).isEqualTo("[1,2]");
        assertThat(served.path("seq").asLong()).isEqualTo(3);
        assertThat(served.path("symbol").asText()).isEqualTo("BTCUSDT");
    }

    private boolean accept(GateDecision decision, long producedAt) {
        return view.acceptDecision(decision, JsonCodec.encode(decision), producedAt);
    }
}
