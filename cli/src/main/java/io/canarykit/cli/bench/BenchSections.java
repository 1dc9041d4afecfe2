package io.canarykit.cli.bench;

import java.util.List;

/** The sections of {@code kit bench}, in the order they run. */
public final class BenchSections {

    private BenchSections() {}

    public static List<BenchSection> all() {
        return List.of(
                new ThroughputBench(),
                new LatencyBench(),
                new KillSwitchBench(),
                new SidecarBench(),
                new RehydrateBench(),
                new ReportBench(),
                new AccountLoadBench());
    }
}
