package io.canarykit.operators.flink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Batches of events applied together at one time. */
final class Batches {

    private Batches() {}

    /**
     * {@code batch} in {@code order}, the given list untouched. Live, every event comes alone, and a
     * list of one is in order as it is: it is returned without a copy.
     */
    static <T> List<T> inOrder(List<T> batch, Comparator<? super T> order) {
        if (batch.size() < 2) {
            return batch;
        }
        List<T> ordered = new ArrayList<>(batch);
        ordered.sort(order);
        return ordered;
    }
}
