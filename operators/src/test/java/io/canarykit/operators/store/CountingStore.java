package io.canarykit.operators.store;

import java.util.function.BiConsumer;

/** A heap store that counts what is done to it, for tests that pin down a signal's state accesses. */
public final class CountingStore<K, V> implements KeyValueStore<K, V> {

    private final KeyValueStore<K, V> held = KeyValueStore.onHeap();
    public long gets;
    public long puts;
    public long removes;
    /** Whole-store walks ({@link #forEach}). */
    public long scans;
    public long clears;

    /** Puts and removes: the entries written. */
    public long writes() {
        return puts + removes;
    }

    /** Starts every count again from zero. */
    public void reset() {
        gets = 0;
        puts = 0;
        removes = 0;
        scans = 0;
        clears = 0;
    }

    @Override
    public V get(K key) {
        gets++;
        return held.get(key);
    }

    @Override
    public void put(K key, V value) {
        puts++;
        held.put(key, value);
    }

    @Override
    public void remove(K key) {
        removes++;
        held.remove(key);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> visitor) {
        scans++;
        held.forEach(visitor);
    }

    @Override
    public void clear() {
        clears++;
        held.clear();
    }
}
