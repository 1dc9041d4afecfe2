package io.canarykit.operators.flink;

import io.canarykit.operators.account.AccountWatch;
import io.canarykit.config.KitConfig;

/**
 * The value the account keeps in keyed state: its {@link AccountWatch}, live, once a change has used it.
 *
 * <p>The one account subtask takes every symbol's changes. Rebuilding the watch from its saved fields
 * for each of them, and the fields back from the watch after, was most of what it allocated. Held on
 * the heap (the heap backend, or the heap layer in front of RocksDB), the same object stays in the
 * state between changes and the watch changes in place; the heap backend copies the value through
 * {@link AccountAggregateSerializer#copy}, a deep copy through the bytes, before a running snapshot
 * could see it change. A value read from bytes holds the saved fields until its first use.
 */
final class AccountAggregate {

    private AccountWatch.State saved;
    private AccountWatch live;

    private AccountAggregate(AccountWatch.State saved, AccountWatch live) {
        this.saved = saved;
        this.live = live;
    }

    static AccountAggregate saved(AccountWatch.State state) {
        if (state == null) {
            throw new IllegalArgumentException("a saved account needs its fields");
        }
        return new AccountAggregate(state, null);
    }

    static AccountAggregate live(AccountWatch watch) {
        if (watch == null) {
            throw new IllegalArgumentException("a live account needs its watch");
        }
        return new AccountAggregate(null, watch);
    }

    /** The watch, live: the one already held, else rebuilt once from the saved fields over {@code stores}. */
    AccountWatch watch(KitConfig configured, AccountWatch.Stores stores) {
        if (live == null) {
            live = AccountWatch.restore(configured, saved, stores);
            saved = null;
        }
        return live;
    }

    /** Whether {@code watch} is the live watch held. */
    boolean isLive(AccountWatch watch) {
        return live == watch;
    }

    /** The fields to save: the live watch's as they are now, or those read. */
    AccountWatch.State fields() {
        return live != null ? live.state() : saved;
    }
}
