package io.canarykit.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay in which the champion's profile is replaced at T by one published on kit.reference, and the
 * desk then pins a model that has no profile: PSI changes from T on, and the pin halts on no_reference_profile.
 */
class ReferenceReplayITCase {

    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long T = START + 10_000;
    private static final long PIN = START + 15_000;
    private static final long END = START + 20_000;
    private static final String SYMBOL = "BTCUSDT";
    private static final String CHAMPION = "champion_1";
    private static final String UNPROFILED = "unprofiled_9";

    // 60 of the 100 values below the edge at 0 and 40 above, against each version's expected shares:
    // 50/50 from the start: (0.6-0.5)ln(0.6/0.5) + (0.4-0.5)ln(0.4/0.5) = 0.0182322 + 0.0223144;
    private static final double PSI_BEFORE_T = 0.0405465108;
    // 90/10 from T: (0.6-0.9)ln(0.6/0.9) + (0.4-0.1)ln(0.4/0.1) = 0.3 * 0.4054651 + 0.3 * 1.3862944.
    private static final double PSI_FROM_T = 0.5375278407;

    @TempDir
    static Path dir;

    private static ReplayResult result;

    @BeforeAll
    static void replay() throws Exception {
        result = ReferenceSession.replay(dir, SYMBOL, CHAMPION, START, END, "{\"id\": \"c1\", \"ts\": " + PIN
                + ", \"actor\": \"ops\", \"type\": \"pin\", \"args\": {\"model_id\": \"" + UNPROFILED + "\"}}\n",
                List.of("{\"ts\": " + T + ", \"model_id\": \"" + CHAMPION + "\", \"features\": "
                                + "{\"x\": {\"edges\": [0.0], \"expected\": [0.9, 0.1]}}}",
                        // No ts: a record on kit.reference needs one, so this one goes to the DLQ.
                        "{\"model_id\": \"" + CHAMPION + "\", \"features\": "
                                + "{\"x\": {\"edges\": [0.0], \"expected\": [0.1, 0.9]}}}"));
    }

    private static List<KpiRecord> kpisIn(long from, long until) {
        return result.kpis().stream()
                .filter(k -> k.symbol().equals(SYMBOL) && k.ts() >= from && k.ts() < until)
                .toList();
    }

    @Test
    void psiIsAgainstTheStartProfileBeforeTAndAgainstThePublishedOneFromT() {
        List<KpiRecord> before = kpisIn(START + 1_099, T);
        List<KpiRecord> after = kpisIn(T, PIN);

        assertThat(before).isNotEmpty();
        assertThat(after).isNotEmpty();
        assertThat(before).allSatisfy(k -> assertThat(k.psi()).isCloseTo(PSI_BEFORE_T, offset(1e-9)));
        assertThat(after).allSatisfy(k -> {
            assertThat(k.psi()).isCloseTo(PSI_FROM_T, offset(1e-9));
            // The window was kept: the same 100 values, read against the new shares.
            assertThat(k.samples()).containsEntry("psi.x", 100L);
        });
        assertThat(kpisIn(T, T + 1)).as("a record exactly at T, where the verdict changes").isNotEmpty();
    }

    @Test
    void thePublishedProfileHaltsOnPsiFromTAndNotBefore() {
        for (GateDecision d : result.decisions()) {
            boolean psiHalts = d.reasons().contains(GateReason.PSI);
            if (d.ts() < START + 1_000) {
                // Before the model's first feature vector its features are stale: that alone halts.
                assertThat(d.reasons()).as("decision at %d", d.ts()).containsExactly(GateReason.FEATURES_STALE);
            } else if (d.ts() < T) {
                assertThat(psiHalts).as("decision at %d", d.ts()).isFalse();
                assertThat(d.allow()).as("decision at %d", d.ts()).isTrue();
            } else if (d.ts() < PIN) {
                assertThat(psiHalts).as("decision at %d", d.ts()).isTrue();
            }
        }
    }

    @Test
    void aPinToAModelWithNoProfileHaltsOnNoReferenceProfile() {
        // While quotes flow: the heartbeat after the input ends is also stale, rightly.
        List<GateDecision> pinned = result.decisions().stream().filter(d -> d.ts() >= PIN && d.ts() <= END).toList();

        assertThat(pinned).isNotEmpty();
        assertThat(pinned).allSatisfy(d -> {
            assertThat(d.modelId()).isEqualTo(UNPROFILED);
            // The pinned model sends no vectors in this session either, so its features are stale too.
            assertThat(d.reasons()).containsExactly(GateReason.FEATURES_STALE, GateReason.NO_REFERENCE_PROFILE);
            assertThat(d.allow()).isFalse();
            assertThat(d.gates().psi()).isTrue();
        });
        assertThat(kpisIn(PIN + 1, END + 1)).allSatisfy(k -> assertThat(k.psi()).isNull());
        assertThat(result.decisions().stream().filter(d -> d.ts() < PIN))
                .noneMatch(d -> d.reasons().contains(GateReason.NO_REFERENCE_PROFILE));
    }

    @Test
    void aReferenceRecordWithoutTsGoesToTheDlq() {
        assertThat(result.dlq()).singleElement().satisfies(d -> {
            assertThat(d.topic()).isEqualTo("kit.reference");
            assertThat(d.reason()).isEqualTo("missing_field");
            assertThat(d.detail()).contains("'ts'");
        });
    }
}
