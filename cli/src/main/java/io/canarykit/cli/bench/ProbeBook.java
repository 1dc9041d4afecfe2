package io.canarykit.cli.bench;

import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The probes on their way, one at most per symbol: each sets the symbol's primary feed dislocated or
 * back in line, and ends when its send is acknowledged and a decision that applied it shows the
 * change. Its latency runs from the acknowledgement to that decision being seen.
 */
final class ProbeBook {

    /** One probe: what it set the feed to, its event time, and when it was sent, acknowledged and seen. */
    private static final class Probe {
        final boolean dislocates;
        final long eventTs;
        final long sentNanos;
        long ackNanos = -1;
        long seenNanos = -1;

        Probe(boolean dislocates, long eventTs, long sentNanos) {
            this.dislocates = dislocates;
            this.eventTs = eventTs;
            this.sentNanos = sentNanos;
        }

        OptionalLong latencyMicros() {
            if (ackNanos < 0 || seenNanos < 0) {
                return OptionalLong.empty();
            }
            // The consumer can see the decision before the producer's callback runs; that is no time at all.
            return OptionalLong.of(Math.max(0, seenNanos - ackNanos) / 1_000);
        }
    }

    /** A probe given up: which way it set the feed, its event time, and whether its acknowledgement and decision came. */
    record GivenUp(String symbol, boolean dislocates, long eventTs, boolean acked, boolean seen) {}

    private final Map<String, Probe> pending = new HashMap<>();
    private final List<GivenUp> givenUp = new ArrayList<>();
    private final Map<String, Boolean> dislocated = new HashMap<>();
    private long timedOut;

    /** True when {@code symbol} has no probe on its way, so a new one can be told apart. */
    synchronized boolean settled(String symbol) {
        return !pending.containsKey(symbol);
    }

    /** Whether the last probe on {@code symbol} dislocated its feed; false before any. */
    synchronized boolean dislocated(String symbol) {
        return dislocated.getOrDefault(symbol, false);
    }

    /**
     * Notes a probe on {@code symbol} stamped {@code eventTs}, about to be sent: it flips the feed,
     * dislocating it when it was in line and the other way round.
     *
     * @return whether this probe dislocates the feed
     */
    synchronized boolean sent(String symbol, long eventTs, long sentNanos) {
        if (pending.containsKey(symbol)) {
            throw new IllegalStateException("a probe on " + symbol + " is still on its way");
        }
        boolean dislocates = !dislocated(symbol);
        dislocated.put(symbol, dislocates);
        pending.put(symbol, new Probe(dislocates, eventTs, sentNanos));
        return dislocates;
    }

    /** Notes that the probe stamped {@code eventTs} was acknowledged; its latency if its decision was seen already. */
    synchronized OptionalLong acked(String symbol, long eventTs, long ackNanos) {
        Probe p = pending.get(symbol);
        if (p == null || p.eventTs != eventTs) {
            // A probe that timed out before its acknowledgement came.
            return OptionalLong.empty();
        }
        p.ackNanos = ackNanos;
        return finish(symbol, p);
    }

    /**
     * Notes a decision on {@code symbol} seen at {@code seenNanos}, computed over the input up to
     * {@code appliedTs}, with or without the dislocation reason. It ends the symbol's probe when it
     * applied the probe (inputs apply in event-time order, so any time at or after the probe's will do)
     * and shows the feed as the probe set it.
     *
     * @return the probe's latency in microseconds, once it is both acknowledged and seen
     */
    synchronized OptionalLong seen(String symbol, long appliedTs, boolean dislocation, long seenNanos) {
        Probe p = pending.get(symbol);
        if (p == null || p.seenNanos >= 0 || appliedTs < p.eventTs || dislocation != p.dislocates) {
            return OptionalLong.empty();
        }
        p.seenNanos = seenNanos;
        return finish(symbol, p);
    }

    /** Gives up on every probe sent {@code timeoutNanos} or more before {@code nowNanos}; how many it gave up. */
    synchronized int expire(long nowNanos, long timeoutNanos) {
        int expired = 0;
        for (Iterator<Map.Entry<String, Probe>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Probe> e = it.next();
            Probe p = e.getValue();
            if (nowNanos - p.sentNanos >= timeoutNanos) {
                it.remove();
                expired++;
                givenUp.add(new GivenUp(e.getKey(), p.dislocates, p.eventTs, p.ackNanos >= 0, p.seenNanos >= 0));
            }
        }
        timedOut += expired;
        return expired;
    }

    /** The probes given up since the last call, so that a run that loses probes can say which and how. */
    synchronized List<GivenUp> takeGivenUp() {
        List<GivenUp> taken = List.copyOf(givenUp);
        givenUp.clear();
        return taken;
    }

    /** Probes still on their way. */
    synchronized int pending() {
        return pending.size();
    }

    /** Starts the count of probes given up afresh, as measuring begins after the warm-up's. */
    synchronized void forgetTimedOut() {
        timedOut = 0;
    }

    /** Probes given up so far. */
    synchronized long timedOut() {
        return timedOut;
    }

    private OptionalLong finish(String symbol, Probe p) {
        OptionalLong latency = p.latencyMicros();
        if (latency.isPresent()) {
            pending.remove(symbol);
        }
        return latency;
    }
}
