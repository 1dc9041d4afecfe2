package io.canarykit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kit go-no-go}: asks a running sidecar for the runbook's T+48h verdict. */
@Command(
        name = "go-no-go",
        mixinStandardHelpOptions = true,
        header = "Print the runbook's T+48h Go/No-Go verdict from a running sidecar; exit 0 only on GO.",
        description = {
            "Asks GET /api/kit/go-no-go and prints every criterion with its value, threshold and window. "
                    + "Exit codes: 0 GO, 1 NO-GO, 2 the sidecar could not be asked."
        })
public final class GoNoGoCommand implements Callable<Integer> {

    @Option(names = "--url", description = "The sidecar (default: ${DEFAULT-VALUE}).", defaultValue = "http://localhost:8000")
    private String url;

    // Passed on as typed: the sidecar is the one place that reads it, and names it when it is refused.
    @Option(names = "--hours", description = "Evidence window in hours, above 0 and at most 2160 (default: ${DEFAULT-VALUE}).",
            defaultValue = "48")
    private String hours;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        JsonNode verdict;
        try {
            SidecarClient.Answer answer = new SidecarClient(url, null, null).get(
                    "/api/kit/go-no-go?hours=" + URLEncoder.encode(hours, StandardCharsets.UTF_8), Duration.ofSeconds(10));
            if (!answer.ok()) {
                err.println("kit go-no-go: the sidecar answered " + answer.status() + ": " + answer.message());
                return 2;
            }
            verdict = answer.body();
        } catch (SidecarClient.Unreachable e) {
            err.println("kit go-no-go: " + e.getMessage());
            return 2;
        }
        for (JsonNode c : verdict.path("criteria")) {
            String value = c.path("value").isNumber()
                    ? String.format(Locale.ROOT, "%.4g", c.path("value").asDouble()) : "n/a";
            out.printf(Locale.ROOT, "%-4s  %-20s %-9s %10s %s %s  %s%n", c.path("pass").asBoolean() ? "ok" : "FAIL",
                    c.path("name").asText(), c.path("scope").asText(), value, c.path("op").asText(),
                    c.path("threshold").asText(), c.path("detail").asText());
        }
        out.println("verdict: " + verdict.path("verdict").asText("unknown"));
        return verdict.path("go").asBoolean(false) ? 0 : 1;
    }
}
