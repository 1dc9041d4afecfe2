package io.canarykit.operators.signals;

import io.canarykit.schema.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link OrderTracker} remembers of one order for its later events, in the plain form that a
 * keyed-state map stores (a Flink POJO); only the tracker changes it.
 */
public final class OrderMemory {

    public Side side;
    public boolean canary;
    /** A paper order of the challenger's: its fills feed its TCA and SLO, never the account or trade counts. */
    public boolean shadow;
    public String modelId;
    public boolean placed;
    public long placedTs;
    public Double arrivalMid;
    public Double qty;
    public Double placeMs;
    public double filledQty;
    public boolean answered;
    public boolean terminal;
    public boolean hasFill;
    public long lastSeenTs;
    public long expiresAt;
    /** The dedup keys of the order's events seen so far: a handful, so a list is the cheapest set. */
    public List<String> seen = new ArrayList<>();

    /** For the state serializer only. */
    public OrderMemory() {}

    OrderMemory(Side side, boolean canary, boolean shadow, String modelId, long ts) {
        this.side = side;
        this.canary = canary;
        this.shadow = shadow;
        this.modelId = modelId;
        this.lastSeenTs = ts;
    }

    /** Notes {@code dedupKey} as seen, and says whether it was new. */
    boolean see(String dedupKey) {
        if (seen.contains(dedupKey)) {
            return false;
        }
        seen.add(dedupKey);
        return true;
    }
}
