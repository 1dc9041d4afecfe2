package io.canarykit.operators.flink;

import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.signals.SloWindow;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Fields that more than one hand-written state serializer writes: nullable values and an SLO window. */
final class StateFields {

    private StateFields() {}

    static void writeSlo(SloWindow.State w, DataOutputView out) throws IOException {
        out.writeLong(w.now());
        out.writeLong(w.placed());
        out.writeLong(w.failures());
        out.writeLong(w.fills());
        out.writeLong(w.slippageFills());
        out.writeDouble(w.slippageTimesNotional());
        out.writeDouble(w.slippageTimesNotionalError());
        out.writeDouble(w.slippageNotional());
        out.writeDouble(w.slippageNotionalError());
        SlidingPercentile.State p = w.placeMs();
        int[] counts = p.counts();
        out.writeInt(counts.length);
        for (int c : counts) {
            out.writeInt(c);
        }
        out.writeInt(p.lastRank());
        out.writeDouble(p.lastValue());
    }

    static SloWindow.State readSlo(DataInputView in) throws IOException {
        long now = in.readLong();
        long placed = in.readLong();
        long failures = in.readLong();
        long fills = in.readLong();
        long slippageFills = in.readLong();
        double timesNotional = in.readDouble();
        double timesNotionalError = in.readDouble();
        double notional = in.readDouble();
        double notionalError = in.readDouble();
        int[] counts = new int[in.readInt()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = in.readInt();
        }
        SlidingPercentile.State placeMs = new SlidingPercentile.State(counts, in.readInt(), in.readDouble());
        return new SloWindow.State(now, placed, failures, fills, slippageFills, timesNotional, timesNotionalError,
                notional, notionalError, placeMs);
    }

    static void writeDouble(Double value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    static void writeString(String value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    static String readString(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
