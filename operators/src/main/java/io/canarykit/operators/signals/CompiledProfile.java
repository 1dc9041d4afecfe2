package io.canarykit.operators.signals;

import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.ReferenceProfile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A reference profile checked and prepared once, shared by every drift and missing-features
 * monitor of its model on every symbol: its features in ascending name order, copied bins and
 * expected shares floored at {@link PsiMonitor#SHARE_FLOOR}, the time it holds from, and a key of
 * its bins, so that a window counted under one version can tell whether another bins alike.
 */
public final class CompiledProfile {

    /** The {@link #since()} of a profile given at start: it holds from the start. */
    public static final long FROM_START = Long.MIN_VALUE;

    private static final String SAMPLES_KEY_PREFIX = "psi.";

    private final String modelId;
    private final long since;
    private final long binsKey;
    private final String[] featureNames;
    private final List<String> features;
    private final FeatureBins[] bins;
    private final double[][] flooredExpected;
    private final String[] samplesKeys;

    private CompiledProfile(String modelId, long since, String[] featureNames, FeatureBins[] bins) {
        this.modelId = modelId;
        this.since = since;
        this.binsKey = binsKey(featureNames, bins);
        this.featureNames = featureNames;
        this.features = List.of(featureNames);
        this.bins = bins;
        this.flooredExpected = new double[bins.length][];
        this.samplesKeys = new String[featureNames.length];
        for (int i = 0; i < bins.length; i++) {
            flooredExpected[i] = floored(bins[i].expected());
            samplesKeys[i] = SAMPLES_KEY_PREFIX + featureNames[i];
        }
    }

    /** {@code profile} after checking it is well formed; it shares no array with {@code profile}. */
    public static CompiledProfile of(ReferenceProfile profile) {
        String[] names = Profiles.sortedFeatureNames(profile);
        FeatureBins[] bins = new FeatureBins[names.length];
        for (int i = 0; i < names.length; i++) {
            FeatureBins b = profile.features().get(names[i]);
            requireBins(names[i], b);
            // A copy, so a caller changing the profile's arrays cannot change counted bins.
            bins[i] = new FeatureBins(b.edges().clone(), b.expected().clone());
        }
        return new CompiledProfile(profile.modelId(), profile.ts() == null ? FROM_START : profile.ts(), names, bins);
    }

    public String modelId() {
        return modelId;
    }

    /** From when this profile holds: its record's {@code ts}, or {@link #FROM_START}. */
    public long since() {
        return since;
    }

    /**
     * A 64-bit digest of the feature names and edges, not the expected shares: two profiles with
     * the same key put every value in the same bin, so counts kept under one are valid under the other.
     */
    public long binsKey() {
        return binsKey;
    }

    /** The reference's features, in ascending order. */
    public List<String> features() {
        return features;
    }

    public int featureCount() {
        return featureNames.length;
    }

    /**
     * The key of feature {@code i}'s finite-value count in a KPI record's samples, {@code psi.<name>},
     * made here so that no evaluation builds and hashes a new string.
     */
    public String samplesKey(int i) {
        return samplesKeys[i];
    }

    /**
     * Each feature's value in {@code values}, in ascending name order, NaN where it is absent, null or
     * not finite: the monitors of one model read a vector's map once, and then only index arrays.
     */
    public double[] valuesOf(Map<String, Double> values) {
        double[] out = new double[featureNames.length];
        for (int i = 0; i < out.length; i++) {
            Double v = values == null ? null : values.get(featureNames[i]);
            out[i] = v == null || !Double.isFinite(v) ? Double.NaN : v;
        }
        return out;
    }

    /** Throws unless {@code values} could be what {@link #valuesOf} read for this profile. */
    void requireValues(double[] values) {
        if (values == null || values.length != featureNames.length) {
            throw new IllegalArgumentException("values must hold the " + featureNames.length
                    + " features of the reference of " + modelId);
        }
    }

    /** The index of {@code feature} in ascending name order; throws when the reference lacks it. */
    int indexOf(String feature) {
        int i = feature == null ? -1 : Arrays.binarySearch(featureNames, feature);
        if (i < 0) {
            throw new IllegalArgumentException("feature '" + feature + "' is not in the reference of " + modelId);
        }
        return i;
    }

    String featureName(int i) {
        return featureNames[i];
    }

    FeatureBins bins(int i) {
        return bins[i];
    }

    double[] flooredExpected(int i) {
        return flooredExpected[i];
    }

    private static long binsKey(String[] names, FeatureBins[] bins) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer edge = ByteBuffer.allocate(Long.BYTES);
            for (int i = 0; i < names.length; i++) {
                byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
                // Lengths before contents, so no two different lists run together into the same bytes.
                sha.update(edge.clear().putLong(name.length).array());
                sha.update(name);
                sha.update(edge.clear().putLong(bins[i].edges().length).array());
                for (double e : bins[i].edges()) {
                    sha.update(edge.clear().putLong(Double.doubleToLongBits(e == 0.0 ? 0.0 : e)).array());
                }
            }
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static double[] floored(double[] expected) {
        double[] out = new double[expected.length];
        for (int b = 0; b < expected.length; b++) {
            out[b] = Math.max(expected[b], PsiMonitor.SHARE_FLOOR);
        }
        return out;
    }

    /** Input has passed the stricter {@link FeatureBins#flaw()}; a profile built in code may not have. */
    private static void requireBins(String name, FeatureBins b) {
        b.countingFlaw().ifPresent(flaw -> {
            throw new IllegalArgumentException("feature '" + name + "': " + flaw);
        });
    }
}
