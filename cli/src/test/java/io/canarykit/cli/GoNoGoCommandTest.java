package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GoNoGoCommandTest {

    private static final String CRITERION = "{\"name\":\"error_rate\",\"scope\":\"global\",\"value\":%s,\"op\":\"<\","
            + "\"threshold\":0.01,\"status\":\"%s\",\"pass\":%s,\"detail\":\"1 of 400 placed\"}";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void exitsZeroOnlyOnGo() throws Exception {
        assertThat(askSidecarAnswering(verdict("GO", true, "0.0025"))).isZero();
        assertThat(out.toString()).contains("error_rate").contains("0.002500").contains("verdict: GO");

        assertThat(askSidecarAnswering(verdict("NO-GO", false, "0.02"))).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL").contains("verdict: NO-GO");
    }

    @Test
    void exitsTwoWhenNoSidecarAnswers() {
        CommandLine kit = KitCommand.commandLine();
        kit.setErr(new PrintWriter(err, true));

        assertThat(kit.execute("go-no-go", "--url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot ask the sidecar");
    }

    private static String verdict(String verdict, boolean go, String value) {
        return "{\"verdict\":\"" + verdict + "\",\"go\":" + go + ",\"criteria\":["
                + String.format(CRITERION, value, go ? "pass" : "fail", go) + "]}";
    }

    private int askSidecarAnswering(String body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/kit/go-no-go", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            CommandLine kit = KitCommand.commandLine();
            kit.setOut(new PrintWriter(out, true));
            kit.setErr(new PrintWriter(err, true));
            return kit.execute("go-no-go", "--url", "http://127.0.0.1:" + server.getAddress().getPort());
        } finally {
            server.stop(0);
        }
    }
}
