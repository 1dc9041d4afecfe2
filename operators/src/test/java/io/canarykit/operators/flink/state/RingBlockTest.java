package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.ShortPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RingBlockTest {

    private static final RingBlockSerializer<String> STRINGS = new RingBlockSerializer<>(StringSerializer.INSTANCE);

    @Test
    void aBlockCoversItsRangeOfSixtyFourNumbersFromWhereItStarts() {
        assertThat(RingBlock.blockOf(0)).isZero();
        assertThat(RingBlock.blockOf(63)).isZero();
        assertThat(RingBlock.blockOf(64)).isEqualTo(1);
        assertThat(RingBlock.blockOf(130)).isEqualTo(2);

        RingBlock<String> block = new RingBlock<>(130); // block 2 is [128, 192): room for 62
        for (int i = 0; i < 61; i++) {
            block.append(1_000 + i, "e" + i);
        }
        assertThat(block.full()).isFalse();
        block.append(2_000, "last");
        assertThat(block.full()).isTrue();
        assertThat(block.size()).isEqualTo(62);
        assertThat(block.next()).isEqualTo(192);
        assertThat(block.holds(129)).isFalse();
        assertThat(block.holds(130)).isTrue();
        assertThat(block.holds(192)).isFalse();
        assertThat(block.timeAt(140)).isEqualTo(1_010);
        assertThat(block.eventAt(191)).isEqualTo("last");
        assertThatThrownBy(() -> block.append(3_000, "more")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> block.eventAt(129)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesTheStartTheCountAndEachEntryAndReadsThemBack() throws Exception {
        RingBlock<String> block = new RingBlock<>(5);
        block.append(100, "a");
        block.append(90, "b");

        DataOutputSerializer out = new DataOutputSerializer(64);
        STRINGS.serialize(block, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        // By hand: the start, the count, then per entry its time and its string.
        assertThat(in.readLong()).isEqualTo(5);
        assertThat(in.readInt()).isEqualTo(2);
        assertThat(in.readLong()).isEqualTo(100);
        assertThat(StringSerializer.INSTANCE.deserialize(in)).isEqualTo("a");
        assertThat(in.readLong()).isEqualTo(90);
        assertThat(StringSerializer.INSTANCE.deserialize(in)).isEqualTo("b");
        assertThat(in.available()).isZero();

        assertThat(roundTrip(STRINGS, block)).isEqualTo(block);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        STRINGS.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    }

    @Test
    void refusesACountTheBlocksRangeCannotHold() {
        DataOutputSerializer out = new DataOutputSerializer(64);
        assertThatThrownBy(() -> {
            out.writeLong(60); // block 0 from 60: room for 4
            out.writeInt(5);
            STRINGS.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        }).isInstanceOf(IOException.class).hasMessageContaining("cannot hold 5 entries (room for 4)");
    }

    @Test
    void aFullBlockIsSharedByItsCopyAndAnOpenOneCopiedWithItsEvents() {
        RingBlockSerializer<short[]> bins = new RingBlockSerializer<>(ShortPrimitiveArraySerializer.INSTANCE);
        RingBlock<short[]> open = new RingBlock<>(0);
        short[] first = {1, 2};
        open.append(10, first);

        RingBlock<short[]> copy = bins.copy(open);
        assertThat(copy).isNotSameAs(open);
        assertThat(copy.eventAt(0)).isNotSameAs(first).containsExactly(1, 2);
        copy.append(11, new short[] {3});
        assertThat(open.size()).as("the original is untouched by the copy's append").isEqualTo(1);

        RingBlock<short[]> full = new RingBlock<>(60);
        for (int i = 0; i < 4; i++) {
            full.append(i, new short[] {(short) i});
        }
        assertThat(full.full()).isTrue();
        assertThat(bins.copy(full)).isSameAs(full);
    }

    @Test
    void theTypeGivesTheSerializerOfItsEvents() {
        TypeInformation<RingBlock<Long>> type = RingBlockSerializer.typeOf(Types.LONG);
        assertThat(type.createSerializer(new SerializerConfigImpl()))
                .isEqualTo(new RingBlockSerializer<>(LongSerializer.INSTANCE));
        assertThat(type).isEqualTo(RingBlockSerializer.typeOf(Types.LONG)).isNotEqualTo(RingBlockSerializer.typeOf(Types.STRING));
    }

    @Test
    void theSnapshotRestoresTheSerializerAndRefusesAnotherEventType() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, STRINGS.snapshotConfiguration());
        TypeSerializerSnapshot<RingBlock<String>> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), RingBlockTest.class.getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(STRINGS);
        assertThat(new RingBlockSerializer<>(StringSerializer.INSTANCE).snapshotConfiguration()
                .resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<RingBlock<Long>> longs = new RingBlockSerializer<>(LongSerializer.INSTANCE)
                .snapshotConfiguration().resolveSchemaCompatibility((TypeSerializerSnapshot) read);
        assertThat(longs.isIncompatible()).isTrue();
    }

    private static <E> RingBlock<E> roundTrip(RingBlockSerializer<E> serializer, RingBlock<E> block) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(block, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
