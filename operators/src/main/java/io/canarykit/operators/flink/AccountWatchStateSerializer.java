package io.canarykit.operators.flink;

import io.canarykit.operators.account.AccountWatch;
import io.canarykit.operators.account.SymbolLedger;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.risk.RiskBudget;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.operators.signals.OrderTracker;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The account's aggregate, written field by field. The one account subtask reads and writes it for
 * every change it applies, and Flink's generic serializer rebuilt its nested records by reflection
 * each time: the largest part of the account's own time in a profile of the live job on RocksDB.
 */
public final class AccountWatchStateSerializer extends FieldByFieldSerializer<AccountWatch.State> {
    private static final long serialVersionUID = 1L;

    /** The layout written; a reader refuses any other. */
    private static final int FORMAT = 1;

    public AccountWatchStateSerializer() {
        super("the account's state");
    }

    @Override
    public TypeSerializer<AccountWatch.State> duplicate() {
        return new AccountWatchStateSerializer();
    }

    @Override
    public void serialize(AccountWatch.State s, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        writeBudget(s.budget(), out);
        out.writeLong(s.ledger().orders().now());
        out.writeInt(s.ledger().orders().orders());
        out.writeLong(s.ledger().clockTs());
        StateFields.writeSlo(s.slo(), out);
        writeView(s.lastView(), out);
        out.writeLong(s.lastKpiTs());
        out.writeInt(s.sloMinSamples());
        Map<String, String> settings = s.limitSettings() == null ? Map.of() : s.limitSettings();
        out.writeInt(settings.size());
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    @Override
    public AccountWatch.State deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("the account's state in layout " + format + ", this version reads layout " + FORMAT);
        }
        RiskBudget.State budget = readBudget(in);
        SymbolLedger.State ledger = new SymbolLedger.State(new OrderTracker.State(in.readLong(), in.readInt()),
                in.readLong());
        var slo = StateFields.readSlo(in);
        AccountView lastView = readView(in);
        long lastKpiTs = in.readLong();
        int sloMinSamples = in.readInt();
        int settingsCount = in.readInt();
        Map<String, String> settings = new TreeMap<>();
        for (int i = 0; i < settingsCount; i++) {
            settings.put(in.readUTF(), in.readUTF());
        }
        return new AccountWatch.State(budget, ledger, slo, lastView, lastKpiTs, sloMinSamples, Map.copyOf(settings));
    }

    @Override
    public TypeSerializerSnapshot<AccountWatch.State> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the layout's version travels in each value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AccountWatch.State> {
        public Snapshot() {
            super(AccountWatchStateSerializer::new);
        }
    }

    private static void writeBudget(RiskBudget.State b, DataOutputView out) throws IOException {
        RiskLimits limits = b.limits();
        out.writeDouble(limits.accountEquity());
        out.writeDouble(limits.maxDailyDrawdownPct());
        out.writeInt(limits.maxTradesPerDay());
        out.writeDouble(limits.canaryNotionalCap());
        out.writeDouble(b.book().realised());
        out.writeDouble(b.book().unrealised());
        out.writeInt(b.book().openPositions());
        out.writeDouble(b.fees());
        out.writeLong(b.clockTs());
        out.writeLong(b.day());
        out.writeDouble(b.startOfDayEquity());
        out.writeDouble(b.peakEquity());
        out.writeDouble(b.resetPeakEquity());
        out.writeLong(b.lastResetTs());
        out.writeLong(b.resetEpoch());
        out.writeLong(b.tradesToday());
        out.writeLong(b.tradesSinceReset());
        out.writeLong(b.canaryTradesToday());
        out.writeDouble(b.notionalToday());
        out.writeDouble(b.canaryNotionalToday());
        out.writeDouble(b.realisedAtDayStart());
        out.writeDouble(b.feesAtDayStart());
        out.writeDouble(b.unrealisedAtDayStart());
    }

    private static RiskBudget.State readBudget(DataInputView in) throws IOException {
        RiskLimits limits = new RiskLimits(in.readDouble(), in.readDouble(), in.readInt(), in.readDouble());
        PositionBook.State book = new PositionBook.State(in.readDouble(), in.readDouble(), in.readInt());
        return new RiskBudget.State(limits, book, in.readDouble(), in.readLong(), in.readLong(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }

    private static void writeView(AccountView v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v.ts());
            out.writeDouble(v.budgetLeft());
            out.writeDouble(v.ddSinceReset());
            out.writeInt(v.openPositions());
            StateFields.writeDouble(v.canaryNotionalShare(), out);
            out.writeDouble(v.riskPerTrade());
        }
    }

    private static AccountView readView(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new AccountView(in.readLong(), in.readDouble(), in.readDouble(), in.readInt(),
                StateFields.readDouble(in), in.readDouble());
    }
}
