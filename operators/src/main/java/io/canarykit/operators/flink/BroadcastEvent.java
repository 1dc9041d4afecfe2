package io.canarykit.operators.flink;

import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ReferenceProfile;

/**
 * What every symbol operator receives on the broadcast side: an operator command, an account view
 * or a model's new reference profile (exactly one of them).
 */
public record BroadcastEvent(ControlCommand control, AccountView account, ReferenceProfile reference) {

    public static BroadcastEvent of(ControlCommand c) {
        return new BroadcastEvent(c, null, null);
    }

    public static BroadcastEvent of(AccountView v) {
        return new BroadcastEvent(null, v, null);
    }

    public static BroadcastEvent of(ReferenceProfile p) {
        return new BroadcastEvent(null, null, p);
    }
}
