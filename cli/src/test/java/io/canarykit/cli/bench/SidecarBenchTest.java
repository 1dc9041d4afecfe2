package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SidecarBenchTest {

    @Test
    void theSidecarRatioIsTheLowerOfTheTwoRoutesRatiosToTheBareRoute() {
        // bare 10,000 req/s, slo 8,000 (0.8), gates 6,500 (0.65): the goal of 0.7 fails on gates.
        assertThat(SidecarBench.lowerRatio(8_000, 6_500, 10_000)).isEqualTo(0.65);
        assertThat(SidecarBench.lowerRatio(9_000, 9_500, 10_000)).isEqualTo(0.9);
    }

    @Test
    void theSidecarRatioIsNotANumberWithoutABareRate() {
        assertThat(SidecarBench.lowerRatio(8_000, 6_500, 0)).isNaN();
    }

    @Test
    void theRotationAlternatesSloAndGatesOverEverySymbol() {
        List<URI> uris = SidecarBench.rotation("http://h:1", List.of("A", "B"));
        assertThat(uris).extracting(URI::toString).containsExactly(
                "http://h:1/api/kit/slo?symbol=A", "http://h:1/api/kit/gates?symbol=A",
                "http://h:1/api/kit/slo?symbol=B", "http://h:1/api/kit/gates?symbol=B");
    }

    @Test
    void readsTheRequestRateOfWrksReport() {
        String report = """
                Running 3s test @ http://127.0.0.1:46333/style.css
                  2 threads and 32 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency    25.01ms   10.01ms  96.22ms   70.00%
                    Req/Sec   641.50    120.00     0.98k    68.33%
                  3843 requests in 3.01s, 9.52MB read
                Requests/sec:   1275.60
                Transfer/sec:      3.16MB
                """;
        assertThat(Wrk.parseRequestsPerSecond(report)).contains(1275.60);
        assertThat(Wrk.parseRequestsPerSecond("unable to connect to 127.0.0.1:1 Connection refused")).isEmpty();
    }

    @Test
    void aQuarterOfAMillionFillsComeFromHalfAsManyOrders() {
        assertThat(ReportLedger.ordersFor(250_000)).isEqualTo(125_000);
        // An odd fill count leaves the last order with one fill.
        assertThat(ReportLedger.ordersFor(5)).isEqualTo(3);
    }

    @Test
    void heapIsReportedInBinaryMegabytes() {
        assertThat(HeapPeak.megabytes(3L * 1024 * 1024)).isEqualTo(3.0);
        assertThat(HeapPeak.megabytes(512 * 1024)).isEqualTo(0.5);
    }
}
