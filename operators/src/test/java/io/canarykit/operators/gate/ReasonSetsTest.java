package io.canarykit.operators.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonSetsTest {

    private static final GateReason[] ALL = GateReason.values();

    @Test
    void everySetOfBitsListsItsReasonsInTheirFixedOrder() {
        for (int bits = 0; bits < 1 << ALL.length; bits++) {
            List<GateReason> expected = new ArrayList<>();
            for (int i = 0; i < ALL.length; i++) {
                if ((bits >> i & 1) == 1) {
                    expected.add(ALL[i]);
                }
            }
            assertThat(ReasonSets.list(bits)).as("bits %s", Integer.toBinaryString(bits)).isEqualTo(expected);
        }
    }

    @Test
    void aSetsListIsMadeOnceAndCannotBeChanged() {
        int bits = ReasonSets.bit(GateReason.STALE) | ReasonSets.bit(GateReason.KILL_SWITCH);
        List<GateReason> list = ReasonSets.list(bits);

        assertThat(ReasonSets.list(bits)).isSameAs(list);
        assertThat(list).containsExactly(GateReason.KILL_SWITCH, GateReason.STALE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> list.add(GateReason.PSI))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theBlockingBitsAreEveryReasonButPsiWarnAndMaxPositions() {
        int nonBlocking = ReasonSets.bit(GateReason.PSI_WARN) | ReasonSets.bit(GateReason.MAX_POSITIONS);

        assertThat(ReasonSets.blocking()).isEqualTo(((1 << ALL.length) - 1) & ~nonBlocking);
    }

    @Test
    void theGatesOfEverySetAndCutAreTheGroupsItsReasonsFallIn() {
        List<CanaryCut> cuts = new ArrayList<>(Arrays.asList(CanaryCut.values()));
        cuts.add(null);
        for (int bits = 0; bits < 1 << ALL.length; bits++) {
            List<GateReason> r = ReasonSets.list(bits);
            for (CanaryCut cut : cuts) {
                // The groups as the contract names them, reason by reason.
                Gates expected = new Gates(
                        r.contains(GateReason.SLO_ERROR_RATE) || r.contains(GateReason.SLO_P95_PLACE_MS)
                                || r.contains(GateReason.SLO_SLIPPAGE),
                        r.contains(GateReason.PSI) || r.contains(GateReason.PSI_WARN)
                                || r.contains(GateReason.NO_REFERENCE_PROFILE),
                        r.contains(GateReason.BUDGET),
                        r.contains(GateReason.PREFLIGHT),
                        r.contains(GateReason.KILL_SWITCH),
                        r.contains(GateReason.DISARMED),
                        r.contains(GateReason.STALE) || r.contains(GateReason.DISLOCATION)
                                || r.contains(GateReason.FEATURES_MISSING) || r.contains(GateReason.FEATURES_STALE)
                                || r.contains(GateReason.REFERENCE_STALE),
                        cut);
                assertThat(ReasonSets.gates(bits, cut)).as("%s, cut %s", r, cut).isEqualTo(expected);
            }
        }
    }
}
