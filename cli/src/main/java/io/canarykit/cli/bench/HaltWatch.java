package io.canarykit.cli.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.ArrayList;
import java.util.OptionalLong;

/**
 * Whether every watched symbol's latest decision is halted by the kill switch, and since when: the
 * moment the consumer had seen the last of them turn, which is when an engine trading all of them
 * would have stopped everywhere.
 */
final class HaltWatch {

    /**
     * A symbol's latest decision: its sequence number, whether the kill switch halts it, since when
     * the consumer saw it so, and the {@code ts} of the decision that turned it (the gate's clock).
     */
    private record Latest(long seq, boolean killed, long sinceNanos, long turnedTs) {}

    /** The earliest and the latest of a set of moments. */
    record Span(long first, long last) {}

    private final Map<String, Latest> latest = new HashMap<>();
    private final int watched;

    HaltWatch(Collection<String> symbols) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols must name at least one symbol to watch");
        }
        symbols.forEach(s -> latest.put(s, null));
        watched = latest.size();
    }

    /**
     * Notes a decision stamped {@code ts} seen at {@code seenNanos}: {@code killed} when it halts the
     * symbol with the kill switch among its reasons. An older decision than one already seen changes nothing.
     */
    synchronized void seen(String symbol, long seq, boolean killed, long ts, long seenNanos) {
        if (!latest.containsKey(symbol)) {
            return;
        }
        Latest before = latest.get(symbol);
        if (before != null && seq <= before.seq()) {
            return;
        }
        boolean same = before != null && before.killed() == killed;
        latest.put(symbol, same ? new Latest(seq, killed, before.sinceNanos(), before.turnedTs())
                : new Latest(seq, killed, seenNanos, ts));
        notifyAll();
    }

    /** Symbols with at least one decision seen. */
    synchronized int known() {
        return (int) latest.values().stream().filter(l -> l != null).count();
    }

    /**
     * When the consumer had seen every watched symbol {@code killed} (or every one not), as the
     * latest of the moments each turned; empty while one is otherwise or has no decision yet.
     */
    synchronized OptionalLong allSince(boolean killed) {
        long last = Long.MIN_VALUE;
        for (Latest l : latest.values()) {
            if (l == null || l.killed() != killed) {
                return OptionalLong.empty();
            }
            last = Math.max(last, l.sinceNanos());
        }
        return OptionalLong.of(last);
    }

    /**
     * The first of the moments at which the watched symbols turned {@code killed} (or not), for a
     * trial in which they all have: how soon the job's first decision reached the consumer.
     */
    synchronized OptionalLong firstSince(boolean killed) {
        long first = Long.MAX_VALUE;
        for (Latest l : latest.values()) {
            if (l == null || l.killed() != killed) {
                return OptionalLong.empty();
            }
            first = Math.min(first, l.sinceNanos());
        }
        return OptionalLong.of(first);
    }

    /**
     * The {@code ts} of the decisions that turned every watched symbol {@code killed} (or not), first and
     * last: when the gate decided them, beside when the consumer saw them; empty while one is otherwise.
     */
    synchronized java.util.Optional<Span> turnedTs(boolean killed) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Latest l : latest.values()) {
            if (l == null || l.killed() != killed) {
                return java.util.Optional.empty();
            }
            first = Math.min(first, l.turnedTs());
            last = Math.max(last, l.turnedTs());
        }
        return java.util.Optional.of(new Span(first, last));
    }

    /** Waits until {@link #allSince} holds for {@code killed}, at most until {@code deadlineNanos}. */
    synchronized OptionalLong await(boolean killed, long deadlineNanos) throws InterruptedException {
        while (true) {
            OptionalLong since = allSince(killed);
            long left = deadlineNanos - System.nanoTime();
            if (since.isPresent() || left <= 0) {
                return since;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * For a wait that ran out: how many watched symbols the consumer has seen {@code killed} (or not),
     * and the first few that are not, with whether any decision of theirs was seen at all.
     */
    synchronized String shortOf(boolean killed) {
        int turned = 0;
        List<String> behind = new ArrayList<>();
        for (Map.Entry<String, Latest> e : new TreeMap<>(latest).entrySet()) {
            Latest l = e.getValue();
            if (l != null && l.killed() == killed) {
                turned++;
            } else if (behind.size() < 5) {
                behind.add(l == null ? e.getKey() + " (no decision seen)" : e.getKey() + " (seq " + l.seq() + ")");
            }
        }
        return turned + " of " + watched + " seen " + (killed ? "halted" : "released") + "; not yet: "
                + String.join(", ", behind);
    }

    /** How many symbols are watched. */
    int watched() {
        return watched;
    }
}
