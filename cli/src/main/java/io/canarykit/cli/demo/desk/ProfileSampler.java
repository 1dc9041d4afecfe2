package io.canarykit.cli.demo.desk;

import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.ReferenceProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Draws feature vectors whose bin shares follow a reference profile: a bin by its expected share,
 * then a value inside it (uniform between its edges; an exponential tail beyond the outer edges).
 */
public final class ProfileSampler {

    private final ReferenceProfile profile;

    public ProfileSampler(ReferenceProfile profile) {
        if (profile == null || profile.features() == null || profile.features().isEmpty()) {
            throw new IllegalArgumentException("profile must have at least one feature, got " + profile);
        }
        this.profile = profile;
    }

    /** The model the profile describes. */
    public String modelId() {
        return profile.modelId();
    }

    /**
     * One value per feature; {@code shift} moves each draw that many bins up (0 draws the
     * profile itself), and {@code missingProbability} sends a value as null.
     */
    public Map<String, Double> draw(Random random, int shift, double missingProbability) {
        return draw(random, null, shift, missingProbability);
    }

    /**
     * Like {@link #draw(Random, int, double)}, but only {@code feature} is drawn {@code shift} bins
     * up (every feature when it is null).
     */
    public Map<String, Double> draw(Random random, String feature, int shift, double missingProbability) {
        if (feature != null && !profile.features().containsKey(feature)) {
            throw new IllegalArgumentException("feature must be one of " + profile.features().keySet() + ", got " + feature);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (var entry : profile.features().entrySet()) {
            if (random.nextDouble() < missingProbability) {
                values.put(entry.getKey(), null);
            } else {
                boolean shifted = feature == null || entry.getKey().equals(feature);
                values.put(entry.getKey(), draw(entry.getValue(), random, shifted ? shift : 0));
            }
        }
        return values;
    }

    static double draw(FeatureBins bins, Random random, int shift) {
        int k = bins.binCount();
        int bin = Math.min(k - 1, Math.max(0, pickBin(bins.expected(), random) + shift));
        double[] edges = bins.edges();
        if (edges.length == 0) {
            return random.nextGaussian();
        }
        double width = edges.length > 1 ? (edges[edges.length - 1] - edges[0]) / (edges.length - 1) : 1.0;
        if (bin == 0) {
            return edges[0] - exponential(random, width);
        }
        if (bin == k - 1) {
            return edges[edges.length - 1] + exponential(random, width);
        }
        return edges[bin - 1] + random.nextDouble() * (edges[bin] - edges[bin - 1]);
    }

    private static int pickBin(double[] expected, Random random) {
        double total = 0;
        for (double p : expected) {
            total += p;
        }
        double roll = random.nextDouble() * total;
        for (int i = 0; i < expected.length; i++) {
            roll -= expected[i];
            if (roll < 0) {
                return i;
            }
        }
        return expected.length - 1;
    }

    // Strictly positive, so a tail value never lands on the edge, which belongs to the inner bin.
    private static double exponential(Random random, double mean) {
        return -Math.log(1 - random.nextDouble()) * mean + 1e-9;
    }
}
