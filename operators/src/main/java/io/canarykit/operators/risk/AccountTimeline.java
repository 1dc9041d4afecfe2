package io.canarykit.operators.risk;

import java.util.ArrayList;
import java.util.List;

/**
 * The account views received so far, in time order, so a symbol evaluated at {@code t} reads the
 * account as it was at {@code t}: the watermark guarantees every view up to {@code t} has arrived.
 *
 * @param views held views ordered by timestamp; the first is the base for any earlier time
 */
public record AccountTimeline(List<AccountView> views) {

    public AccountTimeline {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("views must hold at least the starting view");
        }
        views = List.copyOf(views);
    }

    public static AccountTimeline startingWith(AccountView view) {
        return new AccountTimeline(List.of(view));
    }

    /** This timeline with {@code view} in its time place (after views of the same time). */
    public AccountTimeline with(AccountView view) {
        List<AccountView> updated = new ArrayList<>(views.size() + 1);
        int at = views.size();
        while (at > 0 && views.get(at - 1).ts() > view.ts()) {
            at--;
        }
        updated.addAll(views.subList(0, at));
        updated.add(view);
        updated.addAll(views.subList(at, views.size()));
        return new AccountTimeline(updated);
    }

    /** The latest view with {@code ts <= t}, or the first view when all are later. */
    public AccountView asOf(long t) {
        AccountView found = views.get(0);
        for (AccountView v : views) {
            if (v.ts() > t) {
                break;
            }
            found = v;
        }
        return found;
    }

    public AccountView latest() {
        return views.get(views.size() - 1);
    }

    /** Drops the views that no read at a time after {@code watermark} can return. */
    public AccountTimeline dropBefore(long watermark) {
        int keepFrom = 0;
        for (int i = 0; i < views.size(); i++) {
            if (views.get(i).ts() <= watermark) {
                keepFrom = i;
            }
        }
        return keepFrom == 0 ? this : new AccountTimeline(views.subList(keepFrom, views.size()));
    }
}
