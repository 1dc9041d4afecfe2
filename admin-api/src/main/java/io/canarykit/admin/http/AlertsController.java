package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.alerts.PrometheusAlerts;
import io.canarykit.admin.alerts.PrometheusUnavailableException;
import io.canarykit.admin.json.ApiJson;
import io.javalin.http.Context;
import java.util.List;

/** The alerts firing now, as the Prometheus at {@code PROMETHEUS_URL} evaluates the project's rules. */
final class AlertsController {

    private final PrometheusAlerts alerts;

    AlertsController(PrometheusAlerts alerts) {
        this.alerts = alerts;
    }

    void firing(Context ctx) {
        ObjectNode body = ApiJson.object();
        if (alerts == null) {
            body.put("configured", false);
            body.putNull("source");
            body.put("critical", 0);
            body.putArray("alerts");
            body.put("detail", "PROMETHEUS_URL is unset: nothing evaluates the alert rules");
            ctx.json(body);
            return;
        }
        List<PrometheusAlerts.Alert> firing;
        try {
            firing = alerts.firing();
        } catch (PrometheusUnavailableException e) {
            throw ApiError.unavailable("prometheus_unavailable", e.getMessage());
        }
        body.put("configured", true);
        body.put("source", alerts.url());
        body.put("critical", firing.stream().filter(a -> PrometheusAlerts.CRITICAL.equals(a.severity())).count());
        ArrayNode list = body.putArray("alerts");
        for (PrometheusAlerts.Alert a : firing) {
            ObjectNode o = list.addObject();
            o.put("alertname", a.name());
            o.put("severity", a.severity());
            o.put("symbol", a.symbol());
            o.put("summary", a.summary());
            o.put("active_since", a.activeAt());
            ObjectNode labels = o.putObject("labels");
            a.labels().forEach(labels::put);
        }
        ctx.json(body);
    }
}
