package io.canarykit.operators.flink.state;

import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Keyed state kept on the heap for the most recently used keys, in front of the state backend,
 * which sees a key's changes only when they are flushed: before every checkpoint, and when the key
 * leaves the heap to make room. An event then reads and writes Java objects, as on the heap backend,
 * while a checkpoint still holds every change in the backend's own form (a RocksDB savepoint of a
 * job with and without this layer is the same).
 *
 * <p>A key's values are read from the backend once, at its first use. A map state of a key is held
 * whole while it is small (up to {@value #WHOLE_MAP_ENTRIES} entries when first read or after a
 * flush), so that a missing entry reads as missing without asking the backend; a larger one (a long
 * window) keeps on the heap only the entries changed since the last flush and those read since,
 * and reads the others from the backend, so the heap holds what changes between checkpoints, not
 * whole windows. Up to {@code capacity} keys stay on the heap; the least recently used one goes
 * first. Single-threaded, as an operator is. The holder must call {@link #flush()} before each
 * checkpoint's snapshot of the backend; between checkpoints it may write a share of the changed keys
 * at a time ({@link #flushShare(double)}), so that a checkpoint finds little left to write.
 */
public final class WriteBehindStates implements KeyedStates {

    /** The most entries a map state of one key may have and still be held whole after a flush. */
    static final int WHOLE_MAP_ENTRIES = 64;

    /** The operator's current key, which the backend's states and this layer's answer for. */
    public interface KeyContext {
        Object currentKey();

        void currentKey(Object key);
    }

    /** The keys that hold a value of a state in the backend, each visited with the current key set to it. */
    @FunctionalInterface
    public interface BackendKeys {
        void forEachKey(ValueStateDescriptor<?> descriptor, Consumer<Object> visitor) throws Exception;
    }

    private final KeyedStates backend;
    private final KeyContext keys;
    private final BackendKeys backendKeys;
    private final int capacity;
    private final List<Cached<?>> states = new ArrayList<>();
    private final Map<String, Integer> slotsByName = new HashMap<>();
    private final LinkedHashMap<Object, Entry> byKey = new LinkedHashMap<>(16, 0.75f, true);
    /** The keys changed since they were last written, in the order they were first changed since. */
    private final ArrayDeque<Entry> dirty = new ArrayDeque<>();
    private int dirtyKeys;
    /** The part of a key that the shares so far asked to write and that was not written yet. */
    private double owed;
    private Entry last;
    /**
     * The value states (by slot) whose every key in the backend is known on the heap, as the last
     * scan of the backend found: visiting their keys needs no scan until a key leaves the heap. A
     * command visits every symbol, and on RocksDB a scan is an iteration over a column family.
     */
    private final BitSet coveredSlots = new BitSet();
    private long evictions;
    private long backendScans;

    public WriteBehindStates(KeyedStates backend, KeyContext keys, BackendKeys backendKeys, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("at least one key must fit on the heap, got " + capacity);
        }
        this.backend = backend;
        this.keys = keys;
        this.backendKeys = backendKeys;
        this.capacity = capacity;
    }

    @Override
    public <T> ValueState<T> value(ValueStateDescriptor<T> descriptor) {
        return register(descriptor.getName(), new CachedValue<>(backend.value(descriptor), states.size()));
    }

    @Override
    public <K, V> MapState<K, V> map(MapStateDescriptor<K, V> descriptor) {
        return register(descriptor.getName(), new CachedMap<>(backend.map(descriptor), states.size()));
    }

    @Override
    public <T> ListState<T> list(ListStateDescriptor<T> descriptor) {
        return register(descriptor.getName(), new CachedList<>(backend.list(descriptor), states.size()));
    }

    private <S extends Cached<?>> S register(String name, S state) {
        if (slotsByName.putIfAbsent(name, state.slot) != null) {
            throw new IllegalArgumentException("state " + name + " is registered twice");
        }
        if (!byKey.isEmpty()) {
            throw new IllegalStateException("state " + name + " is registered after a key was used");
        }
        states.add(state);
        return state;
    }

    /** How many keys are on the heap now. */
    public int keysHeld() {
        return byKey.size();
    }

    /** How many keys hold changes the backend has not seen. */
    public int dirtyKeys() {
        return dirtyKeys;
    }

    /** Writes every change held on the heap to the backend; the keys stay on the heap. */
    public void flush() {
        writeOldest(Integer.MAX_VALUE);
        owed = 0;
    }

    /**
     * Writes {@code share} (0 to 1) of the keys that hold changes, those changed longest ago first;
     * the fraction of a key left over is carried to the next call, so that calls at a steady pace
     * write each key about once every {@code 1 / share} calls, whatever the number of keys.
     */
    public void flushShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("a share of the changed keys is between 0 and 1, got " + share);
        }
        owed += dirtyKeys * share;
        // A share that adds up to a whole key in decimal may fall a hair short of it in binary.
        int due = (int) (owed + 1e-9);
        owed -= due;
        writeOldest(due);
    }

    private void writeOldest(int count) {
        if (dirty.isEmpty() || count <= 0) {
            return;
        }
        Object current = keys.currentKey();
        try {
            int written = 0;
            while (written < count && !dirty.isEmpty()) {
                Entry entry = dirty.peekFirst();
                if (entry.dirty) {
                    keys.currentKey(entry.key);
                    write(entry);
                    written++;
                }
                // Taken off only once written: a write that fails leaves the key to the next flush.
                dirty.pollFirst();
            }
        } finally {
            if (current != null) {
                keys.currentKey(current);
            }
        }
    }

    /**
     * Visits every key that holds a value of {@code descriptor}, on the heap or only in the backend,
     * once, with the current key set to it; the current key is set back afterwards.
     */
    public void forEachKey(ValueStateDescriptor<?> descriptor, Consumer<Object> visitor) {
        Integer slot = slotsByName.get(descriptor.getName());
        if (slot == null) {
            throw new IllegalArgumentException("state " + descriptor.getName() + " is not registered here");
        }
        Object current = keys.currentKey();
        try {
            boolean covered = coveredSlots.get(slot);
            Set<Object> seen = covered ? null : new HashSet<>();
            for (Entry entry : new ArrayList<>(byKey.values())) {
                ValueSlot<?> held = (ValueSlot<?>) entry.slots[slot];
                if (held != null) {
                    // Known on the heap, the value there is the one in force, even when it is gone.
                    if (seen != null) {
                        seen.add(entry.key);
                    }
                    if (held.value != null) {
                        keys.currentKey(entry.key);
                        visitor.accept(entry.key);
                    }
                }
            }
            if (!covered) {
                long evictedBefore = evictions;
                boolean[] onlyInBackend = {false};
                backendScans++;
                backendKeys.forEachKey(descriptor, key -> {
                    if (!seen.contains(key)) {
                        onlyInBackend[0] = true;
                        visitor.accept(key);
                    }
                });
                if (!onlyInBackend[0] && evictions == evictedBefore) {
                    coveredSlots.set(slot);
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StateAccessException("visit the keys of " + descriptor.getName(), e);
        } finally {
            if (current != null) {
                keys.currentKey(current);
            }
        }
    }

    /** How many times {@link #forEachKey} has scanned the backend's keys. */
    long backendScans() {
        return backendScans;
    }

    private Entry entry() {
        Object key = keys.currentKey();
        if (key == null) {
            throw new IllegalStateException("keyed state used with no current key");
        }
        Entry hit = last;
        if (hit != null && (hit.key == key || hit.key.equals(key))) {
            return hit;
        }
        hit = byKey.get(key);
        if (hit == null) {
            hit = new Entry(key, states.size());
            byKey.put(key, hit);
            if (byKey.size() > capacity) {
                evictEldest(key);
            }
        }
        last = hit;
        return hit;
    }

    private void evictEldest(Object current) {
        Iterator<Entry> eldest = byKey.values().iterator();
        Entry gone = eldest.next();
        eldest.remove();
        // The key's state may now be in the backend only: the next visit of any state scans it again.
        evictions++;
        coveredSlots.clear();
        if (gone == last) {
            last = null;
        }
        if (gone.dirty) {
            keys.currentKey(gone.key);
            try {
                write(gone);
            } finally {
                keys.currentKey(current);
            }
        }
        if (dirty.size() > 2 * capacity) {
            dirty.removeIf(e -> !e.dirty);
        }
    }

    private void write(Entry entry) {
        for (Cached<?> state : states) {
            Slot slot = entry.slots[state.slot];
            if (slot != null && slot.dirty) {
                try {
                    state.write(slot);
                } catch (Exception e) {
                    throw new StateAccessException("write held state of " + entry.key, e);
                }
                slot.dirty = false;
            }
        }
        if (entry.dirty) {
            entry.dirty = false;
            dirtyKeys--;
        }
    }

    private void changed(Entry entry, Slot slot) {
        slot.dirty = true;
        if (!entry.dirty) {
            entry.dirty = true;
            dirtyKeys++;
            dirty.addLast(entry);
        }
    }

    /** One key's state on the heap: a slot per registered state, filled at its first use. */
    private static final class Entry {
        final Object key;
        final Slot[] slots;
        boolean dirty;

        Entry(Object key, int states) {
            this.key = key;
            this.slots = new Slot[states];
        }
    }

    private abstract static class Slot {
        boolean dirty;
    }

    private static final class ValueSlot<T> extends Slot {
        T value;
    }

    /**
     * A map state's entries for one key: all of them when {@code whole}, else those changed since the
     * last flush and those read since. Each entry held knows what the backend lacks of it
     * ({@link Held#mark}), and the changed ones are listed in the order first changed, so a flush
     * writes only those and finds them with no lookup. An entry removed that the backend may hold
     * stays as a tombstone (no value) until the flush removes it there, so that a read does not ask
     * the backend for it and a whole map is not filled with it again.
     */
    private static final class MapSlot<K, V> extends Slot {
        final HashMap<K, Held<K, V>> view = new HashMap<>();
        /** The entries changed since the last flush, each once; one removed since may be among them, {@link Mark#GONE}. */
        ArrayList<Held<K, V>> changes = new ArrayList<>();
        /** How many entries of {@link #view} have a value (not tombstones). */
        int present;
        boolean whole;
        boolean cleared;
        /**
         * The entry last looked up, in {@link #view}, or null: an appended window reads its tail block
         * and puts it back, and two lookups of one key become one.
         */
        private Held<K, V> recent;

        /** The entry held for {@code key}, a tombstone included; null if the heap knows nothing of it. */
        Held<K, V> find(K key) {
            Held<K, V> hit = recent;
            if (hit != null && (hit.key == key || hit.key.equals(key))) {
                return hit;
            }
            hit = view.get(key);
            if (hit != null) {
                recent = hit;
            }
            return hit;
        }

        /** Holds a new entry for {@code key}, which the heap knew nothing of. */
        Held<K, V> hold(K key, V value, Mark mark) {
            Held<K, V> held = new Held<>(key, value, mark);
            view.put(key, held);
            if (value != null) {
                present++;
            }
            if (mark != Mark.CLEAN) {
                changes.add(held);
            }
            recent = held;
            return held;
        }

        /** Forgets {@code held}, which leaves {@link #view}. */
        void drop(Held<K, V> held) {
            view.remove(held.key);
            if (recent == held) {
                recent = null;
            }
        }

        /** Forgets every entry held, the changes with them. */
        void dropAll() {
            view.clear();
            changes = new ArrayList<>();
            present = 0;
            recent = null;
        }
    }

    /** What the backend lacks of an entry held on the heap. */
    private enum Mark {
        /** Nothing: it holds the same value, or the value was only read. */
        CLEAN,
        /** The entry: it was absent from the backend when put (known only of a whole map). */
        FRESH,
        /** The value: it replaces one the backend may hold. */
        WRITTEN,
        /** The removal: the backend may hold the entry, which is a tombstone on the heap. */
        DELETED,
        /** Nothing: put and removed again since the last flush, it was never in the backend. */
        GONE
    }

    /** One entry of a map state held on the heap; a tombstone has no value. */
    private static final class Held<K, V> {
        final K key;
        V value;
        Mark mark;

        Held(K key, V value, Mark mark) {
            this.key = key;
            this.value = value;
            this.mark = mark;
        }
    }

    /**
     * A list state's items for one key. While items were only added since the backend last had the
     * list, a write appends the new ones (RocksDB merges them in) instead of writing the whole list.
     */
    private static final class ListSlot<T> extends Slot {
        List<T> items = new ArrayList<>();
        /** How many of the first items the backend holds as they are, unless {@code replaced}. */
        int inBackend;
        boolean replaced;
    }

    /** One registered state: its slot in each key's entry, read from the backend at the key's first use. */
    private abstract class Cached<S extends Slot> {
        final int slot;

        Cached(int slot) {
            this.slot = slot;
        }

        @SuppressWarnings("unchecked")
        final S held(Entry entry) {
            S held = (S) entry.slots[slot];
            if (held == null) {
                try {
                    held = read();
                } catch (Exception e) {
                    throw new StateAccessException("read " + entry.key, e);
                }
                entry.slots[slot] = held;
            }
            return held;
        }

        /** What the backend holds for the current key. */
        abstract S read() throws Exception;

        /** Writes {@code slot} to the backend for the current key. */
        abstract void write(Slot slot) throws Exception;
    }

    private final class CachedValue<T> extends Cached<ValueSlot<T>> implements ValueState<T> {
        private final ValueState<T> stored;

        CachedValue(ValueState<T> stored, int slot) {
            super(slot);
            this.stored = stored;
        }

        @Override
        ValueSlot<T> read() throws Exception {
            ValueSlot<T> held = new ValueSlot<>();
            held.value = stored.value();
            return held;
        }

        @Override
        public T value() {
            return held(entry()).value;
        }

        @Override
        public void update(T value) {
            Entry entry = entry();
            ValueSlot<T> held = held(entry);
            held.value = value;
            changed(entry, held);
        }

        @Override
        public void clear() {
            update(null);
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(Slot slot) throws Exception {
            T value = ((ValueSlot<T>) slot).value;
            if (value == null) {
                stored.clear();
            } else {
                stored.update(value);
            }
        }
    }

    private final class CachedMap<K, V> extends Cached<MapSlot<K, V>> implements MapState<K, V> {
        private final MapState<K, V> stored;

        CachedMap(MapState<K, V> stored, int slot) {
            super(slot);
            this.stored = stored;
        }

        @Override
        MapSlot<K, V> read() throws Exception {
            // A small map is held whole; a larger one is read entry by entry as asked.
            MapSlot<K, V> held = new MapSlot<>();
            Iterable<Map.Entry<K, V>> entries = stored.entries();
            Iterator<Map.Entry<K, V>> all = entries == null ? Collections.emptyIterator() : entries.iterator();
            while (all.hasNext() && held.present <= WHOLE_MAP_ENTRIES) {
                Map.Entry<K, V> e = all.next();
                held.hold(e.getKey(), e.getValue(), Mark.CLEAN);
            }
            held.whole = held.present <= WHOLE_MAP_ENTRIES;
            if (!held.whole) {
                held.dropAll();
            }
            return held;
        }

        /** Reads every entry the backend holds and the heap does not know better, so the map is held whole. */
        private MapSlot<K, V> whole(Entry entry) {
            MapSlot<K, V> held = held(entry);
            if (!held.whole) {
                try {
                    Iterable<Map.Entry<K, V>> entries = stored.entries();
                    if (entries != null) {
                        for (Map.Entry<K, V> e : entries) {
                            // An entry held, a tombstone included, is newer than the backend's.
                            if (!held.view.containsKey(e.getKey())) {
                                held.hold(e.getKey(), e.getValue(), Mark.CLEAN);
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new StateAccessException("read " + entry.key, e);
                }
                held.whole = true;
            }
            return held;
        }

        @Override
        public V get(K key) {
            MapSlot<K, V> held = held(entry());
            Held<K, V> hit = held.find(key);
            if (hit != null) {
                return hit.value;
            }
            if (held.whole) {
                return null;
            }
            V value;
            try {
                value = stored.get(key);
            } catch (Exception e) {
                throw new StateAccessException("read " + key, e);
            }
            if (value != null) {
                held.hold(key, value, Mark.CLEAN);
            }
            return value;
        }

        @Override
        public void put(K key, V value) {
            Objects.requireNonNull(value, "a map state holds no null value");
            Entry entry = entry();
            MapSlot<K, V> held = held(entry);
            Held<K, V> hit = held.find(key);
            if (hit == null) {
                held.hold(key, value, held.whole ? Mark.FRESH : Mark.WRITTEN);
            } else {
                if (hit.value == null) {
                    held.present++;
                }
                hit.value = value;
                if (hit.mark == Mark.CLEAN) {
                    held.changes.add(hit);
                    hit.mark = Mark.WRITTEN;
                } else if (hit.mark == Mark.DELETED) {
                    hit.mark = Mark.WRITTEN;
                }
            }
            changed(entry, held);
        }

        @Override
        public void putAll(Map<K, V> all) {
            all.forEach(this::put);
        }

        @Override
        public void remove(K key) {
            Entry entry = entry();
            MapSlot<K, V> held = held(entry);
            Held<K, V> hit = held.find(key);
            if (hit == null) {
                if (held.whole) {
                    return;
                }
                held.hold(key, null, Mark.DELETED);
            } else if (hit.value == null) {
                return;
            } else {
                held.present--;
                hit.value = null;
                switch (hit.mark) {
                    case FRESH -> {
                        hit.mark = Mark.GONE;
                        held.drop(hit);
                    }
                    case CLEAN -> {
                        held.changes.add(hit);
                        hit.mark = Mark.DELETED;
                    }
                    default -> hit.mark = Mark.DELETED;
                }
            }
            changed(entry, held);
        }

        @Override
        public boolean contains(K key) {
            return get(key) != null;
        }

        /** A copy, so the caller may change the state while it walks the entries. */
        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            MapSlot<K, V> held = whole(entry());
            List<Map.Entry<K, V>> copy = new ArrayList<>(held.present);
            for (Held<K, V> e : held.view.values()) {
                if (e.value != null) {
                    copy.add(new AbstractMap.SimpleImmutableEntry<>(e.key, e.value));
                }
            }
            return copy;
        }

        @Override
        public Iterable<K> keys() {
            MapSlot<K, V> held = whole(entry());
            List<K> copy = new ArrayList<>(held.present);
            for (Held<K, V> e : held.view.values()) {
                if (e.value != null) {
                    copy.add(e.key);
                }
            }
            return copy;
        }

        @Override
        public Iterable<V> values() {
            MapSlot<K, V> held = whole(entry());
            List<V> copy = new ArrayList<>(held.present);
            for (Held<K, V> e : held.view.values()) {
                if (e.value != null) {
                    copy.add(e.value);
                }
            }
            return copy;
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return entries().iterator();
        }

        @Override
        public boolean isEmpty() {
            return whole(entry()).present == 0;
        }

        @Override
        public void clear() {
            Entry entry = entry();
            MapSlot<K, V> held = held(entry);
            held.dropAll();
            held.cleared = true;
            held.whole = true;
            changed(entry, held);
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(Slot slot) throws Exception {
            MapSlot<K, V> held = (MapSlot<K, V>) slot;
            if (held.cleared) {
                stored.clear();
                held.cleared = false;
            }
            for (Held<K, V> e : held.changes) {
                switch (e.mark) {
                    case FRESH, WRITTEN -> stored.put(e.key, e.value);
                    case DELETED -> {
                        stored.remove(e.key);
                        held.drop(e);
                    }
                    default -> { }
                }
                e.mark = Mark.CLEAN;
            }
            // A used list is replaced, not cleared: a cleared one keeps the array it grew to.
            if (!held.changes.isEmpty()) {
                held.changes = new ArrayList<>();
            }
            if (held.present > WHOLE_MAP_ENTRIES) {
                // Every entry is in the backend now: a large map keeps none on the heap.
                held.dropAll();
                held.whole = false;
            }
        }
    }

    private final class CachedList<T> extends Cached<ListSlot<T>> implements ListState<T> {
        private final ListState<T> stored;

        CachedList(ListState<T> stored, int slot) {
            super(slot);
            this.stored = stored;
        }

        @Override
        ListSlot<T> read() throws Exception {
            ListSlot<T> held = new ListSlot<>();
            Iterable<T> all = stored.get();
            if (all != null) {
                all.forEach(held.items::add);
            }
            held.inBackend = held.items.size();
            return held;
        }

        @Override
        public Iterable<T> get() {
            return Collections.unmodifiableList(held(entry()).items);
        }

        @Override
        public void add(T value) {
            Objects.requireNonNull(value, "a list state holds no null element");
            Entry entry = entry();
            ListSlot<T> held = held(entry);
            held.items.add(value);
            changed(entry, held);
        }

        @Override
        public void addAll(List<T> values) {
            if (values != null) {
                values.forEach(this::add);
            }
        }

        @Override
        public void update(List<T> values) {
            Entry entry = entry();
            ListSlot<T> held = held(entry);
            held.items = values == null ? new ArrayList<>() : new ArrayList<>(values);
            held.replaced = true;
            changed(entry, held);
        }

        @Override
        public void clear() {
            update(null);
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(Slot slot) throws Exception {
            ListSlot<T> held = (ListSlot<T>) slot;
            List<T> items = held.items;
            if (held.replaced && items.isEmpty()) {
                stored.clear();
            } else if (held.replaced) {
                stored.update(new ArrayList<>(items));
            } else if (items.size() > held.inBackend) {
                stored.addAll(new ArrayList<>(items.subList(held.inBackend, items.size())));
            }
            held.inBackend = items.size();
            held.replaced = false;
        }
    }
}
