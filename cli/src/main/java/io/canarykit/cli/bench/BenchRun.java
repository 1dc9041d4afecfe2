package io.canarykit.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs the chosen sections one after the other and gathers what they measured. */
public final class BenchRun {

    private final List<BenchSection> sections;

    public BenchRun(List<BenchSection> sections) {
        this.sections = List.copyOf(sections);
    }

    /** Every figure of every section, in order. */
    public List<FigureSpec> figures() {
        List<FigureSpec> all = new ArrayList<>();
        sections.forEach(s -> all.addAll(s.figures()));
        return all;
    }

    /**
     * Runs the sections named in {@code only} (all when it is empty); the others' figures are
     * missing with the reason that they were not asked for.
     */
    public Measurements run(BenchContext ctx, Set<String> only) {
        Measurements out = new Measurements();
        for (BenchSection section : sections) {
            if (!only.isEmpty() && !only.contains(section.name())) {
                section.figures().forEach(f -> out.missing(f.key(), "not run: --only leaves out " + section.name()));
                continue;
            }
            ctx.progress(section.name(), "starting");
            long start = System.nanoTime();
            try {
                section.run(ctx, out);
            } catch (Exception | LinkageError e) {
                String reason = section.name() + " failed: " + e;
                section.figures().forEach(f -> out.missing(f.key(), reason));
                ctx.progress(section.name(), "failed: %s", e);
            }
            section.figures().forEach(f -> out.missing(f.key(), section.name() + " did not measure it"));
            ctx.progress(section.name(), "done in %.1f s", (System.nanoTime() - start) / 1e9);
        }
        return out;
    }

    /** The names {@code --only} accepts. */
    public List<String> names() {
        return sections.stream().map(BenchSection::name).toList();
    }
}
