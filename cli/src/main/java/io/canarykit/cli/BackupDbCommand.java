package io.canarykit.cli;

import io.canarykit.admin.audit.LedgerBackup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kit backup-db}: a consistent online backup of the sidecar's database, checked. */
@Command(
        name = "backup-db",
        mixinStandardHelpOptions = true,
        header = "Take a consistent online backup of the sidecar's database, check it, print its path and sha256.",
        description = {
            "Copies one consistent snapshot (SQLite VACUUM INTO) while the sidecar keeps writing, then runs "
                    + "PRAGMA integrity_check and the audit-chain check on the copy. Exit 0 only when both pass."
        })
public final class BackupDbCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "PATH|URL", description = "The database (default: KIT_DB_URL, else ./data/kit.db).")
    private String db;

    @Option(names = "--out", paramLabel = "PATH", description = "Where to write the copy (default: data/backups/kit-<UTC time>.db).")
    private Path out;

    @Mixin
    private ConfigOptions settings;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String url = LedgerLocation.url(db, settings);
        Path target = out != null ? out : LedgerBackup.defaultPath(url, Instant.now());
        LedgerBackup.Result result = LedgerBackup.backup(url, target);
        var printer = spec.commandLine().getOut();
        printer.println("backup: " + result.path());
        printer.println("sha256: " + result.sha256());
        printer.println("bytes: " + result.bytes());
        printer.println("integrity_check: ok");
        printer.println(result.chain().describe());
        return result.chain().intact() ? 0 : 1;
    }
}
