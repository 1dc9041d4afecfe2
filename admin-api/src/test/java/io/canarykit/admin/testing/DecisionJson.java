package io.canarykit.admin.testing;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Mode;
import io.canarykit.schema.WireEnum;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Gate decisions as the job writes them on {@code kit.gate-decisions}, from the few fields a test sets. */
public final class DecisionJson {

    private DecisionJson() {}

    /** The JSON of one decision of {@code symbol}; {@code psi} null when the model has none. */
    public static String of(String symbol, long seq, long ts, String mode, double sizeMultiplier, List<String> reasons,
            Double psi) {
        List<GateReason> gateReasons = reasons.stream().map(r -> word(GateReason.class, r)).toList();
        Gates gates = new Gates(false, reasons.contains("psi"), false, false, false, false, false, null);
        KpiRecord kpis = new KpiRecord(symbol, ts, null, psi, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
        GateDecision decision = new GateDecision(symbol, ts, seq, ts + 15_000, !mode.equals("halted"),
                word(Mode.class, mode), sizeMultiplier, gateReasons, gates, Records.CHAMPION, Records.CHAMPION, null,
                false, 0.0, 0.0, true, kpis);
        return new String(JsonCodec.encode(decision), StandardCharsets.UTF_8);
    }

    /** The decision that {@link #of} writes, decoded as the sidecar decodes it. */
    public static GateDecision decoded(String json) {
        Decoded<GateDecision> d = JsonCodec.decode(json.getBytes(StandardCharsets.UTF_8), GateDecision.class);
        if (d instanceof Decoded.Rejected<GateDecision> r) {
            throw new AssertionError("the test's decision does not decode: " + r.detail() + ": " + json);
        }
        return d.value();
    }

    private static <E extends Enum<E> & WireEnum> E word(Class<E> type, String wire) {
        return WireEnum.byWire(type, wire).orElseThrow(() ->
                new IllegalArgumentException("no " + type.getSimpleName() + " is written " + wire));
    }
}
