package io.canarykit.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import org.junit.jupiter.api.Test;

class FillKeysTest {

    private static OrderEvent fill(String orderId, long ts) {
        return new OrderEvent(ts, OrderEventType.FILL, orderId, "AAA", Side.BUY, "main", "champion_1", false,
                1.0, null, null, null, 1.0, 100.0, 0.0);
    }

    @Test
    void aFillCountsOnceOnItsDayAndTheNextAndAgainTwoDaysOn() {
        FillKeys keys = new FillKeys(KeyValueStore.onHeap());
        OrderEvent f = fill("o-1", 1_000L);

        assertThat(keys.firstTime(f, 10)).isTrue();
        assertThat(keys.firstTime(f, 10)).isFalse();
        assertThat(keys.firstTime(f, 11)).isFalse();
        // Day 12 keeps the keys of days 11 and 12 only.
        assertThat(keys.firstTime(f, 12)).isTrue();
        assertThat(keys.lastDay()).isEqualTo(12L);
    }

    @Test
    void anotherTimeOrSizeIsAnotherFill() {
        FillKeys keys = new FillKeys(KeyValueStore.onHeap());
        assertThat(keys.firstTime(fill("o-1", 1_000L), 10)).isTrue();
        assertThat(keys.firstTime(fill("o-1", 1_001L), 10)).isTrue();
        assertThat(keys.firstTime(fill("o-2", 1_000L), 10)).isTrue();
    }

    @Test
    void forgetsOnlyTheKeysOlderThanTheDayBefore() {
        KeyValueStore.HeapStore<String, Long> store = (KeyValueStore.HeapStore<String, Long>) KeyValueStore.<String, Long>onHeap();
        FillKeys keys = new FillKeys(store);
        keys.firstTime(fill("o-8", 1L), 8);
        keys.firstTime(fill("o-9", 2L), 9);
        keys.firstTime(fill("o-10", 3L), 10);

        assertThat(keys.forgetBefore(10)).isTrue();
        assertThat(store.size()).isEqualTo(2);
        assertThat(keys.forgetBefore(10)).isFalse();
        assertThat(keys.lastDay()).isEqualTo(10L);
        assertThat(new FillKeys(KeyValueStore.onHeap()).lastDay()).isNull();
    }
}
