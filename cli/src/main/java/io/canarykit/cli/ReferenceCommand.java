package io.canarykit.cli;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.ReferenceProfiles;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.JsonCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kit reference}: models' reference profiles on {@code kit.reference}. */
@Command(
        name = "reference",
        mixinStandardHelpOptions = true,
        header = "Publish models' reference profiles while the job runs.",
        subcommands = {ReferenceCommand.Publish.class, CommandLine.HelpCommand.class})
public final class ReferenceCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code kit reference publish FILE}: each profile of the file, through the sidecar's audited route. */
    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            header = "Send the file's reference profiles to the job through the sidecar, audited.",
            description = {
                "Reads FILE (a JSON profile, a JSONL file of profiles or a directory of them), checks every "
                        + "profile first, then sends each with POST /api/kit/reference, bearer KIT_ADMIN_TOKEN. "
                        + "The sidecar stamps each with its own clock: a profile holds from when it is published, "
                        + "so a ts in the file is not sent. Exit codes: 0 all published, 1 the sidecar refused "
                        + "one (those before it are published), 2 the file is invalid or the sidecar could not be asked."
            })
    public static final class Publish implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "Reference profiles: a JSON file, a JSONL file or a directory.")
        private Path file;

        @Option(names = "--url", description = "The sidecar (default: ${DEFAULT-VALUE}).",
                defaultValue = "http://localhost:8000")
        private String url;

        @Option(names = "--actor", description = "Who publishes, for the audit log (X-Kit-Actor).")
        private String actor;

        @Mixin
        private ConfigOptions config;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<ReferenceProfile> profiles;
            KitConfig kit;
            try {
                kit = config.load();
                profiles = ReferenceProfiles.read(List.of(file));
            } catch (Exception e) {
                err.println("kit reference publish: " + e.getMessage());
                return 2;
            }
            if (profiles.isEmpty()) {
                err.println("kit reference publish: no reference profile in " + file);
                return 2;
            }
            SidecarClient sidecar = new SidecarClient(url, kit.kitAdminToken(), actor);
            for (ReferenceProfile p : profiles) {
                if (p.ts() != null) {
                    out.println("note: the ts of " + p.modelId() + " in the file is not sent; it holds from now");
                }
                try {
                    SidecarClient.Answer answer = sidecar.post("/api/kit/reference", "application/json",
                            JsonCodec.encode(new ReferenceProfile(p.modelId(), p.features())), Duration.ofSeconds(15));
                    if (!answer.ok()) {
                        err.println("kit reference publish: the sidecar refused the profile of " + p.modelId() + " ("
                                + answer.status() + " " + answer.body().path("error").asText() + "): "
                                + answer.message());
                        return 1;
                    }
                    out.println("published " + p.modelId() + ", holding from ts " + answer.body().path("ts").asLong());
                } catch (SidecarClient.Unreachable e) {
                    err.println("kit reference publish: " + e.getMessage());
                    return 2;
                }
            }
            return 0;
        }
    }
}
