package io.canarykit.operators.symbol;

/**
 * A symbol's trade counts of one UTC day, kept when the symbol's idle state is cleaned up within the
 * day, so its next input on that day carries them on.
 *
 * @param day the UTC day, in days since the epoch
 * @param trades orders of the symbol with a fill that day
 * @param canaryTrades canary orders among them
 */
public record TradeDayCounts(long day, long trades, long canaryTrades) {}
