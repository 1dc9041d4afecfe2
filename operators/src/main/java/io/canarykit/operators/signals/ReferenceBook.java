package io.canarykit.operators.signals;

import io.canarykit.schema.ReferenceProfile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every version of every model's reference profile, each holding from its {@link CompiledProfile#since()}
 * until the next version of the same model: the profiles given at start, and those published on
 * {@code kit.reference} since. Versions are kept, not folded, so a symbol's drift window can be
 * read again under the version it was counted with; there are as many as profiles published.
 */
public final class ReferenceBook {

    private static final ReferenceBook EMPTY = new ReferenceBook(Map.of());

    // Per model, versions in ascending since; a version with the same since replaces the earlier one.
    private final Map<String, List<CompiledProfile>> versions;
    // The newest since of any version: from then on every model's newest version is in force, and
    // every evaluation asks for the profiles in force at a time nearly always past it.
    private long latestSince = Long.MIN_VALUE;
    private final InForce newest = this::newestOf;

    private ReferenceBook(Map<String, List<CompiledProfile>> versions) {
        this.versions = versions;
    }

    /** A book holding no profile. */
    public static ReferenceBook empty() {
        return EMPTY;
    }

    /** A book of {@code profiles}, each holding from its own {@code since}. */
    public static ReferenceBook of(Collection<CompiledProfile> profiles) {
        ReferenceBook book = new ReferenceBook(new HashMap<>());
        for (CompiledProfile p : profiles) {
            book.put(p);
        }
        return book;
    }

    /**
     * This book with {@code updates} added in their order, compiled; this book is not changed.
     * Throws on an update without {@code ts} or one that does not compile.
     */
    public ReferenceBook plus(List<ReferenceProfile> updates) {
        ReferenceBook book = new ReferenceBook(new HashMap<>());
        versions.forEach((model, list) -> book.versions.put(model, new ArrayList<>(list)));
        book.latestSince = latestSince;
        for (ReferenceProfile update : updates) {
            book.put(compileUpdate(update));
        }
        return book;
    }

    /** {@code update} checked and compiled as a version on {@code kit.reference}, which needs its {@code ts}. */
    public static CompiledProfile compileUpdate(ReferenceProfile update) {
        if (update == null) {
            throw new IllegalArgumentException("reference profile must not be null");
        }
        if (update.ts() == null) {
            throw new IllegalArgumentException("a reference profile on kit.reference needs its ts");
        }
        return CompiledProfile.of(update);
    }

    /** Each model's profile in force at one time. */
    @FunctionalInterface
    public interface InForce {
        /** The profile of {@code modelId}, or null when the model has none (or {@code modelId} is null). */
        CompiledProfile of(String modelId);
    }

    /** The profiles in force at {@code t}. */
    public InForce inForceAt(long t) {
        return t >= latestSince ? newest : modelId -> at(modelId, t);
    }

    private CompiledProfile newestOf(String modelId) {
        List<CompiledProfile> list = modelId == null ? null : versions.get(modelId);
        return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
    }

    /** The profile of {@code modelId} in force at {@code t}: its newest version with {@code since <= t}, or null. */
    public CompiledProfile at(String modelId, long t) {
        List<CompiledProfile> list = modelId == null ? null : versions.get(modelId);
        if (list == null) {
            return null;
        }
        int i = firstAfter(list, t);
        return i == 0 ? null : list.get(i - 1);
    }

    /** The version of {@code modelId} that holds from exactly {@code since}, or null when there is none. */
    public CompiledProfile version(String modelId, long since) {
        CompiledProfile p = at(modelId, since);
        return p != null && p.since() == since ? p : null;
    }

    private void put(CompiledProfile p) {
        List<CompiledProfile> list = versions.computeIfAbsent(p.modelId(), m -> new ArrayList<>());
        int i = firstAfter(list, p.since());
        if (i > 0 && list.get(i - 1).since() == p.since()) {
            list.set(i - 1, p);
        } else {
            list.add(i, p);
        }
        latestSince = Math.max(latestSince, p.since());
    }

    /** The index of the first version with {@code since > t}. */
    private static int firstAfter(List<CompiledProfile> list, long t) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (list.get(m).since() <= t) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }
}
