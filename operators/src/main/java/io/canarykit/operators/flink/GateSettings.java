package io.canarykit.operators.flink;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.symbol.SymbolSetup;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.InputDecoder;
import io.canarykit.schema.codec.JsonCodec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the gating functions are configured with, in a form Flink can ship to its workers: the
 * settings, the reference profiles as JSON, the models, the clock and how control starts.
 *
 * @param kit every Canary Kit setting
 * @param referenceProfilesJson one JSON document per model's reference profile
 * @param champion the champion model at start
 * @param challenger the challenger model at start, or null
 * @param clock live or replay
 * @param startArmed whether symbols start armed with preflight passed (replay); live starts disarmed
 * @param idleSymbolTtlMs how long a symbol may go without input before its state is dropped
 */
public record GateSettings(
        KitConfig kit,
        List<String> referenceProfilesJson,
        String champion,
        String challenger,
        JobClock clock,
        boolean startArmed,
        long idleSymbolTtlMs) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** An hour without input, then a flat symbol's state is dropped: the job's, the demo's and the bench's. */
    public static final long DEFAULT_IDLE_SYMBOL_TTL_MS = 3_600_000L;

    public GateSettings {
        if (kit == null) {
            throw new IllegalArgumentException("kit settings are required but not provided.");
        }
        if (champion == null || champion.isBlank()) {
            throw new IllegalArgumentException("champion is required but not provided.");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required but not provided.");
        }
        if (idleSymbolTtlMs <= 0) {
            throw new IllegalArgumentException("idleSymbolTtlMs must be positive, got " + idleSymbolTtlMs);
        }
        referenceProfilesJson = List.copyOf(referenceProfilesJson);
    }

    /** Settings carrying {@code profiles}, encoded for shipping. */
    public static GateSettings of(KitConfig kit, List<ReferenceProfile> profiles, String champion, String challenger,
            JobClock clock, boolean startArmed, long idleSymbolTtlMs) {
        List<String> json = new ArrayList<>();
        for (ReferenceProfile p : profiles) {
            json.add(new String(JsonCodec.encode(p), StandardCharsets.UTF_8));
        }
        return new GateSettings(kit, json, champion, challenger, clock, startArmed, idleSymbolTtlMs);
    }

    /** The reference profiles by model id. */
    public Map<String, ReferenceProfile> profilesByModel() {
        Map<String, ReferenceProfile> byModel = new LinkedHashMap<>();
        for (String json : referenceProfilesJson) {
            Decoded<ReferenceProfile> d = InputDecoder.referenceProfile(json.getBytes(StandardCharsets.UTF_8));
            ReferenceProfile p = d.value();
            byModel.put(p.modelId(), p);
        }
        return byModel;
    }

    /** What every symbol's signals are built with: these settings, the profiles and the control at start. */
    public SymbolSetup symbolSetup() {
        ControlState start = new ControlState(startArmed, false, startArmed, null, kit.challengerShare(), champion,
                challenger);
        return new SymbolSetup(kit, profilesByModel(), start);
    }
}
