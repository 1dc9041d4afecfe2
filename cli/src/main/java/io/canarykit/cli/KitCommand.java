package io.canarykit.cli;

import io.canarykit.cli.cluster.ClusterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kit} command: the entry point of every Canary Kit tool. */
@Command(
        name = "kit",
        mixinStandardHelpOptions = true,
        versionProvider = KitVersion.class,
        description = "Canary Kit: watch a challenger model go live beside the champion, and stop it when it misbehaves.",
        subcommands = {
            DemoCommand.class,
            ReplayCommand.class,
            BenchCommand.class,
            ConfigCommand.class,
            SidecarCommand.class,
            VerifyAuditChainCommand.class,
            BackupDbCommand.class,
            GoNoGoCommand.class,
            ClusterCommand.class,
            CommandLine.HelpCommand.class})
public final class KitCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        // Help fills a wide terminal, so paths and settings stay whole; 80 columns when it cannot tell.
        return new CommandLine(new KitCommand())
                .setUsageHelpAutoWidth(true)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new FriendlyErrors());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
