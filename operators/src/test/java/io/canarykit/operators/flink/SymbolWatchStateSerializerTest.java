package io.canarykit.operators.flink;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.symbol.StaleClock;
import io.canarykit.operators.symbol.SymbolEvaluation;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.operators.symbol.SymbolSetup;
import io.canarykit.operators.symbol.SymbolStores;
import io.canarykit.operators.symbol.SymbolWatch;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SymbolWatchStateSerializerTest {

    private static final String CHAMPION = "champion_1";
    private static final String CHALLENGER = "challenger_1";
    private static final long T0 = 1_767_225_600_000L;
    private static final Map<String, ReferenceProfile> PROFILES = Map.of(
            CHAMPION, new ReferenceProfile(CHAMPION, Map.of(
                    "x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5}),
                    "y", new FeatureBins(new double[] {-1.0, 1.0}, new double[] {0.2, 0.6, 0.2}))),
            CHALLENGER, new ReferenceProfile(CHALLENGER, Map.of(
                    "x", new FeatureBins(new double[] {0.0}, new double[] {0.4, 0.6}))));
    private static final ControlState RAMPING = new ControlState(true, false, true, null, 0.05, CHAMPION, CHALLENGER);
    private static final ControlState PINNED = new ControlState(true, false, true, CHALLENGER, 0.0, CHAMPION, CHALLENGER);
    private static final SymbolSetup SETUP = new SymbolSetup(
            KitConfig.defaults().with(Map.of("PSI_WINDOW_MS", "60000", "PSI_MIN_SAMPLES", "5",
                    "MISSING_WINDOW_MS", "30000", "SLO_WINDOW_MS", "60000", "SLO_MIN_SAMPLES", "3")),
            PROFILES, RAMPING);

    private final SymbolWatchStateSerializer serializer = new SymbolWatchStateSerializer();

    @Test
    void aWatchWhoseStateGoesThroughTheBytesEveryStepDecidesAsItsTwinThatNeverDid() throws IOException {
        for (long seed = 1; seed <= 10; seed++) {
            Random random = new Random(seed);
            SymbolStores kept = SymbolStores.onHeap(SETUP);
            SymbolWatch throughBytes = SymbolWatch.create("BTCUSDT", SETUP, kept);
            SymbolWatch twin = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
            List<String> orderIds = new ArrayList<>();
            for (int step = 0; step < 300; step++) {
                long t = T0 + step * 250L;
                ControlState control = step % 100 < 90 ? RAMPING : PINNED;
                // The step a pin or unpin arrives brings no input: a re-decision follows the new model.
                boolean modelChange = step % 100 == 90 || (step > 0 && step % 100 == 0);
                for (int n = modelChange ? 0 : 1 + random.nextInt(3); n > 0; n--) {
                    SymbolEvent e = event(t, random, orderIds);
                    throughBytes.apply(e, control, tca -> { }, (bad, reason, detail) -> { });
                    twin.apply(e, control, tca -> { }, (bad, reason, detail) -> { });
                }
                AccountView account = AccountView.fresh(T0);
                SymbolEvaluation.Trigger trigger = !modelChange && random.nextInt(4) != 0
                        ? SymbolEvaluation.Trigger.INPUT : SymbolEvaluation.Trigger.values()[1 + random.nextInt(2)];
                var a = throughBytes.evaluate(t, StaleClock.replay(t), account, control, GateLimits.defaults(), trigger);
                var b = twin.evaluate(t, StaleClock.replay(t), account, control, GateLimits.defaults(), trigger);
                assertThat(a).as("seed %d at step %d", seed, step).isEqualTo(b);

                SymbolWatch.State written = throughBytes.state();
                SymbolWatch.State read = read(bytes(written));
                assertThat(bytes(read)).as("seed %d at step %d: written again", seed, step).isEqualTo(bytes(written));
                throughBytes = SymbolWatch.restore(SETUP, read, kept);
            }
        }
    }

    @Test
    void copyIsDeepSoTheOriginalCanChangeInPlace() {
        SymbolWatch watch = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
        watch.apply(SymbolEvent.of(new FeatureVector(T0, "BTCUSDT", CHAMPION, Map.of("x", 1.0, "y", 0.0))), RAMPING,
                tca -> { }, (bad, reason, detail) -> { });
        watch.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), RAMPING, GateLimits.defaults());
        SymbolWatch.State original = watch.state();
        byte[] before = bytes(original);

        SymbolWatch.State copy = serializer.copy(original);
        original.usedPsi().binCounts()[0][0] += 7;
        original.feed().primaryTs = 42;

        assertThat(bytes(copy)).isEqualTo(before);
    }

    @Test
    void refusesALayoutItDoesNotKnow() {
        byte[] bytes = bytes(SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP)).state());
        bytes[0] = 9;

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("a symbol's state in layout 9, this version reads layout 4");
    }

    @Test
    void itsSnapshotRestoresACompatibleSerializer() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<SymbolWatch.State> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<SymbolWatch.State> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    private byte[] bytes(SymbolWatch.State state) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(state, out);
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private SymbolWatch.State read(byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }

    private static SymbolEvent event(long t, Random random, List<String> orderIds) {
        double mid = 100 + random.nextGaussian();
        switch (random.nextInt(4)) {
            case 0 -> {
                Feed feed = random.nextBoolean() ? Feed.PRIMARY : Feed.REFERENCE;
                return SymbolEvent.of(new MarketQuote(t, "BTCUSDT", feed, mid - 0.01, mid + 0.01, null, null));
            }
            case 1 -> {
                Map<String, Double> values = new HashMap<>();
                values.put("x", random.nextInt(10) == 0 ? null : random.nextGaussian());
                values.put("y", random.nextGaussian() * 2);
                String model = random.nextInt(3) == 0 ? CHALLENGER : CHAMPION;
                return SymbolEvent.of(new FeatureVector(t, "BTCUSDT", model, values));
            }
            default -> {
                if (orderIds.isEmpty() || random.nextInt(3) == 0) {
                    String id = "o-" + orderIds.size();
                    orderIds.add(id);
                    return order(t, OrderEventType.PLACED, id, random.nextBoolean(), mid, null, null, null);
                }
                String id = orderIds.get(random.nextInt(orderIds.size()));
                return switch (random.nextInt(4)) {
                    case 0 -> order(t, OrderEventType.ACKED, id, false, null, 5.0 + random.nextInt(300), null, null);
                    case 1 -> order(t, OrderEventType.REJECTED, id, false, null, null, null, null);
                    default -> order(t, OrderEventType.FILL, id, false, null, null, 0.5, mid + random.nextGaussian() * 0.05);
                };
            }
        }
    }

    private static SymbolEvent order(long t, OrderEventType type, String id, boolean canary, Double arrivalMid,
            Double placeMs, Double fillQty, Double fillPx) {
        return SymbolEvent.of(new OrderEvent(t, type, id, "BTCUSDT", Side.BUY, "main", canary ? CHALLENGER : CHAMPION,
                canary, type == OrderEventType.PLACED ? 1.0 : null, null, arrivalMid, placeMs, fillQty, fillPx, null));
    }
}
