package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import org.junit.jupiter.api.Test;

class FeedMonitorTest {

    private static MarketQuote quote(long ts, Feed feed, double bid, double ask) {
        return new MarketQuote(ts, "SYM", feed, bid, ask, null, null);
    }

    @Test
    void computesDislocationFromBothMids() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(1_000, Feed.PRIMARY, 100.00, 100.04));   // mid 100.02
        feeds.add(quote(1_000, Feed.REFERENCE, 99.98, 100.02));  // mid 100.00

        // |100.02 - 100.00| / 100.00 * 1e4 = 0.02 / 100 * 1e4 = 2 bps
        assertThat(feeds.dislocationBps(1_000)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void dislocationIsAbsoluteWhicheverFeedIsHigher() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(1_000, Feed.PRIMARY, 199.0, 199.0));     // mid 199
        feeds.add(quote(1_000, Feed.REFERENCE, 200.0, 200.0));   // mid 200

        // |199 - 200| / 200 * 1e4 = 50 bps (divided by the reference mid, not the primary's 199).
        assertThat(feeds.dislocationBps(1_000)).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void hasNoDislocationUntilBothFeedsQuote() {
        FeedMonitor feeds = new FeedMonitor();
        assertThat(feeds.dislocationBps(1_000)).isNull();

        feeds.add(quote(1_000, Feed.PRIMARY, 100, 100));
        assertThat(feeds.dislocationBps(1_000)).isNull();

        FeedMonitor referenceOnly = new FeedMonitor();
        referenceOnly.add(quote(1_000, Feed.REFERENCE, 100, 100));
        assertThat(referenceOnly.dislocationBps(1_000)).isNull();
    }

    @Test
    void quoteExactlyAtTheFreshnessBoundStillCounts() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(1_000, Feed.PRIMARY, 101, 101));
        feeds.add(quote(1_500, Feed.REFERENCE, 100, 100));

        // Primary age at t = 2000 is 1000 ms: fresh. |101 - 100| / 100 * 1e4 = 100 bps.
        assertThat(feeds.dislocationBps(2_000)).isCloseTo(100.0, within(1e-9));
        // At t = 2001 the primary is 1001 ms old: stale, so no dislocation.
        assertThat(feeds.dislocationBps(2_001)).isNull();
    }

    @Test
    void staleReferenceAloneRemovesTheDislocation() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(1_000, Feed.REFERENCE, 100, 100));
        feeds.add(quote(1_900, Feed.PRIMARY, 101, 101));

        assertThat(feeds.dislocationBps(2_000)).isCloseTo(100.0, within(1e-9));
        assertThat(feeds.dislocationBps(2_001)).isNull();
    }

    @Test
    void honoursACustomFreshnessBound() {
        FeedMonitor feeds = new FeedMonitor(200);
        feeds.add(quote(1_000, Feed.PRIMARY, 100, 100));
        feeds.add(quote(1_000, Feed.REFERENCE, 100, 100));

        assertThat(feeds.dislocationBps(1_200)).isEqualTo(0.0);
        assertThat(feeds.dislocationBps(1_201)).isNull();
    }

    @Test
    void lateOlderQuoteDoesNotReplaceTheLatest() {
        FeedMonitor feeds = new FeedMonitor();
        assertThat(feeds.add(quote(2_000, Feed.PRIMARY, 100, 100))).isTrue();
        assertThat(feeds.add(quote(1_500, Feed.PRIMARY, 90, 90))).isFalse();
        assertThat(feeds.add(quote(2_000, Feed.REFERENCE, 100, 100))).isTrue();
        assertThat(feeds.add(quote(1_999, Feed.REFERENCE, 50, 50))).isFalse();

        assertThat(feeds.primaryMid()).isEqualTo(100.0);
        assertThat(feeds.primaryTs()).isEqualTo(2_000L);
        assertThat(feeds.dislocationBps(2_000)).isEqualTo(0.0);
        assertThat(feeds.staleSeconds(2_500)).isEqualTo(0.5);
    }

    @Test
    void quoteWithTheSameTsAppliedLaterWins() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(2_000, Feed.PRIMARY, 100, 100));
        assertThat(feeds.add(quote(2_000, Feed.PRIMARY, 102, 104))).isTrue();

        assertThat(feeds.primaryMid()).isEqualTo(103.0);

        feeds.add(quote(2_000, Feed.REFERENCE, 100, 100));
        assertThat(feeds.add(quote(2_000, Feed.REFERENCE, 104, 104))).isTrue();
        // Both mids are now from the quotes applied last: |103 - 104| / 104 * 1e4 = 96.15384615384616 bps.
        assertThat(feeds.dislocationBps(2_000)).isCloseTo(96.15384615384616, within(1e-9));
    }

    @Test
    void newerQuoteReplacesTheLatest() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(1_000, Feed.PRIMARY, 100, 100));
        feeds.add(quote(3_000, Feed.PRIMARY, 101, 103));

        assertThat(feeds.primaryMid()).isEqualTo(102.0);
        assertThat(feeds.primaryTs()).isEqualTo(3_000L);
        // (3250 - 3000) / 1000 = 0.25 s
        assertThat(feeds.staleSeconds(3_250)).isEqualTo(0.25);
    }

    @Test
    void staleSecondsIsNullBeforeTheFirstPrimaryQuote() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(1_000, Feed.REFERENCE, 100, 100));

        assertThat(feeds.staleSeconds(5_000)).isNull();
        assertThat(feeds.primaryMid()).isNull();
        assertThat(feeds.primaryTs()).isNull();
    }

    @Test
    void staleSecondsFollowsTheGivenClock() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(10_000, Feed.PRIMARY, 100, 100));

        // (t - 10000) / 1000 at t = 10000, 11000, 12345 and, with the quote stamped ahead, 9500.
        assertThat(feeds.staleSeconds(10_000)).isEqualTo(0.0);
        assertThat(feeds.staleSeconds(11_000)).isEqualTo(1.0);
        assertThat(feeds.staleSeconds(12_345)).isEqualTo(2.345);
        assertThat(feeds.staleSeconds(9_500)).isEqualTo(-0.5);
    }

    @Test
    void quoteStampedAfterTheClockIsFresh() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(2_000, Feed.PRIMARY, 101, 101));
        feeds.add(quote(2_000, Feed.REFERENCE, 100, 100));

        assertThat(feeds.dislocationBps(1_000)).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void rejectsBadQuotes() {
        FeedMonitor feeds = new FeedMonitor();
        assertThatThrownBy(() -> feeds.add(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quote");
        assertThatThrownBy(() -> feeds.add(quote(1, null, 1, 1))).hasMessageContaining("quote.feed");
        assertThatThrownBy(() -> feeds.add(quote(1, Feed.PRIMARY, 2, 1))).hasMessageContaining("quote.bid");
        assertThatThrownBy(() -> feeds.add(quote(1, Feed.PRIMARY, Double.NaN, 1))).hasMessageContaining("finite");
        assertThatThrownBy(() -> feeds.add(quote(1, Feed.PRIMARY, -1, 1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> feeds.add(quote(1, Feed.REFERENCE, 0, 0))).hasMessageContaining("mid");
        assertThatThrownBy(() -> new FeedMonitor(-1)).hasMessageContaining("freshnessMs");
        assertThat(feeds.primaryMid()).isNull();
    }

    @Test
    void acceptsExactlyTheQuotesThatAddTakes() {
        MarketQuote[] usable = {
            quote(1, Feed.PRIMARY, 100, 100.02),
            quote(1, Feed.REFERENCE, 0, 0.02),     // zero bid, mid 0.01 > 0
            quote(1, Feed.PRIMARY, 5, 5),
        };
        MarketQuote[] unusable = {
            null,
            quote(1, null, 1, 1),
            quote(1, Feed.PRIMARY, 0, 0),          // mid 0: the dislocation would divide by zero
            quote(1, Feed.PRIMARY, 2, 1),          // bid above ask
            quote(1, Feed.PRIMARY, -1, 1),
            quote(1, Feed.PRIMARY, Double.NaN, 1),
            quote(1, Feed.PRIMARY, 1, Double.POSITIVE_INFINITY),
            quote(1, Feed.PRIMARY, Double.MAX_VALUE, Double.MAX_VALUE), // finite prices, infinite mid
        };
        for (MarketQuote q : usable) {
            assertThat(FeedMonitor.accepts(q)).as("%s", q).isTrue();
            assertThat(new FeedMonitor().add(q)).isTrue();
        }
        for (MarketQuote q : unusable) {
            assertThat(FeedMonitor.accepts(q)).as("%s", q).isFalse();
            assertThatThrownBy(() -> new FeedMonitor().add(q)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusedQuoteLeavesTheLatestQuotesAsTheyWere() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(1_000, Feed.PRIMARY, 101, 101));
        feeds.add(quote(1_000, Feed.REFERENCE, 100, 100));

        assertThatThrownBy(() -> feeds.add(quote(2_000, Feed.REFERENCE, 0, 0))).hasMessageContaining("mid");

        // Still |101 - 100| / 100 * 1e4 = 100 bps from the quotes at 1000.
        assertThat(feeds.dislocationBps(1_500)).isCloseTo(100.0, within(1e-9));
        assertThat(feeds.primaryTs()).isEqualTo(1_000L);
    }

    @Test
    void referenceIsFreshUpToTheFreshnessBoundAndNotBeforeItsFirstQuote() {
        FeedMonitor feeds = new FeedMonitor();
        feeds.add(quote(1_000, Feed.PRIMARY, 100, 100));
        // A primary quote alone says nothing about the reference feed.
        assertThat(feeds.referenceFresh(1_000)).isFalse();

        feeds.add(quote(1_000, Feed.REFERENCE, 100, 100));
        assertThat(feeds.referenceFresh(2_000)).as("exactly 1000 ms old").isTrue();
        assertThat(feeds.referenceFresh(2_001)).as("1001 ms old").isFalse();
        // Stamped after the clock (skew): fresh, as for the dislocation.
        assertThat(feeds.referenceFresh(500)).isTrue();
    }

    @Test
    void referenceIsFreshExactlyWhenTheDislocationHasAValueGivenAFreshPrimary() {
        FeedMonitor feeds = new FeedMonitor(200);
        feeds.add(quote(1_000, Feed.REFERENCE, 100, 100));
        for (long t = 1_000; t <= 1_400; t += 50) {
            feeds.add(quote(t, Feed.PRIMARY, 100, 100));
            assertThat(feeds.referenceFresh(t)).as("at %d", t).isEqualTo(feeds.dislocationBps(t) != null);
        }
        assertThat(feeds.referenceFresh(1_200)).isTrue();
        assertThat(feeds.referenceFresh(1_250)).isFalse();
    }
}
