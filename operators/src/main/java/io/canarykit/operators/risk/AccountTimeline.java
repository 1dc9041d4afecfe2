package io.canarykit.operators.risk;

import io.canarykit.operators.window.TimeOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The account views received so far, in time order, so a symbol evaluated at {@code t} reads the
 * account as it was at {@code t}: the watermark guarantees every view up to {@code t} has arrived.
 *
 * <p>It lives in broadcast state, which is always on the heap, and changes in place: a view in time
 * order is appended in O(1), a late one finds its place by binary search, {@link #asOf} is a binary
 * search and {@link #dropBefore} moves a head index past what it drops. Dropped slots are removed
 * once they are as many as the held views, so they never cost more than the views themselves.
 *
 * <p>It is a Flink POJO: the state holds the slots, dropped ones included, and the head index.
 */
public final class AccountTimeline {

    private List<AccountView> slots = new ArrayList<>();
    /** Slots before this index were dropped and wait for the next compaction. */
    private int head;

    /** An empty timeline for the state serializer, which fills it; {@link #startingWith} makes a usable one. */
    public AccountTimeline() {}

    /** A timeline holding {@code view} alone, the base for any earlier time. */
    public static AccountTimeline startingWith(AccountView view) {
        if (view == null) {
            throw new IllegalArgumentException("view is required but not provided");
        }
        AccountTimeline timeline = new AccountTimeline();
        timeline.slots.add(view);
        return timeline;
    }

    /** Puts {@code view} in its time place, after the views of the same time. */
    public void add(AccountView view) {
        slots.add(firstAfter(view.ts()), view);
    }

    /** The latest view with {@code ts <= t}, or the first view when all are later. */
    public AccountView asOf(long t) {
        int after = firstAfter(t);
        return slots.get(after == head ? head : after - 1);
    }

    public AccountView latest() {
        return slots.get(slots.size() - 1);
    }

    /** Drops the views that no read at a time after {@code watermark} can return. */
    public void dropBefore(long watermark) {
        // The newest view at or before the watermark stays: it answers every time up to the next view.
        int keepFrom = Math.max(head, firstAfter(watermark) - 1);
        head = TimeOrder.compact(slots, keepFrom);
    }

    /** The held views in time order, as a read-only view that follows this timeline's changes. */
    public List<AccountView> views() {
        return Collections.unmodifiableList(slots.subList(head, slots.size()));
    }

    private int firstAfter(long t) {
        return TimeOrder.firstAfter(slots, head, t, AccountView::ts);
    }

    /** Timelines are equal when they hold the same views, however many dropped slots each keeps. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AccountTimeline other && views().equals(other.views());
    }

    @Override
    public int hashCode() {
        return views().hashCode();
    }

    @Override
    public String toString() {
        return "AccountTimeline" + views();
    }

    // Flink's POJO rules ask for a public getter and setter per field; only the state serializer uses them.

    /** The slots as the state holds them, dropped ones first. */
    public List<AccountView> getSlots() {
        return Collections.unmodifiableList(slots);
    }

    public void setSlots(List<AccountView> slots) {
        this.slots = new ArrayList<>(slots);
    }

    public int getHead() {
        return head;
    }

    public void setHead(int head) {
        this.head = head;
    }
}
