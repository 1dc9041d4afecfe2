package io.canarykit.operators.flink.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Writes a value with the serializer Flink picks for its class and reads it back, as a state backend would. */
public final class StateRoundTrip {

    // Analysing a type takes milliseconds, so a test that restores thousands of times reuses it.
    private static final ClassValue<TypeSerializer<?>> SERIALIZERS = new ClassValue<>() {
        @Override
        protected TypeSerializer<?> computeValue(Class<?> type) {
            return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        }
    };

    private StateRoundTrip() {}

    /** {@code value} after a trip through Flink's serializer for {@code type}. */
    public static <T> T roundTrip(Class<T> type, T value) {
        @SuppressWarnings("unchecked")
        TypeSerializer<T> serializer = (TypeSerializer<T>) SERIALIZERS.get(type).duplicate();
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(value, out);
            return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
