package io.canarykit.cli.demo.desk;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The contract's routing rule: an order goes to the challenger when {@code hash(order_id) mod 10000 < share * 10000}. */
final class CanaryRouting {

    private static final int BUCKETS = 10_000;

    private CanaryRouting() {}

    /** The order's bucket in [0, 10000): CRC-32 of its UTF-8 id, which spreads sequential ids evenly. */
    public static int bucket(String orderId) {
        if (orderId == null) {
            throw new IllegalArgumentException("orderId is required but not provided.");
        }
        CRC32 crc = new CRC32();
        crc.update(orderId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % BUCKETS);
    }

    /** True when the order goes to the challenger at this canary share. */
    public static boolean toChallenger(String orderId, double canaryShare) {
        if (!(canaryShare >= 0 && canaryShare <= 1)) {
            throw new IllegalArgumentException("canaryShare must be within [0, 1], got " + canaryShare);
        }
        return bucket(orderId) < canaryShare * BUCKETS;
    }

    /**
     * True while {@code decision} says a rollout's shadow step is in force (running or paused there):
     * the challenger then trades on paper, beside the champion's live orders, so it is judged before
     * it trades. An aborted or completed rollout, or none, sends no paper orders.
     */
    public static boolean shadowStep(GateDecision decision) {
        RolloutStatus rollout = decision == null ? null : decision.rollout();
        return rollout != null && rollout.shadow() && decision.challenger() != null
                && (rollout.state() == RolloutState.RUNNING || rollout.state() == RolloutState.PAUSED);
    }
}
