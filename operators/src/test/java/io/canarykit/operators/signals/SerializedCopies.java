package io.canarykit.operators.signals;

import io.canarykit.operators.store.KeyValueStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.InstantiationUtil;

/**
 * Copies values through their Flink serializer, as keyed state on RocksDB does, so a test sees what
 * a restored class would see: a fresh copy of its state, and stores that hand out copies.
 */
final class SerializedCopies {

    private SerializedCopies() {}

    /** {@code value} written to bytes by the serializer Flink picks for {@code type}, and read back. */
    static <T> T copy(Class<T> type, T value) {
        return read(serializer(type), write(serializer(type), value));
    }

    /** A store that, like MapState on RocksDB, keeps its values as bytes: a change is seen only once put. */
    static <K, V> KeyValueStore<K, V> store(Class<V> valueType) {
        return new BytesStore<>(serializer(valueType));
    }

    private static <T> TypeSerializer<T> serializer(Class<T> type) {
        return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
    }

    private static <T> byte[] write(TypeSerializer<T> serializer, T value) {
        try {
            return InstantiationUtil.serializeToByteArray(serializer, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) {
        try {
            return InstantiationUtil.deserializeFromByteArray(serializer, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class BytesStore<K, V> implements KeyValueStore<K, V> {
        private final TypeSerializer<V> serializer;
        private final Map<K, byte[]> bytes = new HashMap<>();

        BytesStore(TypeSerializer<V> serializer) {
            this.serializer = serializer;
        }

        @Override
        public V get(K key) {
            byte[] held = bytes.get(key);
            return held == null ? null : read(serializer, held);
        }

        @Override
        public void put(K key, V value) {
            bytes.put(key, write(serializer, value));
        }

        @Override
        public void remove(K key) {
            bytes.remove(key);
        }

        @Override
        public void forEach(BiConsumer<? super K, ? super V> visitor) {
            bytes.forEach((key, held) -> visitor.accept(key, read(serializer, held)));
        }

        @Override
        public void clear() {
            bytes.clear();
        }
    }
}
