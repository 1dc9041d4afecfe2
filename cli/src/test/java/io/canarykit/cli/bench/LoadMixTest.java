package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.cli.demo.desk.ProfileSampler;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadMixTest {

    private static LoadMix mix(List<String> symbols, Set<String> probes) {
        return new LoadMix(symbols, probes, new ProfileSampler(SyntheticDesk.profile(SyntheticDesk.CHAMPION)),
                new ProfileSampler(SyntheticDesk.profile(SyntheticDesk.CHALLENGER)), 7);
    }

    private static String kind(Object record) {
        if (record instanceof MarketQuote q) {
            return q.feed().wire();
        }
        if (record instanceof FeatureVector v) {
            return v.modelId().equals(SyntheticDesk.CHAMPION) ? "champion" : "challenger";
        }
        return "order";
    }

    @Test
    void everyTwentyRoundsHoldSeventyPercentQuotesTwentyFeaturesAndTenOrders() {
        List<String> symbols = List.of("A", "B", "C", "D");
        LoadMix mix = mix(symbols, Set.of());
        Map<String, Integer> counts = new HashMap<>();
        // 20 rounds of 4 symbols.
        for (int i = 0; i < 80; i++) {
            counts.merge(kind(mix.next(1_000 + i)), 1, Integer::sum);
        }

        // Per symbol 7 + 7 quotes, 2 + 2 vectors and 2 orders of 20; times 4 symbols.
        assertThat(counts).containsEntry("primary", 28).containsEntry("reference", 28)
                .containsEntry("champion", 8).containsEntry("challenger", 8).containsEntry("order", 8);
    }

    @Test
    void symbolsTakeTurnsAndEachRecordIsStampedWithItsTime() {
        LoadMix mix = mix(List.of("A", "B", "C"), Set.of());

        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(mix.next(5_000 + i));
        }

        assertThat(records).extracting(LoadMix::symbolOf).containsExactly("A", "B", "C", "A");
        assertThat(((MarketQuote) records.get(0)).ts()).isEqualTo(5_000);
        assertThat(((MarketQuote) records.get(3)).feed()).isEqualTo(Feed.REFERENCE);
        assertThat(LoadMix.topicOf(records.get(0))).isEqualTo(Topics.MARKET);
    }

    @Test
    void aProbeSymbolGetsReferenceQuotesInsteadOfPrimaryOnes() {
        LoadMix mix = mix(List.of("P"), Set.of("P"));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            counts.merge(kind(mix.next(i)), 1, Integer::sum);
        }

        assertThat(counts).doesNotContainKey("primary").containsEntry("reference", 14);
    }

    @Test
    void ordersArePlacedAckedAndFilledInTurnBuysAndSellsAlternating() {
        LoadMix mix = mix(List.of("A"), Set.of());
        List<OrderEvent> orders = new ArrayList<>();
        // 60 rounds hold 6 order turns: two whole orders.
        for (int i = 0; i < 60; i++) {
            if (mix.next(i) instanceof OrderEvent e) {
                orders.add(e);
            }
        }

        assertThat(orders).extracting(OrderEvent::event).containsExactly(OrderEventType.PLACED, OrderEventType.ACKED,
                OrderEventType.FILL, OrderEventType.PLACED, OrderEventType.ACKED, OrderEventType.FILL);
        assertThat(orders.get(0).orderId()).isEqualTo(orders.get(2).orderId()).isNotEqualTo(orders.get(3).orderId());
        assertThat(orders.get(0).side()).isNotEqualTo(orders.get(3).side());
        assertThat(orders.get(2).fillQty()).isEqualTo(1.0);
        assertThat(LoadMix.topicOf(orders.get(0))).isEqualTo(Topics.ORDERS);
    }

    @Test
    void pricesSitOnTheTickAndFeaturesOnTheirGrid() {
        LoadMix mix = mix(List.of("A", "B"), Set.of());
        List<Double> prices = new ArrayList<>();
        List<Double> features = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            Object record = mix.next(i);
            if (record instanceof MarketQuote q) {
                prices.add(q.bid());
                prices.add(q.ask());
            } else if (record instanceof OrderEvent o) {
                prices.add(o.price());
            } else {
                ((FeatureVector) record).features().values().forEach(features::add);
            }
        }

        // A tick of 0.0001 is ten thousand a unit; the features' grid a million.
        assertThat(prices).isNotEmpty().allSatisfy(p -> assertThat(Math.abs(p * 10_000 - Math.rint(p * 10_000)))
                .isLessThan(1e-6));
        assertThat(features).isNotEmpty().allSatisfy(f -> assertThat(Math.abs(f * 1e6 - Math.rint(f * 1e6)))
                .isLessThan(1e-3));
        // Still moving: the walk is not rounded away.
        assertThat(prices.stream().distinct().count()).isGreaterThan(100);
    }
}
