package io.canarykit.operators.signals;

import io.canarykit.schema.Side;
import java.util.HashSet;
import java.util.Set;

/** What {@link OrderTracker} remembers of one order for its later events. */
final class OrderMemory {

    Side side;
    boolean canary;
    String modelId;
    boolean placed;
    long placedTs;
    Double arrivalMid;
    Double qty;
    Double placeMs;
    double filledQty;
    boolean answered;
    boolean terminal;
    boolean hasFill;
    long lastSeenTs;
    long expiresAt;
    final Set<String> seen = new HashSet<>();

    OrderMemory(Side side, boolean canary, String modelId, long ts) {
        this.side = side;
        this.canary = canary;
        this.modelId = modelId;
        this.lastSeenTs = ts;
    }
}
