package io.canarykit.operators.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.codec.RejectReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The account's boundary: a mark, fill or command the budget cannot apply is reported with its reason
 * and leaves the account exactly where a twin that never saw it is.
 */
class AccountRejectedInputTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final KitConfig CONFIG = KitConfig.defaults();

    private record Refusal(RejectReason reason, String detail) {}

    @Test
    void anEmptyBookMarkIsAProcessingErrorThatChangesNothing() {
        // Such a mark once reached the budget from a zero-price quote, threw, and stopped the job for good.
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        List<Refusal> refused = new ArrayList<>();

        account.applyMark("BTCUSDT", T0, 0.0, (symbol, reason, detail) -> refused.add(new Refusal(reason, detail)));

        assertThat(refused).containsExactly(new Refusal(RejectReason.PROCESSING_ERROR,
                "IllegalArgumentException: mid must be a positive finite number, got 0.0"));
        AccountWatch twin = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        assertThat(account.evaluate(T0)).isEqualTo(twin.evaluate(T0));
    }

    @Test
    void aFillTheBudgetRefusesReachesNeitherTheSloWindowNorTheBudget() {
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        List<Refusal> refused = new ArrayList<>();
        account.applyOrder(order(T0, OrderEventType.PLACED, "o-1", null, null, null), (o, r, d) -> refused.add(new Refusal(r, d)));

        // A fee that is not a number: the decoder refuses it, and so must the budget if one ever gets through.
        account.applyOrder(order(T0 + 1, OrderEventType.FILL, "o-1", 1.0, 100.0, Double.NaN),
                (o, r, d) -> refused.add(new Refusal(r, d)));
        account.applyOrder(order(T0 + 2, OrderEventType.FILL, "o-1", 1.0, 100.0, 0.1),
                (o, r, d) -> refused.add(new Refusal(r, d)));
        var after = account.evaluate(T0 + 2);

        assertThat(refused).singleElement().extracting(Refusal::reason).isEqualTo(RejectReason.PROCESSING_ERROR);
        // Only the good fill reached the account-wide SLO window and the budget.
        assertThat(after.kpi().samples()).containsEntry("fills", 1L);
        assertThat(after.snapshot().totalTrades()).isEqualTo(1);
    }

    @Test
    void anAccountFedPoisonEndsWhereItsTwinWithoutThePoisonEnds() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            AccountWatch fed = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
            AccountWatch twin = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
            List<RejectReason> reasons = new ArrayList<>();
            int orders = 0;
            for (int step = 0; step < 300; step++) {
                long t = T0 + step * 500L;
                boolean poison = random.nextInt(4) == 0;
                int kind = random.nextInt(3);
                boolean[] refused = {false};
                if (kind == 0) {
                    double mid = poison ? (random.nextBoolean() ? 0.0 : Double.NaN) : 100 + random.nextGaussian();
                    fed.applyMark("BTCUSDT", t, mid, (s, r, d) -> { refused[0] = true; reasons.add(r); });
                    if (!refused[0]) {
                        twin.applyMark("BTCUSDT", t, mid, (s, r, d) -> { throw new AssertionError(d); });
                    }
                } else if (kind == 1) {
                    String id = "o-" + (random.nextBoolean() || orders == 0 ? orders++ : random.nextInt(orders));
                    OrderEvent e = poison
                            ? order(t, OrderEventType.FILL, id, 1.0, random.nextBoolean() ? 100.0 : Double.NaN,
                                    random.nextBoolean() ? Double.POSITIVE_INFINITY : -1.0)
                            : random.nextBoolean()
                                    ? order(t, OrderEventType.PLACED, id, null, null, null)
                                    : order(t, OrderEventType.FILL, id, 0.5, 100 + random.nextGaussian(), 0.01);
                    fed.applyOrder(e, (o, r, d) -> { refused[0] = true; reasons.add(r); });
                    if (!refused[0]) {
                        twin.applyOrder(e, (o, r, d) -> { throw new AssertionError(d); });
                    }
                } else {
                    ControlCommand c = poison
                            ? new ControlCommand("c" + step, t, "ops", ControlType.SET_LIMITS, Map.of("ACCOUNT_EQUITY", "-5"))
                            : new ControlCommand("c" + step, t, "ops", ControlType.RISK_RESET, Map.of());
                    fed.applyCommand(c, (o, r, d) -> { refused[0] = true; reasons.add(r); });
                    if (!refused[0]) {
                        twin.applyCommand(c, (o, r, d) -> { throw new AssertionError(d); });
                    }
                }

                assertThat(fed.evaluate(t)).as("seed %d at step %d", seed, step).isEqualTo(twin.evaluate(t));
            }
            assertThat(reasons).as("seed %d", seed).contains(RejectReason.PROCESSING_ERROR);
        }
    }

    private static OrderEvent order(long t, OrderEventType type, String id, Double fillQty, Double fillPx, Double fee) {
        return new OrderEvent(t, type, id, "BTCUSDT", Side.BUY, "main", "champion_1", false,
                1.0, null, type == OrderEventType.PLACED ? 100.0 : null, null, fillQty, fillPx, fee);
    }
}
