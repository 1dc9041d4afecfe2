package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.ReferenceProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceBookTest {

    private static ReferenceProfile profile(String model, double edge, double below) {
        return new ReferenceProfile(model, Map.of("x", new FeatureBins(new double[] {edge}, new double[] {below, 1 - below})));
    }

    private static final ReferenceBook START = ReferenceBook.of(List.of(CompiledProfile.of(profile("m", 0.0, 0.5))));

    @Test
    void aVersionHoldsFromItsTsUntilTheNext() {
        ReferenceBook book = START.plus(List.of(profile("m", 0.0, 0.8).at(2_000), profile("m", 0.0, 0.6).at(1_000)));

        assertThat(book.at("m", 999).since()).isEqualTo(CompiledProfile.FROM_START);
        assertThat(book.at("m", 1_000).since()).isEqualTo(1_000);
        assertThat(book.at("m", 1_999).since()).isEqualTo(1_000);
        assertThat(book.at("m", 2_000).since()).isEqualTo(2_000);
        assertThat(book.at("other", 2_000)).isNull();
        assertThat(book.at(null, 2_000)).isNull();
        // The start book is not changed by what is added to it.
        assertThat(START.at("m", 2_000).since()).isEqualTo(CompiledProfile.FROM_START);
    }

    @Test
    void theProfilesInForceAtATimeAreEachModelsVersionThenBeforeAndAfterTheNewestSince() {
        ReferenceBook book = START.plus(List.of(profile("m", 0.0, 0.6).at(1_000), profile("n", 0.0, 0.7).at(3_000),
                profile("m", 0.0, 0.8).at(2_000)));

        for (long t : new long[] {Long.MIN_VALUE, 0, 999, 1_000, 1_999, 2_000, 2_999, 3_000, 10_000, Long.MAX_VALUE}) {
            ReferenceBook.InForce inForce = book.inForceAt(t);
            // By hand: m from the start, 1,000 and 2,000; n from 3,000 only.
            long m = t >= 2_000 ? 2_000 : t >= 1_000 ? 1_000 : CompiledProfile.FROM_START;
            assertThat(inForce.of("m").since()).as("m at %d", t).isEqualTo(m);
            if (t >= 3_000) {
                assertThat(inForce.of("n").since()).as("n at %d", t).isEqualTo(3_000);
            } else {
                assertThat(inForce.of("n")).as("n at %d", t).isNull();
            }
            assertThat(inForce.of("other")).isNull();
            assertThat(inForce.of(null)).isNull();
        }
        assertThat(START.inForceAt(Long.MIN_VALUE).of("m").since()).isEqualTo(CompiledProfile.FROM_START);
        assertThat(ReferenceBook.empty().inForceAt(0).of("m")).isNull();
    }

    @Test
    void anUpdateOlderThanTheBooksNewestVersionHoldsUntilItAsTheBookGrowsStepByStep() {
        // As the reference timeline builds the book: one update at a time, the later one first.
        ReferenceBook book = START.plus(List.of(profile("m", 0.0, 0.8).at(2_000))).plus(List.of(profile("m", 0.0, 0.6).at(1_000)));

        assertThat(book.inForceAt(999).of("m").since()).isEqualTo(CompiledProfile.FROM_START);
        assertThat(book.inForceAt(1_500).of("m").since()).isEqualTo(1_000);
        assertThat(book.inForceAt(2_000).of("m").since()).isEqualTo(2_000);
    }

    @Test
    void anotherModelsOlderUpdateLeavesEachModelsVersionsInForceAtTheirOwnTimes() {
        // The champion's profile is replaced at 5,000, then the challenger's first arrives stamped 1,000.
        ReferenceBook book = START.plus(List.of(profile("m", 0.0, 0.8).at(5_000))).plus(List.of(profile("n", 0.0, 0.6).at(1_000)));

        assertThat(book.inForceAt(3_000).of("m").since()).isEqualTo(CompiledProfile.FROM_START);
        assertThat(book.inForceAt(3_000).of("n").since()).isEqualTo(1_000);
        assertThat(book.inForceAt(5_000).of("m").since()).isEqualTo(5_000);
    }

    @Test
    void aLaterRecordWithTheSameTsReplacesTheEarlier() {
        ReferenceBook book = START.plus(List.of(profile("m", 0.0, 0.8).at(1_000), profile("m", 0.0, 0.7).at(1_000)));

        assertThat(book.version("m", 1_000).flooredExpected(0)[0]).isEqualTo(0.7);
        assertThat(book.version("m", 999)).isNull();
    }

    @Test
    void theBinsKeyIgnoresExpectedSharesButNotEdges() {
        CompiledProfile a = CompiledProfile.of(profile("m", 0.0, 0.5));
        CompiledProfile sameEdges = CompiledProfile.of(profile("m", 0.0, 0.9));
        CompiledProfile otherEdge = CompiledProfile.of(profile("m", 0.25, 0.5));
        CompiledProfile otherName = CompiledProfile.of(new ReferenceProfile("m",
                Map.of("y", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5}))));

        assertThat(sameEdges.binsKey()).isEqualTo(a.binsKey());
        assertThat(otherEdge.binsKey()).isNotEqualTo(a.binsKey());
        assertThat(otherName.binsKey()).isNotEqualTo(a.binsKey());
    }

    @Test
    void anUpdateNeedsItsTs() {
        assertThatThrownBy(() -> START.plus(List.of(profile("m", 0.0, 0.5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs its ts");
        ReferenceTimeline timeline = new ReferenceTimeline();
        assertThatThrownBy(() -> timeline.add(profile("m", 0.0, 0.5))).hasMessageContaining("needs its ts");
        assertThat(timeline.getUpdates()).isEmpty();
    }

    @Test
    void theTimelineReadsItsUpdatesOverTheStartBook() {
        ReferenceTimeline timeline = new ReferenceTimeline();
        timeline.add(profile("m", 0.0, 0.8).at(5));
        ReferenceBook book = timeline.book(START);
        timeline.add(profile("n", 0.0, 0.8).at(7));

        assertThat(book.at("n", 10)).isNull();
        assertThat(timeline.book(START).at("m", 10).since()).isEqualTo(5);
        assertThat(timeline.book(START).at("n", 10).since()).isEqualTo(7);
    }

    @Test
    void theTimelineNeedsNoKryo() {
        KryoFreeTypes.assertNoGenericTypes(ReferenceTimeline.class);
    }
}
