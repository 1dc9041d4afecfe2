package io.canarykit.cli.demo.desk;

/**
 * What the simulated desk does at one moment of a scenario: how its venue answers, how its models
 * read the market, how much and how often it trades, where the market goes, and the feed and
 * feature faults of the scenario's symbol.
 *
 * @param venue how the venue acknowledges, fills, rejects and fails orders
 * @param skill the share of new positions opened with the trend
 * @param sizeFactor the engine's size, as a multiple of the size its risk per trade gives
 * @param orderRateFactor how often the desk wants to trade, as a multiple of its usual pace
 * @param trendPerQuarterSecond the trend every symbol follows, as a fraction of the mid per quarter
 *     second, or NaN for the market's own trend that turns now and then
 * @param symbol the symbol the feed and feature faults below apply to, or null when there are none
 * @param primaryFeedDown true while the symbol's primary feed sends nothing
 * @param referenceOffsetBps how far the symbol's reference mid sits above the primary mid, in bps
 * @param drift the drift of one of the symbol's champion features, or null
 */
public record DeskConditions(
        DeskBehaviour venue,
        double skill,
        double sizeFactor,
        double orderRateFactor,
        double trendPerQuarterSecond,
        String symbol,
        boolean primaryFeedDown,
        double referenceOffsetBps,
        FeatureDrift drift) {

    public DeskConditions {
        if (venue == null) {
            throw new IllegalArgumentException("venue is required but not provided.");
        }
        if (!(skill >= 0 && skill <= 1)) {
            throw new IllegalArgumentException("skill must be within [0, 1], got " + skill);
        }
        if (!(sizeFactor > 0) || !(orderRateFactor > 0)) {
            throw new IllegalArgumentException("sizeFactor and orderRateFactor must be positive, got "
                    + sizeFactor + ", " + orderRateFactor);
        }
        if (Double.isInfinite(trendPerQuarterSecond) || !Double.isFinite(referenceOffsetBps)) {
            throw new IllegalArgumentException("trendPerQuarterSecond (NaN for none) and referenceOffsetBps must be finite, got "
                    + trendPerQuarterSecond + ", " + referenceOffsetBps);
        }
        if (symbol == null && (primaryFeedDown || referenceOffsetBps != 0 || drift != null)) {
            throw new IllegalArgumentException("a feed or feature fault needs a symbol");
        }
    }

    /** The healthy desk: a venue well inside every SLO, models with their edge, usual size and pace. */
    public static DeskConditions healthy() {
        return new DeskConditions(DeskBehaviour.healthy(), ExecutionEngine.SKILL, 1, 1, Double.NaN, null, false, 0, null);
    }

    /** These conditions with another venue. */
    public DeskConditions withVenue(DeskBehaviour newVenue) {
        return new DeskConditions(newVenue, skill, sizeFactor, orderRateFactor, trendPerQuarterSecond, symbol,
                primaryFeedDown, referenceOffsetBps, drift);
    }

    /** These conditions with the models' skill and the engine's size factor. */
    public DeskConditions withModels(double newSkill, double newSizeFactor) {
        return new DeskConditions(venue, newSkill, newSizeFactor, orderRateFactor, trendPerQuarterSecond, symbol,
                primaryFeedDown, referenceOffsetBps, drift);
    }

    /** These conditions with the desk trading {@code factor} times as often as usual. */
    public DeskConditions withOrderRate(double factor) {
        return new DeskConditions(venue, skill, sizeFactor, factor, trendPerQuarterSecond, symbol,
                primaryFeedDown, referenceOffsetBps, drift);
    }

    /** These conditions with every symbol following {@code trend} per quarter second (NaN: its own trend). */
    public DeskConditions withTrend(double trend) {
        return new DeskConditions(venue, skill, sizeFactor, orderRateFactor, trend, symbol,
                primaryFeedDown, referenceOffsetBps, drift);
    }

    /** These conditions with {@code faulty}'s primary feed down or up. */
    public DeskConditions withPrimaryFeedDown(String faulty, boolean down) {
        return new DeskConditions(venue, skill, sizeFactor, orderRateFactor, trendPerQuarterSecond, faulty,
                down, referenceOffsetBps, drift);
    }

    /** These conditions with {@code faulty}'s reference mid {@code bps} above its primary mid. */
    public DeskConditions withReferenceOffset(String faulty, double bps) {
        return new DeskConditions(venue, skill, sizeFactor, orderRateFactor, trendPerQuarterSecond, faulty,
                primaryFeedDown, bps, drift);
    }

    /** These conditions with a drift of one of {@code faulty}'s champion features (null: none). */
    public DeskConditions withDrift(String faulty, FeatureDrift newDrift) {
        return new DeskConditions(venue, skill, sizeFactor, orderRateFactor, trendPerQuarterSecond, faulty,
                primaryFeedDown, referenceOffsetBps, newDrift);
    }

    /** True while {@code s}'s primary feed sends quotes. */
    public boolean primaryFeedUp(String s) {
        return !(primaryFeedDown && s.equals(symbol));
    }

    /** The reference feed's offset from the primary mid of {@code s}, in bps. */
    public double referenceOffsetBps(String s) {
        return s.equals(symbol) ? referenceOffsetBps : 0;
    }

    /** The drift of {@code s}'s champion features, or null. */
    public FeatureDrift drift(String s) {
        return s.equals(symbol) ? drift : null;
    }

    /** True when the scenario sets the trend rather than the market. */
    public boolean trendForced() {
        return !Double.isNaN(trendPerQuarterSecond);
    }
}
