package io.canarykit.operators.flink.state;

import io.canarykit.operators.store.KeyValueStore;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** A {@link KeyValueStore} in Flink MapState, for the current key. */
public final class KeyedMapStore<K, V> implements KeyValueStore<K, V> {

    private final MapState<K, V> state;

    private KeyedMapStore(MapState<K, V> state) {
        this.state = state;
    }

    /** Registers the store's state under {@code name} (unique per function). */
    public static <K, V> KeyedMapStore<K, V> register(
            RuntimeContext ctx, String name, TypeInformation<K> keyType, TypeInformation<V> valueType) {
        return register(KeyedStates.of(ctx), name, keyType, valueType);
    }

    /** Registers the store's state under {@code name} (unique per function) with {@code states}. */
    public static <K, V> KeyedMapStore<K, V> register(
            KeyedStates states, String name, TypeInformation<K> keyType, TypeInformation<V> valueType) {
        return new KeyedMapStore<>(states.map(new MapStateDescriptor<>(name, keyType, valueType)));
    }

    @Override
    public V get(K key) {
        try {
            return state.get(key);
        } catch (Exception e) {
            throw new StateAccessException("read " + key, e);
        }
    }

    @Override
    public void put(K key, V value) {
        try {
            state.put(key, value);
        } catch (Exception e) {
            throw new StateAccessException("write " + key, e);
        }
    }

    @Override
    public void remove(K key) {
        try {
            state.remove(key);
        } catch (Exception e) {
            throw new StateAccessException("remove " + key, e);
        }
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> visitor) {
        try {
            Iterable<Map.Entry<K, V>> entries = state.entries();
            if (entries != null) {
                for (Map.Entry<K, V> e : entries) {
                    visitor.accept(e.getKey(), e.getValue());
                }
            }
        } catch (Exception e) {
            throw new StateAccessException("iterate", e);
        }
    }

    @Override
    public void clear() {
        state.clear();
    }
}
