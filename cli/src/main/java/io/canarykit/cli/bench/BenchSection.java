package io.canarykit.cli.bench;

import java.util.List;

/** One part of {@code kit bench}: the figures it reports and how it measures them. */
public interface BenchSection {

    /** The name {@code --only} selects it by, e.g. {@code throughput}. */
    String name();

    /** Every figure it reports, in the table's order. */
    List<FigureSpec> figures();

    /**
     * Measures its figures into {@code out}. A figure it cannot measure gets a reason instead; if it
     * throws, every figure it did not measure gets the exception as its reason.
     */
    void run(BenchContext ctx, Measurements out) throws Exception;
}
