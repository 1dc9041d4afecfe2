package io.canarykit.operators.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.risk.RiskBudget;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job splits the budget: each symbol's ledger turns its fills and primary mids into changes, and
 * the account adds them up. A budget fed those changes must give, to the last bit, the figures of a
 * budget fed every fill and mid itself (the way the brute-force tests of {@link RiskBudget} check),
 * over days, repeats, paper fills and marks of flat symbols that send nothing.
 */
class LedgerChangesPropertyTest {

    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final RiskLimits LIMITS = new RiskLimits(100_000, 0.05, 1_000, 0.25);
    private static final String[] SYMBOLS = {"AAA", "BBB", "CCC", "DDD", "EEE", "FFF"};

    /** One input, in the order the account applies events of one timestamp: marks by mid, then fills by key. */
    private record Input(long ts, String symbol, Double mid, OrderEvent fill) {
        int rank() {
            return mid != null ? AccountChange.MARK_RANK : AccountChange.ORDER_RANK + fill.event().ordinal();
        }

        String content() {
            return mid != null ? symbol + "/" + mid : fill.dedupKey();
        }
    }

    private static final Comparator<Input> APPLY_ORDER =
            Comparator.comparingInt(Input::rank).thenComparing(Input::content);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aBudgetFedTheLedgersChangesHasTheFiguresOfOneFedEveryEvent(long seed) {
        Random random = new Random(seed);
        RiskBudget direct = new RiskBudget(LIMITS, START);
        RiskBudget fromChanges = new RiskBudget(LIMITS, START);
        Map<String, SymbolLedger> ledgers = new HashMap<>();
        for (String s : SYMBOLS) {
            ledgers.put(s, SymbolLedger.create(SymbolLedger.Stores.onHeap()));
        }
        double[] mids = {100, 50, 20, 7, 300, 1.5};
        List<OrderEvent> sent = new ArrayList<>();
        long ts = START;
        int changes = 0;
        int flatMarks = 0;
        for (int step = 0; step < 1_500; step++) {
            // Some steps share a timestamp; every few hundred a day or more passes.
            ts += random.nextInt(10) < 3 ? 0 : (step % 400 == 399 ? 86_400_000L + random.nextInt(3_600_000) : 1 + random.nextInt(60_000));
            List<Input> batch = new ArrayList<>();
            // Every symbol quotes at every timestamp, so each symbol's ledger sees the account's day.
            for (int i = 0; i < SYMBOLS.length; i++) {
                mids[i] *= 1 + random.nextGaussian() * 0.002;
                batch.add(new Input(ts, SYMBOLS[i], Math.round(mids[i] * 1e4) / 1e4, null));
            }
            int fills = random.nextInt(3);
            for (int f = 0; f < fills; f++) {
                OrderEvent fill = random.nextInt(8) == 0 && !sent.isEmpty()
                        ? again(sent.get(random.nextInt(sent.size())), ts)
                        : fill(random, ts, sent.size(), mids);
                sent.add(fill);
                batch.add(new Input(ts, fill.symbol(), null, fill));
            }
            batch.sort(APPLY_ORDER);

            for (Input in : batch) {
                if (in.mid() != null) {
                    direct.onMark(in.symbol(), ts, in.mid());
                } else {
                    direct.onFill(in.fill());
                }
            }
            List<AccountChange> made = new ArrayList<>();
            for (Input in : batch) {
                SymbolLedger ledger = ledgers.get(in.symbol());
                AccountChange change = in.mid() != null
                        ? ledger.mark(in.symbol(), ts, in.mid(), (bad, reason, detail) -> {
                            throw new AssertionError(detail);
                        })
                        : ledger.order(in.fill(), (bad, reason, detail) -> {
                            throw new AssertionError(detail);
                        });
                if (change != null && change.position() != null) {
                    made.add(change);
                } else if (in.mid() != null) {
                    flatMarks++;
                }
            }
            // The account sorts what arrives from every symbol as it sorted the events themselves.
            made.sort(Comparator.comparingInt(AccountChange::rank).thenComparing(AccountChange::contentKey));
            made.forEach(c -> fromChanges.onChange(c.position()));
            changes += made.size();
            direct.advanceTo(ts);
            fromChanges.advanceTo(ts);

            if (!direct.snapshot().equals(fromChanges.snapshot())) {
                assertThat(fromChanges.snapshot()).as("step %d (seed %d)", step, seed).isEqualTo(direct.snapshot());
            }
        }
        assertThat(changes).as("changes sent").isPositive();
        assertThat(flatMarks).as("marks of flat symbols that sent nothing").isPositive();
        assertThat(direct.snapshot().openPositions()).isEqualTo(fromChanges.snapshot().openPositions());
    }

    private static OrderEvent fill(Random random, long ts, int n, double[] mids) {
        int i = random.nextInt(SYMBOLS.length);
        double qty = 1 + random.nextInt(5);
        double px = Math.round(mids[i] * (1 + random.nextGaussian() * 0.001) * 1e4) / 1e4;
        boolean shadow = random.nextInt(10) == 0;
        return new OrderEvent(ts, OrderEventType.FILL, "o-" + n, SYMBOLS[i], random.nextBoolean() ? Side.BUY : Side.SELL,
                "main", shadow ? "challenger_1" : "champion_1", shadow || random.nextInt(5) == 0, qty, px, px, null,
                qty, px, random.nextInt(3) * 0.5, shadow);
    }

    // The same fill sent again: same order, time, size and price, so the same key.
    private static OrderEvent again(OrderEvent fill, long ts) {
        return fill;
    }
}
