package io.canarykit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kit demo}: the whole system on this machine; it says plainly that it is not built yet. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "Run all of Canary Kit on this machine (not built yet).",
        description = {
            "Runs all of Canary Kit on this machine: an embedded Kafka broker, the gating job on a local",
            "Flink mini-cluster, the admin sidecar on :8000 with its live page, and a desk simulator that",
            "obeys the gate decisions.",
            "",
            "Not built yet: this release has the topic records, the signal maths and the configuration."
        })
public final class DemoCommand implements Callable<Integer> {

    /** Exit code for a command that exists in the plan but not yet in this build. */
    static final int NOT_BUILT = 3;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("kit demo will start, on this machine:");
        out.println("  - an embedded Apache Kafka broker (KRaft) with the kit.* topics");
        out.println("  - the gating job on a local Flink mini-cluster, with its web UI and Prometheus metrics");
        out.println("  - the admin sidecar on http://localhost:8000 (/api/kit and the live page)");
        out.println("  - a simulator for BTCUSDT, ETHUSDT and SOLUSDT that trades only when its gates allow");
        out.println();
        out.println("It is not built yet. What works today: ./kit test runs the signal maths and codec tests,");
        out.println("and ./kit --help lists the commands that exist.");
        return NOT_BUILT;
    }
}
