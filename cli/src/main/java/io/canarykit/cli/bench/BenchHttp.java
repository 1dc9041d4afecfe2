package io.canarykit.cli.bench;

import java.net.http.HttpClient;
import java.time.Duration;

/** The HTTP client the sidecar sections ask with. */
final class BenchHttp {

    private BenchHttp() {}

    /**
     * HTTP/1.1, as the runbook's curl and the dashboards speak it: the default HTTP/2 would offer an
     * h2c upgrade on every new connection, a cost of the client's, not the sidecar's.
     */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
