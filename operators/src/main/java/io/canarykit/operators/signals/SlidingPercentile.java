package io.canarykit.operators.signals;

import io.canarykit.operators.store.KeyValueStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * A multiset of finite doubles that answers exact nearest-rank percentiles, writing one bucket entry
 * and one counter per add or remove.
 *
 * <p>Values fall into {@value #BUCKETS} fixed buckets: one below {@link #LOWEST} (zero and negative
 * values included), four per octave from {@code 2^-8} up to {@code 2^16}, each a quarter of its octave
 * wide (so 1, 1.25, 1.5, 1.75 and 2 ms are edges, and a bucket spans 14% to 25% of its lower edge),
 * and one at or above {@link #HIGHEST}. For place_ms that is about 4 microseconds to 65 seconds in
 * buckets of their own. Four per octave keep the counts, which every event writes with its aggregate
 * on RocksDB, at {@value #BUCKETS} ints, while a bucket of whole milliseconds holds at most one value
 * below 8 ms and 64 at 256 ms, so an ack rewrites a short entry.
 *
 * <p>The number of values in each bucket is the small aggregate, {@link State}; the values themselves
 * sit in a {@link KeyValueStore} with one {@link Bucket} entry per non-empty bucket: its distinct
 * values in ascending order and the copies of each. The k-th smallest is found by walking the counts
 * to the bucket holding rank k and reading that one entry; nothing is approximated. The last rank
 * asked for is remembered with its value until the next change, so the same percentile asked again
 * (every evaluation between two acks) reads no entry.
 */
public final class SlidingPercentile {

    /** The lower edge of the first octave: values below it share the first bucket. */
    static final double LOWEST = 0x1p-8;
    /** The upper edge of the last octave: values at or above it share the last bucket. */
    static final double HIGHEST = 0x1p16;
    private static final int OCTAVES = 16 - (-8);
    private static final int SUB_BUCKET_BITS = 2;
    /** The underflow bucket, four per octave, and the overflow bucket. */
    static final int BUCKETS = 2 + (OCTAVES << SUB_BUCKET_BITS);

    private static final long LOWEST_BITS = Double.doubleToRawLongBits(LOWEST);
    private static final int MANTISSA_BITS = 52;
    // Shared by every percentile that has never held a value; never written, since it holds nothing.
    private static final int[] NO_COUNTS = new int[0];

    private final KeyValueStore<Integer, Bucket> buckets;
    // The state's own array, changed in place: a state handed out reads the percentile as it is now.
    private int[] counts;
    private int size;
    private int lastRank;
    private double lastValue;

    /**
     * The values of one bucket: its distinct values in ascending order and how many copies of each are
     * held, index for index.
     */
    public record Bucket(double[] values, int[] copies) {}

    /**
     * The percentile's aggregate as keyed state holds it: the number of values in each bucket (an empty
     * array until the first value, so a window that never held one costs nothing), and the last rank
     * asked for with its value (rank 0 when none has been asked for since the last change).
     */
    public record State(int[] counts, int lastRank, double lastValue) {

        /** The state of a percentile that has never held a value. */
        public static State empty() {
            return new State(NO_COUNTS, 0, 0.0);
        }
    }

    /** An empty multiset whose buckets are held on the heap. */
    public SlidingPercentile() {
        this(KeyValueStore.onHeap(), State.empty());
    }

    private SlidingPercentile(KeyValueStore<Integer, Bucket> buckets, State state) {
        if (buckets == null) {
            throw new IllegalArgumentException("buckets is required but not provided");
        }
        if (state == null) {
            throw new IllegalArgumentException("state is required but not provided");
        }
        this.buckets = buckets;
        this.counts = checkedCounts(state.counts());
        this.size = total(counts);
        if (state.lastRank() < 0 || state.lastRank() > size) {
            throw new IllegalArgumentException(
                    "state.lastRank must be in [0, " + size + "], got " + state.lastRank());
        }
        this.lastRank = state.lastRank();
        this.lastValue = state.lastValue();
    }

    /** An empty multiset whose buckets go to the caller's {@code buckets}, an empty store. */
    public static SlidingPercentile create(KeyValueStore<Integer, Bucket> buckets) {
        return new SlidingPercentile(buckets, State.empty());
    }

    /**
     * The multiset that {@code state} and {@code buckets} describe, as {@link #state()} left it. The
     * state's counts are taken over, not copied: this multiset changes them in place from now on.
     */
    public static SlidingPercentile restore(State state, KeyValueStore<Integer, Bucket> buckets) {
        return new SlidingPercentile(buckets, state);
    }

    /**
     * The aggregate for keyed state; it shares its counts with this multiset rather than copying them,
     * so it reads this multiset as it is now and is stored as it is, not kept as a picture of the past.
     */
    public State state() {
        return new State(counts, lastRank, lastValue);
    }

    /** Adds one copy of {@code v}. */
    public void add(double v) {
        double key = normalised(v, "value");
        int b = bucketOf(key);
        Bucket held = buckets.get(b);
        buckets.put(b, held == null ? new Bucket(new double[] {key}, new int[] {1}) : withOneMore(held, key));
        if (counts.length == 0) {
            counts = new int[BUCKETS];
        }
        counts[b]++;
        size++;
        lastRank = 0;
    }

    /** Removes one copy of {@code v}; the value must be held. */
    public void remove(double v) {
        double key = normalised(v, "value");
        int b = bucketOf(key);
        Bucket held = buckets.get(b);
        int at = held == null ? -1 : Arrays.binarySearch(held.values(), key);
        if (at < 0) {
            throw new IllegalArgumentException("value " + v + " is not held, so it cannot be removed");
        }
        Bucket rest = withOneLess(held, at);
        if (rest == null) {
            // An empty bucket leaves the store, so state shrinks with the window.
            buckets.remove(b);
        } else {
            buckets.put(b, rest);
        }
        counts[b]--;
        size--;
        lastRank = 0;
    }

    /** How many copies of {@code v} are held. */
    public int count(double v) {
        double key = normalised(v, "value");
        Bucket held = buckets.get(bucketOf(key));
        int at = held == null ? -1 : Arrays.binarySearch(held.values(), key);
        return at < 0 ? 0 : held.copies()[at];
    }

    /** Number of values held, counting duplicates. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Number of distinct values held; it reads every non-empty bucket, so it is not for the hot path. */
    public int distinctValues() {
        int distinct = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                distinct += heldBucket(b).values().length;
            }
        }
        return distinct;
    }

    /** Drops every value. */
    public void clear() {
        buckets.clear();
        Arrays.fill(counts, 0);
        size = 0;
        lastRank = 0;
    }

    /**
     * The nearest-rank quantile: the {@code ceil(q * n)}-th smallest value, with {@code q} read as
     * its shortest decimal form (0.95 is exactly 95/100, so binary rounding never moves the rank).
     */
    public double quantile(double q) {
        if (!(q > 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("q must be in (0, 1], got " + q);
        }
        if (isEmpty()) {
            throw new IllegalStateException("no values held, so there is no quantile");
        }
        return kthSmallest(nearestRank(q, size));
    }

    /** The {@code k}-th smallest value, counting duplicates, with {@code k} from 1 to size. */
    public double kthSmallest(int k) {
        if (k < 1 || k > size) {
            throw new IllegalArgumentException("k must be in [1, " + size + "], got " + k);
        }
        if (k != lastRank) {
            lastValue = findKthSmallest(k);
            lastRank = k;
        }
        return lastValue;
    }

    /** The 1-based nearest rank {@code ceil(q * n)}, computed in exact decimal arithmetic. */
    static int nearestRank(double q, int n) {
        return Math.max(1, Math.min(n, DecimalFraction.of(q).ceilTimes(n)));
    }

    /**
     * A quantile read as its shortest decimal form, {@code unscaled / 10^scale}; the last one asked
     * for is kept, since every evaluation asks for the same one and reading a double as decimal
     * (its shortest string) costs more than the rest of the percentile.
     */
    record DecimalFraction(double q, BigDecimal decimal, long unscaled, long denominator) {

        private static volatile DecimalFraction last = of(BigDecimal.valueOf(0.95), 0.95);

        static DecimalFraction of(double q) {
            DecimalFraction known = last;
            if (Double.doubleToRawLongBits(known.q) == Double.doubleToRawLongBits(q)) {
                return known;
            }
            DecimalFraction read = of(BigDecimal.valueOf(q), q);
            last = read;
            return read;
        }

        private static DecimalFraction of(BigDecimal decimal, double q) {
            // Long arithmetic where the fraction fits (0.95 is 95 / 100), else BigDecimal's.
            boolean fits = decimal.scale() >= 0 && decimal.scale() <= 18 && decimal.precision() <= 18;
            return fits
                    ? new DecimalFraction(q, decimal, decimal.unscaledValue().longValueExact(), pow10(decimal.scale()))
                    : new DecimalFraction(q, decimal, 0, 0);
        }

        /** {@code ceil(q * n)}, exactly. */
        int ceilTimes(int n) {
            if (denominator > 0 && n >= 0) {
                long high = Math.multiplyHigh(unscaled, n);
                long product = unscaled * n;
                if (high == 0 && product >= 0) {
                    return Math.toIntExact(-Math.floorDiv(-product, denominator));
                }
            }
            return decimal.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING).intValueExact();
        }

        private static long pow10(int exponent) {
            long p = 1;
            for (int i = 0; i < exponent; i++) {
                p *= 10;
            }
            return p;
        }
    }

    /** The bucket of a normalised value: ascending with the value, so buckets never overlap. */
    static int bucketOf(double v) {
        if (v < LOWEST) {
            return 0;
        }
        if (v >= HIGHEST) {
            return BUCKETS - 1;
        }
        // A positive double's bits rise with its value: the exponent counts octaves from LOWEST, and
        // the mantissa's top bits split each octave into equal parts.
        long steps = (Double.doubleToRawLongBits(v) - LOWEST_BITS) >>> (MANTISSA_BITS - SUB_BUCKET_BITS);
        return 1 + (int) steps;
    }

    private double findKthSmallest(int k) {
        int b = 0;
        int below = 0;
        while (below + counts[b] < k) {
            below += counts[b];
            b++;
        }
        Bucket held = heldBucket(b);
        int rank = k - below;
        for (int i = 0; i < held.values().length; i++) {
            rank -= held.copies()[i];
            if (rank <= 0) {
                return held.values()[i];
            }
        }
        throw new IllegalStateException("bucket " + b + " holds fewer values than its count " + counts[b]);
    }

    private Bucket heldBucket(int b) {
        Bucket held = buckets.get(b);
        if (held == null) {
            throw new IllegalStateException("bucket " + b + " counts " + counts[b] + " values but none is stored");
        }
        return held;
    }

    /** {@code held} with one more copy of {@code key}: counted up in place, or a new bucket for a new value. */
    private static Bucket withOneMore(Bucket held, double key) {
        double[] values = held.values();
        int at = Arrays.binarySearch(values, key);
        if (at >= 0) {
            held.copies()[at]++;
            return held;
        }
        int insert = -at - 1;
        int n = values.length;
        double[] moreValues = new double[n + 1];
        int[] moreCopies = new int[n + 1];
        System.arraycopy(values, 0, moreValues, 0, insert);
        System.arraycopy(held.copies(), 0, moreCopies, 0, insert);
        moreValues[insert] = key;
        moreCopies[insert] = 1;
        System.arraycopy(values, insert, moreValues, insert + 1, n - insert);
        System.arraycopy(held.copies(), insert, moreCopies, insert + 1, n - insert);
        return new Bucket(moreValues, moreCopies);
    }

    /** {@code held} with one copy fewer of its value at {@code at}, or null when nothing is left. */
    private static Bucket withOneLess(Bucket held, int at) {
        int[] copies = held.copies();
        if (copies[at] > 1) {
            copies[at]--;
            return held;
        }
        int n = copies.length;
        if (n == 1) {
            return null;
        }
        double[] fewerValues = new double[n - 1];
        int[] fewerCopies = new int[n - 1];
        System.arraycopy(held.values(), 0, fewerValues, 0, at);
        System.arraycopy(copies, 0, fewerCopies, 0, at);
        System.arraycopy(held.values(), at + 1, fewerValues, at, n - 1 - at);
        System.arraycopy(copies, at + 1, fewerCopies, at, n - 1 - at);
        return new Bucket(fewerValues, fewerCopies);
    }

    private static int[] checkedCounts(int[] counts) {
        if (counts == null || (counts.length != 0 && counts.length != BUCKETS)) {
            throw new IllegalArgumentException("state.counts must hold " + BUCKETS + " buckets, or none while empty, got "
                    + (counts == null ? "none" : counts.length));
        }
        return counts;
    }

    private static int total(int[] counts) {
        long total = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] < 0) {
                throw new IllegalArgumentException(
                        "state.counts must not be negative, got " + counts[b] + " in bucket " + b);
            }
            total += counts[b];
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "state.counts must add up to at most " + Integer.MAX_VALUE + ", got " + total);
        }
        return (int) total;
    }

    private static double normalised(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
        // -0.0 and 0.0 are one value: adding 0.0 turns -0.0 into 0.0.
        return v + 0.0;
    }
}
