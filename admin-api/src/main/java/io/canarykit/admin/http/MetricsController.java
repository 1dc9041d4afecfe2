package io.canarykit.admin.http;

import io.canarykit.admin.metrics.SidecarMetrics;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Serves the sidecar's own Prometheus metrics in the text exposition format. */
final class MetricsController {

    private final SidecarMetrics metrics;
    private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();

    MetricsController(SidecarMetrics metrics) {
        this.metrics = metrics;
    }

    void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        format.write(body, metrics.scrape());
        ctx.contentType(format.getContentType());
        ctx.result(body.toByteArray());
    }
}
