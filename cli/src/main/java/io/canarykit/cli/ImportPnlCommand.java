package io.canarykit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kit import-pnl FILE}: loads a paper run's daily P&L into the sidecar's ledger, for Go/No-Go's Sharpe. */
@Command(
        name = "import-pnl",
        mixinStandardHelpOptions = true,
        header = "Import a paper run's daily-pnl.csv (from kit replay) into the sidecar's ledger, audited.",
        description = {
            "Posts FILE to POST /api/kit/pnl/paper. The sidecar checks every line, imports the completed days as "
                    + "paper days (a later import of a day replaces it) and writes an audit entry with the file's "
                    + "sha256; Go/No-Go's sharpe_rolling_20d then uses them where the ledger has no live day. "
                    + "Exit codes: 0 imported, 1 refused (nothing imported), 2 the sidecar could not be asked."
        })
public final class ImportPnlCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A daily-pnl.csv written by kit replay.")
    private Path file;

    @Option(names = "--url", description = "The sidecar (default: ${DEFAULT-VALUE}).", defaultValue = "http://localhost:8000")
    private String url;

    @Option(names = "--source", description = "Where the days come from, kept with them (default: the file's path).")
    private String source;

    @Option(names = "--token", description = "The sidecar's admin token (default: $KIT_ADMIN_TOKEN).",
            defaultValue = "${env:KIT_ADMIN_TOKEN}")
    private String token;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        String csv;
        try {
            csv = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("kit import-pnl: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        String from = source == null || source.isBlank() ? file.toString() : source;
        SidecarClient.Answer answer;
        try {
            answer = new SidecarClient(url, token, "kit-import-pnl").post(
                    "/api/kit/pnl/paper?source=" + URLEncoder.encode(from, StandardCharsets.UTF_8),
                    "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        } catch (SidecarClient.Unreachable e) {
            err.println("kit import-pnl: " + e.getMessage());
            return 2;
        }
        if (!answer.ok()) {
            err.println("kit import-pnl: the sidecar answered " + answer.status() + ": " + answer.message());
            return answer.status() >= 500 ? 2 : 1;
        }
        JsonNode body = answer.body();
        out.printf("imported %d paper days, %s to %s, from %s (import %s)%n", body.path("days").asInt(),
                body.path("first_day").asText(), body.path("last_day").asText(), body.path("source").asText(),
                body.path("import_id").asText());
        for (JsonNode day : body.path("left_out_incomplete")) {
            out.println("left out " + day.asText() + ": the run ended during it, so its figures are not final");
        }
        return 0;
    }
}
