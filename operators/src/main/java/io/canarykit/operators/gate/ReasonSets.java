package io.canarykit.operators.gate;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A decision's reasons as a set of bits by {@link GateReason} ordinal, and the one immutable list and
 * {@link Gates} each set of bits stands for. Every evaluation of every symbol names its reasons, and
 * nearly always the same few sets: building a set, a list and the gates afresh each time was a sixth
 * of what the gate's evaluation allocated.
 */
final class ReasonSets {

    private static final GateReason[] REASONS = GateReason.values();
    private static final CanaryCut[] CUTS = CanaryCut.values();
    // Two to the sixteen sets; each list is made the first time its set holds, then shared.
    private static final AtomicReferenceArray<List<GateReason>> LISTS = new AtomicReferenceArray<>(sets());
    private static final int SLO = bit(GateReason.SLO_ERROR_RATE) | bit(GateReason.SLO_P95_PLACE_MS)
            | bit(GateReason.SLO_SLIPPAGE);
    private static final int PSI = bit(GateReason.PSI) | bit(GateReason.PSI_WARN) | bit(GateReason.NO_REFERENCE_PROFILE);
    private static final int DATA_QUALITY = bit(GateReason.STALE) | bit(GateReason.DISLOCATION)
            | bit(GateReason.FEATURES_MISSING) | bit(GateReason.FEATURES_STALE) | bit(GateReason.REFERENCE_STALE);
    private static final int GROUPS = 7;
    // Every gate groups' combination with every cut (null first): 128 x 6 records.
    private static final Gates[] GATES = allGates();

    private ReasonSets() {}

    static int bit(GateReason reason) {
        return 1 << reason.ordinal();
    }

    /** The bits of every blocking reason. */
    static int blocking() {
        int bits = 0;
        for (GateReason r : REASONS) {
            if (r.blocking()) {
                bits |= bit(r);
            }
        }
        return bits;
    }

    /** The reasons in {@code bits}, in {@link GateReason} order, as one shared immutable list. */
    static List<GateReason> list(int bits) {
        List<GateReason> list = LISTS.get(bits);
        if (list == null) {
            list = listOf(bits);
            // Two threads may both make it; either list is equal to the other.
            LISTS.compareAndSet(bits, null, list);
        }
        return list;
    }

    /** The gate groups tripped by the reasons in {@code bits}, with the canary cut. */
    static Gates gates(int bits, CanaryCut cut) {
        int groups = ((bits & SLO) != 0 ? 1 : 0)
                | ((bits & PSI) != 0 ? 2 : 0)
                | ((bits & bit(GateReason.BUDGET)) != 0 ? 4 : 0)
                | ((bits & bit(GateReason.PREFLIGHT)) != 0 ? 8 : 0)
                | ((bits & bit(GateReason.KILL_SWITCH)) != 0 ? 16 : 0)
                | ((bits & bit(GateReason.DISARMED)) != 0 ? 32 : 0)
                | ((bits & DATA_QUALITY) != 0 ? 64 : 0);
        return GATES[index(groups, cut)];
    }

    private static int sets() {
        if (REASONS.length > 20) {
            throw new IllegalStateException("a list is kept per set of at most 20 reasons, not " + REASONS.length);
        }
        return 1 << REASONS.length;
    }

    private static List<GateReason> listOf(int bits) {
        List<GateReason> reasons = new ArrayList<>(Integer.bitCount(bits));
        for (GateReason r : REASONS) {
            if ((bits & bit(r)) != 0) {
                reasons.add(r);
            }
        }
        return List.copyOf(reasons);
    }

    private static int index(int groups, CanaryCut cut) {
        return groups * (CUTS.length + 1) + (cut == null ? 0 : cut.ordinal() + 1);
    }

    private static Gates[] allGates() {
        Gates[] all = new Gates[(1 << GROUPS) * (CUTS.length + 1)];
        for (int groups = 0; groups < 1 << GROUPS; groups++) {
            for (int c = 0; c <= CUTS.length; c++) {
                CanaryCut cut = c == 0 ? null : CUTS[c - 1];
                all[index(groups, cut)] = new Gates((groups & 1) != 0, (groups & 2) != 0, (groups & 4) != 0,
                        (groups & 8) != 0, (groups & 16) != 0, (groups & 32) != 0, (groups & 64) != 0, cut);
            }
        }
        return all;
    }
}
