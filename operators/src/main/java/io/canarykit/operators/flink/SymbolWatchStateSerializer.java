package io.canarykit.operators.flink;

import io.canarykit.operators.gate.DecisionSequencer;
import io.canarykit.operators.gate.GateVerdict;
import io.canarykit.operators.signals.FeedMonitor;
import io.canarykit.operators.signals.MissingFeaturesMonitor;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.signals.PsiMonitor;
import io.canarykit.operators.signals.SloWindow;
import io.canarykit.operators.symbol.SymbolWatch;
import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The symbol's aggregate, written field by field. Every event reads and writes it on RocksDB, and
 * Flink's generic serializer rebuilt its tree of Java records by reflection each time, a quarter of
 * the live gate's time; this one writes the same values with no reflection.
 */
public final class SymbolWatchStateSerializer extends FieldByFieldSerializer<SymbolWatch.State> {
    private static final long serialVersionUID = 1L;

    /**
     * The layout written; a reader refuses any other. Layout 2 dropped the last signals and the KPI
     * record kept across a model change (every re-decision now evaluates afresh), and added the
     * newest feature vector's time of each followed model; layout 3 added the version of the
     * reference profile each drift monitor counts under and the UTC day of the orphan total; layout 4
     * added the symbol's own position (its size and average cost). The operator's uid changed with
     * them, so an older savepoint is refused by name before this reader could see it.
     */
    private static final int FORMAT = 4;

    public SymbolWatchStateSerializer() {
        super("a symbol's state");
    }

    @Override
    public TypeSerializer<SymbolWatch.State> duplicate() {
        return new SymbolWatchStateSerializer();
    }

    @Override
    public void serialize(SymbolWatch.State s, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        out.writeUTF(s.symbol());
        writeFeed(s.feed(), out);
        StateFields.writeString(s.usedModel(), out);
        writePsi(s.usedPsi(), out);
        writeMissing(s.missing(), out);
        StateFields.writeString(s.challengerModel(), out);
        writePsi(s.challengerPsi(), out);
        StateFields.writeSlo(s.sloAll(), out);
        StateFields.writeSlo(s.sloCanary(), out);
        out.writeLong(s.orders().now());
        out.writeInt(s.orders().orders());
        OrphanTracker.State orphans = s.orphans();
        out.writeLong(orphans.now());
        out.writeInt(orphans.waiting());
        out.writeInt(orphans.orphans());
        out.writeLong(orphans.totalOrphans());
        out.writeLong(orphans.totalDay());
        writeSequencer(s.sequencer(), out);
        out.writeLong(s.lastEvalTs());
        out.writeLong(s.lastKpiSentTs());
        out.writeLong(s.usedFeaturesTs());
        out.writeLong(s.challengerFeaturesTs());
        out.writeLong(s.tradeDay());
        out.writeLong(s.trades());
        out.writeLong(s.canaryTrades());
        writeVersion(s.usedProfileSince(), s.usedProfileKey(), out);
        writeVersion(s.challengerProfileSince(), s.challengerProfileKey(), out);
        out.writeDouble(s.positionQty());
        out.writeDouble(s.positionAvgCost());
    }

    private static void writeVersion(Long since, long key, DataOutputView out) throws IOException {
        out.writeBoolean(since != null);
        if (since != null) {
            out.writeLong(since);
            out.writeLong(key);
        }
    }

    @Override
    public SymbolWatch.State deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("a symbol's state in layout " + format + ", this version reads layout " + FORMAT);
        }
        String symbol = in.readUTF();
        FeedMonitor.State feed = readFeed(in);
        String usedModel = StateFields.readString(in);
        PsiMonitor.State usedPsi = readPsi(in);
        MissingFeaturesMonitor.State missing = readMissing(in);
        String challengerModel = StateFields.readString(in);
        PsiMonitor.State challengerPsi = readPsi(in);
        SloWindow.State sloAll = StateFields.readSlo(in);
        SloWindow.State sloCanary = StateFields.readSlo(in);
        OrderTracker.State orders = new OrderTracker.State(in.readLong(), in.readInt());
        OrphanTracker.State orphans = new OrphanTracker.State(
                in.readLong(), in.readInt(), in.readInt(), in.readLong(), in.readLong());
        DecisionSequencer.State sequencer = readSequencer(in);
        long lastEvalTs = in.readLong();
        long lastKpiSentTs = in.readLong();
        long usedFeaturesTs = in.readLong();
        long challengerFeaturesTs = in.readLong();
        long tradeDay = in.readLong();
        long trades = in.readLong();
        long canaryTrades = in.readLong();
        boolean usedVersioned = in.readBoolean();
        Long usedSince = usedVersioned ? in.readLong() : null;
        long usedKey = usedVersioned ? in.readLong() : 0L;
        boolean challengerVersioned = in.readBoolean();
        Long challengerSince = challengerVersioned ? in.readLong() : null;
        long challengerKey = challengerVersioned ? in.readLong() : 0L;
        double positionQty = in.readDouble();
        double positionAvgCost = in.readDouble();
        return new SymbolWatch.State(symbol, feed, usedModel, usedPsi, missing, challengerModel, challengerPsi,
                sloAll, sloCanary, orders, orphans, sequencer, lastEvalTs, lastKpiSentTs, usedFeaturesTs,
                challengerFeaturesTs, tradeDay, trades, canaryTrades, usedSince, usedKey, challengerSince, challengerKey,
                positionQty, positionAvgCost);
    }

    @Override
    public TypeSerializerSnapshot<SymbolWatch.State> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the layout's version travels in each value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SymbolWatch.State> {
        public Snapshot() {
            super(SymbolWatchStateSerializer::new);
        }
    }

    private static void writeFeed(FeedMonitor.State f, DataOutputView out) throws IOException {
        out.writeBoolean(f.hasPrimary());
        out.writeLong(f.primaryTs());
        out.writeDouble(f.primaryMid());
        out.writeBoolean(f.hasReference());
        out.writeLong(f.referenceTs());
        out.writeDouble(f.referenceMid());
    }

    private static FeedMonitor.State readFeed(DataInputView in) throws IOException {
        return new FeedMonitor.State(in.readBoolean(), in.readLong(), in.readDouble(),
                in.readBoolean(), in.readLong(), in.readDouble());
    }

    private static void writePsi(PsiMonitor.State p, DataOutputView out) throws IOException {
        out.writeBoolean(p != null);
        if (p == null) {
            return;
        }
        long[][] bins = p.binCounts();
        out.writeInt(bins.length);
        for (long[] feature : bins) {
            writeLongs(feature, out);
        }
        writeLongs(p.samples(), out);
        out.writeLong(p.events());
        out.writeLong(p.cutoff());
    }

    private static PsiMonitor.State readPsi(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long[][] bins = new long[in.readInt()][];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = readLongs(in);
        }
        return new PsiMonitor.State(bins, readLongs(in), in.readLong(), in.readLong());
    }

    private static void writeMissing(MissingFeaturesMonitor.State m, DataOutputView out) throws IOException {
        out.writeBoolean(m != null);
        if (m != null) {
            out.writeLong(m.missing());
            out.writeLong(m.events());
            out.writeLong(m.cutoff());
        }
    }

    private static MissingFeaturesMonitor.State readMissing(DataInputView in) throws IOException {
        return in.readBoolean() ? new MissingFeaturesMonitor.State(in.readLong(), in.readLong(), in.readLong()) : null;
    }

    private static void writeSequencer(DecisionSequencer.State s, DataOutputView out) throws IOException {
        writeVerdict(s.lastVerdict(), out);
        out.writeLong(s.lastSeq());
        out.writeLong(s.lastEmitTs());
    }

    private static DecisionSequencer.State readSequencer(DataInputView in) throws IOException {
        return new DecisionSequencer.State(readVerdict(in), in.readLong(), in.readLong());
    }

    private static void writeVerdict(GateVerdict v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v == null) {
            return;
        }
        out.writeBoolean(v.allow());
        out.writeUTF(v.mode().name());
        out.writeDouble(v.sizeMultiplier());
        out.writeInt(v.reasons().size());
        for (GateReason r : v.reasons()) {
            out.writeUTF(r.name());
        }
        Gates g = v.gates();
        out.writeBoolean(g.slo());
        out.writeBoolean(g.psi());
        out.writeBoolean(g.budget());
        out.writeBoolean(g.preflight());
        out.writeBoolean(g.killSwitch());
        out.writeBoolean(g.disarmed());
        out.writeBoolean(g.dataQuality());
        StateFields.writeString(g.canary() == null ? null : g.canary().name(), out);
        out.writeUTF(v.modelId());
        out.writeUTF(v.champion());
        StateFields.writeString(v.challenger(), out);
        out.writeBoolean(v.pinned());
        out.writeDouble(v.canaryShare());
        out.writeBoolean(v.live());
    }

    private static GateVerdict readVerdict(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        boolean allow = in.readBoolean();
        Mode mode = Mode.valueOf(in.readUTF());
        double size = in.readDouble();
        int n = in.readInt();
        List<GateReason> reasons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reasons.add(GateReason.valueOf(in.readUTF()));
        }
        boolean slo = in.readBoolean();
        boolean psi = in.readBoolean();
        boolean budget = in.readBoolean();
        boolean preflight = in.readBoolean();
        boolean killSwitch = in.readBoolean();
        boolean disarmed = in.readBoolean();
        boolean dataQuality = in.readBoolean();
        String cut = StateFields.readString(in);
        Gates gates = new Gates(slo, psi, budget, preflight, killSwitch, disarmed, dataQuality,
                cut == null ? null : CanaryCut.valueOf(cut));
        return new GateVerdict(allow, mode, size, reasons, gates, in.readUTF(), in.readUTF(), StateFields.readString(in),
                in.readBoolean(), in.readDouble(), in.readBoolean());
    }

    private static void writeLongs(long[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputView in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }
}
