package io.canarykit.cli;

import io.canarykit.cli.cluster.ClusterCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
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
            ReferenceCommand.class,
            BenchCommand.class,
            ConfigCommand.class,
            SidecarCommand.class,
            VerifyAuditChainCommand.class,
            BackupDbCommand.class,
            GoNoGoCommand.class,
            ImportPnlCommand.class,
            ClusterCommand.class,
            CommandLine.HelpCommand.class})
public final class KitCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine kit = commandLine();
        int code = kit.execute(args);
        flush(kit);
        System.exit(code);
    }

    /**
     * Flushes the writers every command prints to: they flush on {@code println} only, and
     * {@code System.exit} does not flush them, so output that ends in {@code print} would be lost.
     */
    static void flush(CommandLine kit) {
        kit.getOut().flush();
        kit.getErr().flush();
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        // Help fills a wide terminal, so paths and settings stay whole; 80 columns when it cannot tell.
        // One pair of writers, set on the root so every subcommand shares it and main can flush it.
        return new CommandLine(new KitCommand())
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true))
                .setErr(new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true))
                .setUsageHelpAutoWidth(true)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new FriendlyErrors());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
