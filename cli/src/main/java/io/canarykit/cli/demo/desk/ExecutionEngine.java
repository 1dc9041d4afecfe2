package io.canarykit.cli.demo.desk;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Mode;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated execution engine that obeys the gate decisions: it trades a symbol only while its
 * latest decision allows it and is still valid, sizes by the decision's size multiplier and the
 * risk per trade, routes to the challenger by the contract's hash rule, and tells the order's life
 * as placed, then acked and filled, or rejected, or failed. During a rollout's shadow step each order
 * the champion trades has the challenger's paper twin beside it ({@code canary} and {@code shadow}).
 */
public final class ExecutionEngine {

    /** Distance to the stop as a fraction of the price: the risk per trade buys this much notional. */
    public static final double STOP_DISTANCE = 0.01;
    /** A maker-heavy desk's average fee, as a fraction of the fill notional. */
    private static final double FEE_RATE = 1e-4;
    /** How often the models read the trend right: the desk's edge, which pays its costs. */
    static final double SKILL = 0.7;
    /** The challenger's paper twin of a live order has the live order's id with this suffix. */
    static final String PAPER_SUFFIX = "-paper";

    private final double equity;
    private final double riskPerTradePct;
    private final DeskBehaviour behaviour;
    private final Random random;
    private final Map<String, GateDecision> decisions = new HashMap<>();
    private final Map<String, Double> positions = new HashMap<>();
    private long orderSeq;

    public ExecutionEngine(double equity, double riskPerTradePct, DeskBehaviour behaviour, long seed) {
        if (!(equity > 0)) {
            throw new IllegalArgumentException("equity must be positive, got " + equity);
        }
        if (!(riskPerTradePct > 0 && riskPerTradePct < 1)) {
            throw new IllegalArgumentException("riskPerTradePct must be within (0, 1), got " + riskPerTradePct);
        }
        if (behaviour == null) {
            throw new IllegalArgumentException("behaviour is required but not provided.");
        }
        this.equity = equity;
        this.riskPerTradePct = riskPerTradePct;
        this.behaviour = behaviour;
        this.random = new Random(seed);
    }

    /** Keeps the decision when it is newer (higher seq) than the one held for its symbol. */
    public synchronized void onDecision(GateDecision decision) {
        GateDecision held = decisions.get(decision.symbol());
        if (held == null || decision.seq() > held.seq()) {
            decisions.put(decision.symbol(), decision);
        }
    }

    /** The decision the engine trades by for a symbol, if any. */
    public synchronized GateDecision decision(String symbol) {
        return decisions.get(symbol);
    }

    /** The signed open quantity of a symbol. */
    public synchronized double position(String symbol) {
        return positions.getOrDefault(symbol, 0.0);
    }

    /** True when the symbol may trade at {@code now}: an allowing decision that is not past valid_until. */
    public synchronized boolean mayTrade(String symbol, long now) {
        GateDecision d = decisions.get(symbol);
        return d != null && d.allow() && now < d.validUntil() && d.sizeMultiplier() > 0;
    }

    /** An order with no view of the trend. */
    public List<OrderEvent> order(String symbol, long now, double mid) {
        return order(symbol, now, mid, 0);
    }

    /**
     * One order's events, in time order from {@code now}, or none when the gates do not allow it.
     * A new position follows {@code trend} (its sign) {@link #SKILL} of the time. The fill moves
     * the engine's position at once: the caller sends the events at their times.
     */
    public List<OrderEvent> order(String symbol, long now, double mid, double trend) {
        return order(symbol, now, mid, trend, DeskConditions.healthy().withVenue(behaviour));
    }

    /**
     * One order's events under a scenario's {@code conditions}: its venue, how often the models
     * read the trend right, and its size factor on top of the gate's size multiplier.
     */
    public synchronized List<OrderEvent> order(String symbol, long now, double mid, double trend,
            DeskConditions conditions) {
        if (!mayTrade(symbol, now)) {
            return List.of();
        }
        GateDecision d = decisions.get(symbol);
        double held = positions.getOrDefault(symbol, 0.0);
        Side side;
        double qty;
        if (d.mode() == Mode.REDUCE_ONLY || (held != 0 && random.nextBoolean())) {
            if (held == 0) {
                return List.of();
            }
            side = held > 0 ? Side.SELL : Side.BUY;
            qty = Math.abs(held);
        } else {
            side = openingSide(trend, conditions.skill());
            qty = size(mid, d.sizeMultiplier()) * conditions.sizeFactor();
        }
        String id = "sim-" + symbol + "-" + now + "-" + (orderSeq++);
        boolean canary = CanaryRouting.toChallenger(id, d.canaryShare());
        String model = canary && d.challenger() != null ? d.challenger() : d.champion();
        List<OrderEvent> events = lifecycle(id, symbol, side, qty, mid, now, model, canary, false, conditions.venue());
        if (!canary && CanaryRouting.shadowStep(d)) {
            // What the challenger would have done with the same trade: a paper order, filled at its own slippage.
            List<OrderEvent> paper = lifecycle(id + PAPER_SUFFIX, symbol, side, qty, mid, now, d.challenger(), true, true,
                    conditions.venue());
            List<OrderEvent> both = new ArrayList<>(events);
            both.addAll(paper);
            both.sort(Comparator.comparingLong(OrderEvent::ts));
            return both;
        }
        return events;
    }

    /**
     * True when a symbol's decision, still valid at {@code now}, shows the job armed (its reasons do
     * not say disarmed); an expired one, say from an earlier run on the compacted topic, does not count.
     */
    public synchronized boolean armed(long now) {
        return decisions.values().stream()
                .anyMatch(d -> now < d.validUntil() && !d.reasons().contains(GateReason.DISARMED));
    }

    private Side openingSide(double trend, double skill) {
        if (trend == 0) {
            return random.nextBoolean() ? Side.BUY : Side.SELL;
        }
        Side withTrend = trend > 0 ? Side.BUY : Side.SELL;
        Side against = trend > 0 ? Side.SELL : Side.BUY;
        return random.nextDouble() < skill ? withTrend : against;
    }

    /** Quantity whose loss at the stop is the risk per trade, scaled by the gate's size multiplier. */
    double size(double mid, double sizeMultiplier) {
        double notional = equity * riskPerTradePct / STOP_DISTANCE * sizeMultiplier;
        return notional / mid;
    }

    /** One order's events; a {@code shadow} order is paper: it says so on every event and moves no position. */
    private List<OrderEvent> lifecycle(String id, String symbol, Side side, double qty, double mid, long now,
            String model, boolean canary, boolean shadow, DeskBehaviour venue) {
        List<OrderEvent> events = new ArrayList<>();
        events.add(new OrderEvent(now, OrderEventType.PLACED, id, symbol, side, null, model, canary, qty, mid, mid,
                null, null, null, null, shadow));
        long answeredAt = now + venue.ackMinMs() + random.nextInt((int) venue.ackSpreadMs());
        double roll = random.nextDouble();
        if (roll < venue.rejectProbability()) {
            events.add(new OrderEvent(answeredAt, OrderEventType.REJECTED, id, symbol, side, null, model, canary,
                    qty, mid, null, null, null, null, null, shadow));
            return events;
        }
        if (roll < venue.rejectProbability() + venue.errorProbability()) {
            events.add(new OrderEvent(answeredAt, OrderEventType.ERROR, id, symbol, side, null, model, canary,
                    qty, mid, null, null, null, null, null, shadow));
            return events;
        }
        events.add(new OrderEvent(answeredAt, OrderEventType.ACKED, id, symbol, side, null, model, canary,
                qty, mid, null, (double) (answeredAt - now), null, null, null, shadow));
        double meanBps = canary ? venue.canarySlippageMeanBps() : venue.slippageMeanBps();
        double slipBps = meanBps + random.nextGaussian() * venue.slippageStdBps();
        double px = mid * (1 + side.sign() * slipBps * 1e-4);
        long filledAt = answeredAt + 5 + random.nextInt(50);
        events.add(new OrderEvent(filledAt, OrderEventType.FILL, id, symbol, side, null, model, canary,
                qty, mid, null, null, qty, px, qty * px * FEE_RATE, shadow));
        if (shadow) {
            return events;
        }
        positions.merge(symbol, side.sign() * qty, Double::sum);
        if (Math.abs(positions.get(symbol)) < 1e-12) {
            positions.remove(symbol);
        }
        return events;
    }
}
