package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/** Asserts that Flink serializes a type with its own serializers, never falling back to Kryo. */
public final class KryoFreeTypes {

    private KryoFreeTypes() {}

    /** Fails naming the path to the first field that Flink would hand to Kryo. */
    public static void assertNoGenericTypes(Class<?> type) {
        List<String> generic = new ArrayList<>();
        walk(TypeInformation.of(type), type.getSimpleName(), generic);
        assertThat(generic).as("fields of %s that would fall back to Kryo", type.getName()).isEmpty();
    }

    private static void walk(TypeInformation<?> info, String path, List<String> generic) {
        if (info instanceof GenericTypeInfo<?>) {
            generic.add(path + ": " + info);
            return;
        }
        var children = info.getGenericParameters();
        if (info instanceof CompositeType<?> composite) {
            for (int i = 0; i < composite.getArity(); i++) {
                String name = composite instanceof PojoTypeInfo<?> pojo
                        ? pojo.getPojoFieldAt(i).getField().getName()
                        : String.valueOf(i);
                walk(composite.getTypeAt(i), path + "." + name, generic);
            }
        }
        children.forEach((name, child) -> walk(child, path + "<" + name + ">", generic));
        if (info instanceof ListTypeInfo<?> list) {
            walk(list.getElementTypeInfo(), path + "[]", generic);
        }
        if (info instanceof MapTypeInfo<?, ?> map) {
            walk(map.getKeyTypeInfo(), path + "{key}", generic);
            walk(map.getValueTypeInfo(), path + "{value}", generic);
        }
        if (info instanceof ObjectArrayTypeInfo<?, ?> array) {
            walk(array.getComponentInfo(), path + "[]", generic);
        }
    }
}
