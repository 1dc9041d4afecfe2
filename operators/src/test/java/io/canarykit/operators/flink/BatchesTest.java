package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void aBatchComesBackInOrderWithTheGivenListUntouched() {
        List<Integer> batch = List.of(3, 1, 2);

        assertThat(Batches.inOrder(batch, Comparator.naturalOrder())).containsExactly(1, 2, 3);
        assertThat(batch).containsExactly(3, 1, 2);
    }

    @Test
    void aBatchOfOneOrNoneIsReturnedAsItIs() {
        List<Integer> one = List.of(7);
        List<Integer> none = List.of();

        assertThat(Batches.inOrder(one, Comparator.naturalOrder())).isSameAs(one);
        assertThat(Batches.inOrder(none, Comparator.naturalOrder())).isSameAs(none);
    }
}
