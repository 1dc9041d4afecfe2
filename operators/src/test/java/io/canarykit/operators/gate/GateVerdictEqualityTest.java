package io.canarykit.operators.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The verdict's own comparison against one that reads every record component, over verdicts that often coincide. */
class GateVerdictEqualityTest {

    @Test
    void equalExactlyWhenEveryComponentIsAndThenWithTheSameHash() throws Exception {
        Random random = new Random(7);
        List<GateVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            verdicts.add(verdict(random));
        }
        int equalPairs = 0;
        for (GateVerdict a : verdicts) {
            for (GateVerdict b : verdicts) {
                boolean expected = componentwiseEqual(a, b);
                assertThat(a.equals(b)).as("%s against %s", a, b).isEqualTo(expected);
                if (expected) {
                    equalPairs++;
                    assertThat(a.hashCode()).isEqualTo(b.hashCode());
                }
            }
        }
        assertThat(equalPairs).as("pairs of distinct verdicts that are equal").isGreaterThan(verdicts.size());
        assertThat(verdicts.get(0).equals(null)).isFalse();
        assertThat(verdicts.get(0).equals("a verdict")).isFalse();
    }

    private static boolean componentwiseEqual(GateVerdict a, GateVerdict b) throws Exception {
        for (RecordComponent c : GateVerdict.class.getRecordComponents()) {
            // Boxed doubles compare by their bits, as a record compares its double components.
            if (!Objects.equals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                return false;
            }
        }
        return true;
    }

    private static GateVerdict verdict(Random random) {
        boolean allow = random.nextInt(4) != 0;
        Mode mode = allow ? Mode.NORMAL : Mode.values()[random.nextInt(Mode.values().length)];
        double[] sizes = {0.0, 0.5, 1.0, -0.0};
        List<GateReason> reasons = new ArrayList<>();
        for (GateReason r : List.of(GateReason.PSI_WARN, GateReason.STALE, GateReason.KILL_SWITCH)) {
            if (random.nextInt(6) == 0) {
                reasons.add(r);
            }
        }
        Gates gates = new Gates(random.nextInt(8) == 0, random.nextInt(8) == 0, false, false, random.nextInt(8) == 0,
                false, random.nextInt(8) == 0, random.nextInt(6) == 0 ? CanaryCut.values()[0] : null);
        String challenger = random.nextBoolean() ? null : new String(random.nextBoolean() ? "challenger_1" : "challenger_2");
        double[] shares = {0.0, 0.05, 0.1, Double.NaN};
        return new GateVerdict(allow, mode, sizes[random.nextInt(sizes.length)], reasons, gates,
                new String("champion_1"), new String("champion_1"), challenger, random.nextInt(5) == 0,
                shares[random.nextInt(shares.length)], random.nextInt(5) != 0);
    }
}
