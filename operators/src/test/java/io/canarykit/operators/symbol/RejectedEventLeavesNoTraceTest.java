package io.canarykit.operators.symbol;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.codec.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A symbol that is handed events its signals refuse, or that make one throw, ends up exactly where a
 * twin that never saw those events ends up: same KPI records, verdicts, decisions and TCA. This is
 * what lets the job send such an event to the DLQ and go on.
 */
class RejectedEventLeavesNoTraceTest {

    private static final String MODEL = "champion_1";
    private static final long T0 = 1_767_225_600_000L;
    private static final ReferenceProfile PROFILE = new ReferenceProfile(MODEL,
            Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
    private static final ControlState ARMED = new ControlState(true, false, true, null, 0.0, MODEL, null);
    // Small minimums, so the SLO and PSI figures are live within the run.
    private static final SymbolSetup SETUP = new SymbolSetup(
            KitConfig.defaults().with(Map.of("PSI_WINDOW_MS", "60000", "PSI_MIN_SAMPLES", "5",
                    "MISSING_WINDOW_MS", "30000", "SLO_WINDOW_MS", "60000", "SLO_MIN_SAMPLES", "3")),
            Map.of(MODEL, PROFILE), ARMED);

    @Test
    void aSymbolFedPoisonEndsWhereItsTwinWithoutThePoisonEnds() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            SymbolWatch fed = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
            SymbolWatch twin = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
            Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
            List<String> orderIds = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                long t = T0 + step * 250L;
                List<SymbolEvent> batch = new ArrayList<>();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    batch.add(random.nextInt(5) == 0 ? poison(t, random, orderIds) : healthy(t, random, orderIds));
                }
                batch.sort(SymbolEvent.APPLY_ORDER);
                List<TcaRecord> fedTca = new ArrayList<>();
                List<TcaRecord> twinTca = new ArrayList<>();
                for (SymbolEvent e : batch) {
                    boolean[] refused = {false};
                    fed.apply(e, ARMED, fedTca::add, (bad, reason, detail) -> {
                        refused[0] = true;
                        rejected.merge(reason, 1, Integer::sum);
                    });
                    if (!refused[0]) {
                        twin.apply(e, ARMED, twinTca::add, (bad, reason, detail) -> {
                            throw new AssertionError("the twin refused what the fed watch took: " + detail);
                        });
                    }
                }
                AccountView account = AccountView.fresh(T0);
                var a = fed.evaluate(t, StaleClock.replay(t), account, ARMED, GateLimits.defaults());
                var b = twin.evaluate(t, StaleClock.replay(t), account, ARMED, GateLimits.defaults());

                assertThat(a).as("seed %d at step %d", seed, step).isEqualTo(b);
                assertThat(fedTca).as("seed %d at step %d", seed, step).isEqualTo(twinTca);
            }
            // Both kinds of refusal happened, so the comparison covered them.
            assertThat(rejected).as("seed %d", seed).containsKeys(RejectReason.INVALID_VALUE, RejectReason.PROCESSING_ERROR);
        }
    }

    private static SymbolEvent healthy(long t, Random random, List<String> orderIds) {
        double mid = 100 + random.nextGaussian();
        switch (random.nextInt(4)) {
            case 0 -> {
                Feed feed = random.nextBoolean() ? Feed.PRIMARY : Feed.REFERENCE;
                return SymbolEvent.of(new MarketQuote(t, "BTCUSDT", feed, mid - 0.01, mid + 0.01, null, null));
            }
            case 1 -> {
                Map<String, Double> values = new java.util.HashMap<>();
                values.put("x", random.nextInt(10) == 0 ? null : random.nextGaussian());
                return SymbolEvent.of(new FeatureVector(t, "BTCUSDT", MODEL, values));
            }
            default -> {
                if (orderIds.isEmpty() || random.nextInt(3) == 0) {
                    String id = "o-" + orderIds.size();
                    orderIds.add(id);
                    return order(t, OrderEventType.PLACED, id, 1.0, null, null, mid, null);
                }
                String id = orderIds.get(random.nextInt(orderIds.size()));
                return switch (random.nextInt(4)) {
                    case 0 -> order(t, OrderEventType.ACKED, id, null, null, null, null, 5.0 + random.nextInt(300));
                    case 1 -> order(t, OrderEventType.REJECTED, id, null, null, null, null, null);
                    default -> order(t, OrderEventType.FILL, id, null, 0.5, mid + random.nextGaussian() * 0.05, null, null);
                };
            }
        }
    }

    /** Events that decode (or are built directly) but that no signal can use. */
    private static SymbolEvent poison(long t, Random random, List<String> orderIds) {
        String id = orderIds.isEmpty() ? "o-none" : orderIds.get(random.nextInt(orderIds.size()));
        return switch (random.nextInt(6)) {
            // An empty book: no mid.
            case 0 -> SymbolEvent.of(new MarketQuote(t, "BTCUSDT", Feed.PRIMARY, 0.0, 0.0, null, null));
            case 1 -> SymbolEvent.of(new MarketQuote(t, "BTCUSDT", Feed.REFERENCE, Double.NaN, 100.0, null, null));
            // A notional too large for a double.
            case 2 -> order(t, OrderEventType.FILL, id, null, 1e200, 1e200, null, null);
            // A slippage too large for a double, against a tiny arrival mid of the fill's own.
            case 3 -> order(t, OrderEventType.FILL, id, null, 1.0, 1e300, 1e-300, null);
            // No order id: the order registry throws.
            case 4 -> order(t, OrderEventType.ACKED, null, null, null, null, null, 12.0);
            default -> order(t, OrderEventType.FILL, id, null, null, 100.0, null, null);
        };
    }

    private static SymbolEvent order(long t, OrderEventType type, String id, Double qty, Double fillQty, Double fillPx,
            Double arrivalMid, Double placeMs) {
        return SymbolEvent.of(new OrderEvent(t, type, id, "BTCUSDT", Side.BUY, "main", MODEL, false,
                qty, null, arrivalMid, placeMs, fillQty, fillPx, null));
    }
}
