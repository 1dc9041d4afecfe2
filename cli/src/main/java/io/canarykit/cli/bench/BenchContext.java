package io.canarykit.cli.bench;

import io.canarykit.config.KitConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What every bench section runs with: its settings, where progress goes, a scratch directory, and a
 * register of what it started, closed at the end of the run, Ctrl-C included.
 *
 * @param quick fewer rounds, probes and trials, for a run of a few minutes
 * @param parallelism the job's parallelism
 * @param symbols how many symbols the generated input trades, or null for each section's own default
 * @param rate the input rate of the latency run, in events per second
 * @param probes the latency section's measured probes, or null for its own (250; 40 with quick)
 */
public final class BenchContext implements AutoCloseable {

    /** The symbols a section trades when {@code --symbols} is not given and it has no default of its own. */
    public static final int DEFAULT_SYMBOLS = 100;

    private final KitConfig kit;
    private final boolean quick;
    private final int parallelism;
    private final Integer symbols;
    private final double rate;
    private final Integer probes;
    private final long seed;
    private final Path scratch;
    private final PrintStream progress;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    public BenchContext(KitConfig kit, boolean quick, int parallelism, Integer symbols, double rate, Integer probes,
            long seed, Path scratch, PrintStream progress) {
        this.kit = kit;
        this.quick = quick;
        this.parallelism = parallelism;
        this.symbols = symbols;
        this.rate = rate;
        this.probes = probes;
        this.seed = seed;
        this.scratch = scratch;
        this.progress = progress;
    }

    public KitConfig kit() {
        return kit;
    }

    public boolean quick() {
        return quick;
    }

    public int parallelism() {
        return parallelism;
    }

    public int symbols() {
        return symbolsOr(DEFAULT_SYMBOLS);
    }

    /** The symbols asked for, or {@code sectionDefault} when none were. */
    public int symbolsOr(int sectionDefault) {
        return symbols == null ? sectionDefault : symbols;
    }

    public double rate() {
        return rate;
    }

    /** The latency probes asked for, or {@code sectionDefault} when none were. */
    public int probesOr(int sectionDefault) {
        return probes == null ? sectionDefault : probes;
    }

    /** The seed every generated input starts from, so runs compare like with like. */
    public long seed() {
        return seed;
    }

    /** A directory of the run's own, deleted with it. */
    public Path scratch() {
        return scratch;
    }

    /** One line of progress on stderr, prefixed with the section's name. */
    public void progress(String section, String format, Object... args) {
        progress.printf("bench %s: %s%n", section, String.format(java.util.Locale.ROOT, format, args));
        progress.flush();
    }

    /** Registers {@code resource} to be closed when the run ends, last started first. */
    public synchronized <T extends AutoCloseable> T closeAtEnd(T resource) {
        started.push(resource);
        return resource;
    }

    /** Closes everything registered, newest first; a failure to close one does not keep the rest open. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                progress.printf("bench: could not stop %s: %s%n", resource, e);
            }
        }
    }
}
