package io.canarykit.admin.testing;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gate decisions as the job writes them on {@code kit.gate-decisions}, from the few fields a test sets.
 * The arm switch's gate is written under its old and new names ({@code armed}, {@code disarmed}): the
 * decoder ignores the one it does not know.
 */
public final class DecisionJson {

    private DecisionJson() {}

    /** The JSON of one decision of {@code symbol}; {@code psi} null when the model has none. */
    public static String of(String symbol, long seq, long ts, String mode, double sizeMultiplier, List<String> reasons,
            Double psi) {
        boolean allow = !mode.equals("halted");
        String reasonList = reasons.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
        return "{\"symbol\":\"" + symbol + "\",\"ts\":" + ts + ",\"seq\":" + seq + ",\"valid_until\":" + (ts + 15_000)
                + ",\"allow\":" + allow + ",\"mode\":\"" + mode + "\",\"size_multiplier\":" + sizeMultiplier
                + ",\"reasons\":[" + reasonList + "],\"gates\":{\"slo\":false,\"psi\":" + reasons.contains("psi")
                + ",\"budget\":false,\"preflight\":false,\"kill_switch\":false,\"armed\":false,\"disarmed\":false"
                + ",\"data_quality\":false,\"canary\":null}"
                + ",\"model_id\":\"" + Records.CHAMPION + "\",\"champion\":\"" + Records.CHAMPION + "\",\"challenger\":null"
                + ",\"pinned\":false,\"canary_share\":0.0,\"max_risk_per_trade\":0.0,\"live\":true"
                + ",\"kpis\":{\"symbol\":\"" + symbol + "\",\"ts\":" + ts + ",\"psi\":" + psi + "}}";
    }

    /** The decision that {@link #of} writes, decoded as the sidecar decodes it. */
    public static GateDecision decoded(String json) {
        Decoded<GateDecision> d = JsonCodec.decode(json.getBytes(StandardCharsets.UTF_8), GateDecision.class);
        if (d instanceof Decoded.Rejected<GateDecision> r) {
            throw new AssertionError("the test's decision does not decode: " + r.detail() + ": " + json);
        }
        return d.value();
    }
}
