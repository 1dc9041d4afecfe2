package io.canarykit.operators.store;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A map that a signal class keeps beside its small aggregate: on the heap in plain use, in Flink
 * MapState inside the job, so one event reads and writes one entry, never the whole map.
 */
public interface KeyValueStore<K, V> {

    /** The value of {@code key}, or null. */
    V get(K key);

    void put(K key, V value);

    void remove(K key);

    default boolean contains(K key) {
        return get(key) != null;
    }

    /** Visits every entry; for rare, whole-map work such as a day's rollover. */
    void forEach(BiConsumer<? super K, ? super V> visitor);

    void clear();

    /** A store on the heap. */
    static <K, V> KeyValueStore<K, V> onHeap() {
        return new HeapStore<>();
    }

    /** The heap store: a plain {@link HashMap}. */
    final class HeapStore<K, V> implements KeyValueStore<K, V> {
        private final Map<K, V> map = new HashMap<>();

        @Override
        public V get(K key) {
            return map.get(key);
        }

        @Override
        public void put(K key, V value) {
            map.put(key, value);
        }

        @Override
        public void remove(K key) {
            map.remove(key);
        }

        @Override
        public void forEach(BiConsumer<? super K, ? super V> visitor) {
            map.forEach(visitor);
        }

        @Override
        public void clear() {
            map.clear();
        }

        public int size() {
            return map.size();
        }
    }
}
