package io.canarykit.operators.flink;

import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.ControlCommand;

/** What every symbol operator receives on the broadcast side: an operator command or an account view. */
public record BroadcastEvent(ControlCommand control, AccountView account) {

    public static BroadcastEvent of(ControlCommand c) {
        return new BroadcastEvent(c, null);
    }

    public static BroadcastEvent of(AccountView v) {
        return new BroadcastEvent(null, v);
    }
}
