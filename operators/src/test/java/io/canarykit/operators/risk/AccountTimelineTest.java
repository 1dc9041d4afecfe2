package io.canarykit.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountTimelineTest {

    private static AccountView view(long ts, double budget) {
        return new AccountView(ts, budget, 0.0, 0, null, 0.0);
    }

    @Test
    void readsTheLatestViewAtOrBeforeTheTime() {
        AccountTimeline timeline = AccountTimeline.startingWith(view(0, 1.0));
        timeline.add(view(200, 0.5));
        timeline.add(view(100, 0.75)); // arrives late, lands in its time place

        assertThat(timeline.asOf(50).budgetLeft()).isEqualTo(1.0);
        assertThat(timeline.asOf(100).budgetLeft()).isEqualTo(0.75);
        assertThat(timeline.asOf(199).budgetLeft()).isEqualTo(0.75);
        assertThat(timeline.asOf(200).budgetLeft()).isEqualTo(0.5);
        assertThat(timeline.latest().budgetLeft()).isEqualTo(0.5);
    }

    @Test
    void droppingOldViewsKeepsEveryAnswerAfterTheWatermark() {
        AccountTimeline timeline = fourViews();

        AccountTimeline dropped = fourViews();
        dropped.dropBefore(250);

        assertThat(dropped.views()).extracting(AccountView::ts).containsExactly(200L, 300L);
        for (long t : new long[] {250, 299, 300, 999}) {
            assertThat(dropped.asOf(t)).isEqualTo(timeline.asOf(t));
        }
    }

    private static AccountTimeline fourViews() {
        AccountTimeline timeline = AccountTimeline.startingWith(view(0, 1.0));
        timeline.add(view(100, 0.9));
        timeline.add(view(200, 0.8));
        timeline.add(view(300, 0.7));
        return timeline;
    }

    @Test
    void sameFiguresIgnoreTheTime() {
        assertThat(view(1, 0.5).sameFiguresAs(view(2, 0.5))).isTrue();
        assertThat(view(1, 0.5).sameFiguresAs(view(1, 0.4))).isFalse();
    }

    @Test
    void isKryoFree() {
        KryoFreeTypes.assertNoGenericTypes(AccountTimeline.class);
    }
}
