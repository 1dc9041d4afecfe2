package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportPnlCommandTest {

    private static final String CSV = "day,pnl,start_of_day_equity\n2025-11-01,200,100000\n";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<String> query = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @Test
    void postsTheFileWithItsSourceAndTokenAndExitsZeroWhenImported() throws Exception {
        Path file = Files.writeString(dir.resolve("daily-pnl.csv"), CSV);
        int code = importAnswering(200, "{\"ok\":true,\"days\":1,\"first_day\":\"2025-11-01\",\"last_day\":\"2025-11-01\","
                + "\"source\":\"paper-nov\",\"import_id\":\"i-1\",\"left_out_incomplete\":[\"2025-11-02\"]}",
                file.toString(), "--source", "paper-nov", "--token", "t0ken");

        assertThat(code).isZero();
        assertThat(body.get()).isEqualTo(CSV);
        assertThat(query.get()).isEqualTo("source=paper-nov");
        assertThat(authorization.get()).isEqualTo("Bearer t0ken");
        assertThat(out.toString()).contains("imported 1 paper days, 2025-11-01 to 2025-11-01, from paper-nov")
                .contains("left out 2025-11-02");
    }

    @Test
    void exitsOneWhenTheSidecarRefusesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), "day,pnl\n");
        int code = importAnswering(400, "{\"ok\":false,\"error\":\"invalid_daily_pnl\",\"message\":\"the header has no"
                + " 'start_of_day_equity' column\"}", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("400").contains("start_of_day_equity");
    }

    @Test
    void exitsOneWhenTheFileCannotBeReadAndTwoWhenNoSidecarAnswers() throws Exception {
        CommandLine kit = KitCommand.commandLine();
        kit.setErr(new PrintWriter(err, true));
        assertThat(kit.execute("import-pnl", dir.resolve("missing.csv").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read");

        Path file = Files.writeString(dir.resolve("daily-pnl.csv"), CSV);
        assertThat(kit.execute("import-pnl", file.toString(), "--url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot ask the sidecar");
    }

    private int importAnswering(int status, String answer, String... args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/kit/pnl/paper", exchange -> {
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            query.set(exchange.getRequestURI().getRawQuery());
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            CommandLine kit = KitCommand.commandLine();
            kit.setOut(new PrintWriter(out, true));
            kit.setErr(new PrintWriter(err, true));
            String[] all = new String[args.length + 3];
            all[0] = "import-pnl";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--url";
            all[args.length + 2] = "http://127.0.0.1:" + server.getAddress().getPort();
            return kit.execute(all);
        } finally {
            server.stop(0);
        }
    }
}
