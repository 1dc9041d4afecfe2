package io.canarykit.operators.risk;

import static io.canarykit.schema.Side.BUY;
import static io.canarykit.schema.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionBookTest {

    private static final double EPS = 1e-12;

    private final PositionBook book = new PositionBook();

    @Test
    void averagesCostThroughAdds() {
        book.applyFill("AAA", BUY, 2, 100);
        book.applyFill("AAA", BUY, 1, 103);
        // (2*100 + 1*103) / 3 = 303 / 3 = 101
        assertThat(book.holding("AAA").avgCost()).isCloseTo(101.0, within(EPS));

        double pnl = book.applyFill("AAA", BUY, 1, 105);

        // (3*101 + 1*105) / 4 = 408 / 4 = 102; adding realises nothing.
        assertThat(pnl).isZero();
        assertThat(book.holding("AAA").qty()).isEqualTo(4.0);
        assertThat(book.holding("AAA").avgCost()).isCloseTo(102.0, within(EPS));
        assertThat(book.realised()).isZero();
    }

    @Test
    void partialCloseRealisesTheClosedPartAndKeepsAverageCost() {
        book.applyFill("AAA", BUY, 4, 102);

        double pnl = book.applyFill("AAA", SELL, 1, 110);

        // (110 - 102) * 1 closed * (+1 long) = +8; 3 left at the same average cost.
        assertThat(pnl).isCloseTo(8.0, within(EPS));
        assertThat(book.holding("AAA").qty()).isEqualTo(3.0);
        assertThat(book.holding("AAA").avgCost()).isEqualTo(102.0);
        assertThat(book.realised()).isCloseTo(8.0, within(EPS));
    }

    @Test
    void flipRealisesTheHeldSizeAndOpensTheRestAtTheFillPrice() {
        book.applyFill("AAA", BUY, 1, 100);

        double pnl = book.applyFill("AAA", SELL, 3, 110);

        // Closes 1: (110 - 100) * 1 * (+1) = +10; the other 2 open a short at 110.
        assertThat(pnl).isCloseTo(10.0, within(EPS));
        assertThat(book.holding("AAA").qty()).isEqualTo(-2.0);
        assertThat(book.holding("AAA").avgCost()).isEqualTo(110.0);
    }

    @Test
    void shortCoverRealisesWithTheShortDirection() {
        book.applyFill("BBB", SELL, 2, 50);

        double cover = book.applyFill("BBB", BUY, 1, 45);
        // (45 - 50) * 1 * (-1 short) = +5; short 1 @ 50 left.
        assertThat(cover).isCloseTo(5.0, within(EPS));
        assertThat(book.holding("BBB").qty()).isEqualTo(-1.0);

        double flip = book.applyFill("BBB", BUY, 3, 40);
        // Covers 1: (40 - 50) * 1 * (-1) = +10; opens long 2 @ 40. Realised 5 + 10 = 15.
        assertThat(flip).isCloseTo(10.0, within(EPS));
        assertThat(book.holding("BBB").qty()).isEqualTo(2.0);
        assertThat(book.holding("BBB").avgCost()).isEqualTo(40.0);
        assertThat(book.realised()).isCloseTo(15.0, within(EPS));
    }

    @Test
    void valuesLongAndShortPositionsAtTheirMarks() {
        book.applyFill("AAA", BUY, 3, 102);
        book.applyFill("BBB", SELL, 2, 110);
        book.mark("AAA", 1, 100);
        book.mark("BBB", 1, 105);

        // Long: (100 - 102) * 3 = -6. Short: (105 - 110) * -2 = +10. Total +4.
        assertThat(book.holding("AAA").unrealised()).isCloseTo(-6.0, within(EPS));
        assertThat(book.holding("BBB").unrealised()).isCloseTo(10.0, within(EPS));
        assertThat(book.unrealised()).isCloseTo(4.0, within(EPS));
    }

    @Test
    void unmarkedSymbolIsValuedAtItsAverageCost() {
        book.applyFill("AAA", BUY, 5, 100);
        assertThat(book.unrealised()).isZero();

        book.mark("AAA", 1, 101);

        // (101 - 100) * 5 = +5
        assertThat(book.unrealised()).isCloseTo(5.0, within(EPS));
    }

    @Test
    void markTakenBeforeThePositionOpensPricesItLater() {
        book.mark("AAA", 1, 99);

        book.applyFill("AAA", BUY, 2, 100);

        // The held mark 99 applies at once: (99 - 100) * 2 = -2.
        assertThat(book.unrealised()).isCloseTo(-2.0, within(EPS));
    }

    @Test
    void flippedPositionKeepsTheSymbolsMark() {
        book.applyFill("AAA", BUY, 1, 100);
        book.mark("AAA", 1, 108);
        // Long 1 @ 100 at 108: +8.
        assertThat(book.unrealised()).isCloseTo(8.0, within(EPS));

        book.applyFill("AAA", SELL, 3, 110);

        // Short 2 @ 110 at 108: (108 - 110) * -2 = +4.
        assertThat(book.unrealised()).isCloseTo(4.0, within(EPS));
    }

    @Test
    void olderMarkIsIgnoredAndEqualTimestampReplaces() {
        book.applyFill("AAA", BUY, 1, 100);
        assertThat(book.mark("AAA", 2_000, 103)).isTrue();

        assertThat(book.mark("AAA", 1_999, 90)).isFalse();
        assertThat(book.unrealised()).isCloseTo(3.0, within(EPS));

        assertThat(book.mark("AAA", 2_000, 104)).isTrue();
        assertThat(book.unrealised()).isCloseTo(4.0, within(EPS));
    }

    @Test
    void floatDustLeavesThePositionFlat() {
        book.applyFill("AAA", BUY, 0.1, 100);
        book.applyFill("AAA", BUY, 0.2, 100);
        book.mark("AAA", 1, 120);
        assertThat(book.openPositions()).isEqualTo(1);

        // 0.1 + 0.2 = 0.30000000000000004, so selling 0.3 would leave 5.6e-17 without the epsilon.
        book.applyFill("AAA", SELL, 0.3, 110);

        assertThat(book.holding("AAA").isFlat()).isTrue();
        assertThat(book.holding("AAA").qty()).isZero();
        assertThat(book.openPositions()).isZero();
        assertThat(book.unrealised()).isZero();
    }

    @Test
    void reopeningAfterAFullCloseStartsAFreshAverageCost() {
        book.applyFill("AAA", BUY, 2, 100);
        book.applyFill("AAA", SELL, 2, 90);

        book.applyFill("AAA", BUY, 1, 120);

        // Realised (90 - 100) * 2 = -20; the new long does not blend with the closed one.
        assertThat(book.realised()).isCloseTo(-20.0, within(EPS));
        assertThat(book.holding("AAA").avgCost()).isEqualTo(120.0);
    }

    @Test
    void countsSymbolsWithOpenPositions() {
        book.applyFill("AAA", BUY, 1, 100);
        book.applyFill("BBB", SELL, 1, 100);
        book.mark("CCC", 1, 50);
        assertThat(book.openPositions()).isEqualTo(2);

        book.applyFill("AAA", SELL, 1, 100);

        assertThat(book.openPositions()).isEqualTo(1);
    }

    @Test
    void aBookFedTheChangesOfAnotherHasItsTotalsToTheLastBit() {
        PositionBook totalsOnly = new PositionBook();
        List<PositionChange> changes = new ArrayList<>();
        changes.add(book.fill("AAA", 1, BUY, 3, 100));
        changes.add(book.fill("BBB", 1, SELL, 2, 10));
        changes.add(book.markChange("AAA", 2, 101.5));
        changes.add(book.markChange("BBB", 2, 9.25));
        changes.add(book.fill("AAA", 3, SELL, 1, 102));
        changes.add(book.markChange("CCC", 3, 7.0));
        changes.forEach(totalsOnly::applyChange);

        // AAA: 2 left at 100, marked 101.5 = 3; BBB: -2 at 10, marked 9.25 = 1.5; realised (102 - 100) x 1 = 2.
        assertThat(book.unrealised()).isCloseTo(4.5, within(EPS));
        assertThat(book.realised()).isCloseTo(2.0, within(EPS));
        assertThat(totalsOnly.unrealised()).isEqualTo(book.unrealised());
        assertThat(totalsOnly.realised()).isEqualTo(book.realised());
        assertThat(totalsOnly.openPositions()).isEqualTo(2);
        // The totals-only book holds no position itself, and CCC's mark moved nothing.
        assertThat(totalsOnly.holding("AAA").isFlat()).isTrue();
        assertThat(changes.get(5).movesFigures()).isFalse();
        assertThat(changes.get(4).realised()).isCloseTo(2.0, within(EPS));
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        assertThatThrownBy(() -> book.applyFill(null, BUY, 1, 1)).hasMessageContaining("symbol");
        assertThatThrownBy(() -> book.applyFill("AAA", null, 1, 1)).hasMessageContaining("side");
        assertThatThrownBy(() -> book.applyFill("AAA", BUY, 0, 1)).hasMessageContaining("qty");
        assertThatThrownBy(() -> book.applyFill("AAA", BUY, 1, Double.NaN)).hasMessageContaining("px");
        assertThatThrownBy(() -> book.mark("AAA", 1, -1)).hasMessageContaining("mid");
        assertThatThrownBy(() -> book.mark(" ", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(book.openPositions()).isZero();
    }
}
