package io.canarykit.operators.flink.state;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The type of a value that a serializer of the job's own writes: one field to Flink, not a basic
 * type, a tuple or a key. A subclass says its class, its serializer, its name and its equality.
 *
 * @param <T> the value
 */
public abstract class OwnSerializerType<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isBasicType() {
        return false;
    }

    @Override
    public final boolean isTupleType() {
        return false;
    }

    @Override
    public final int getArity() {
        return 1;
    }

    @Override
    public final int getTotalFields() {
        return 1;
    }

    @Override
    public final boolean isKeyType() {
        return false;
    }

    @Override
    public final boolean canEqual(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }
}
