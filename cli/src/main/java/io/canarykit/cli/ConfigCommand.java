package io.canarykit.cli;

import io.canarykit.config.ConfigException;
import io.canarykit.config.KitConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kit config}: the effective settings, or every problem with them. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        header = "Show the effective settings, or every problem with them.",
        description = {
            "Prints every setting as a .env file (the admin token hidden), then the runbook's initial "
                    + "live limits that the settings break. Exits 2 when a setting is invalid."
        })
public final class ConfigCommand implements Callable<Integer> {

    static final int INVALID = 2;

    @Mixin
    private ConfigOptions config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        KitConfig effective;
        try {
            effective = config.load();
        } catch (ConfigException e) {
            err.println("kit config: the settings are invalid:");
            e.problems().forEach(p -> err.println("  - " + p));
            return INVALID;
        }
        out.print(effective.describe());
        var breaches = effective.initialLiveLimitBreaches();
        if (!breaches.isEmpty()) {
            out.println();
            out.println("# Outside the runbook's initial live limits (a failure in PROFILE=live):");
            breaches.forEach(b -> out.println("#   " + b));
        }
        return 0;
    }
}
