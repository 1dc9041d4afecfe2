package io.canarykit.cli;

import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.audit.ChainCheck;
import io.canarykit.admin.audit.LedgerBackup;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kit verify-audit-chain}: checks every link of the audit log's hash chain. */
@Command(
        name = "verify-audit-chain",
        mixinStandardHelpOptions = true,
        header = "Check the audit log's hash chain: exit 0 with the count, or name the first bad entry.",
        description = {
            "Recomputes hash = sha256(prev_hash + canonical entry) for every entry in sequence order and checks "
                    + "that each prev_hash is the hash before it, so an edited, deleted or reordered row is named. "
                    + "Exit codes: 0 intact, 1 broken, 2 the database cannot be read."
        })
public final class VerifyAuditChainCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "PATH|URL", description = "The database (default: KIT_DB_URL, else ./data/kit.db).")
    private String db;

    @Mixin
    private ConfigOptions settings;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String url = LedgerLocation.url(db, settings);
        ChainCheck check;
        try (Connection connection = LedgerBackup.openExisting(url)) {
            check = AuditLog.verify(connection);
        } catch (RuntimeException | java.sql.SQLException e) {
            spec.commandLine().getErr().println("kit verify-audit-chain: cannot read " + url + ": " + e.getMessage());
            return 2;
        }
        if (check.intact()) {
            spec.commandLine().getOut().println(check.describe());
            return 0;
        }
        spec.commandLine().getErr().println(check.describe());
        return 1;
    }
}
