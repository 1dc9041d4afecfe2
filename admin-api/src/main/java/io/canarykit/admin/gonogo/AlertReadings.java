package io.canarykit.admin.gonogo;

import io.canarykit.admin.alerts.PrometheusAlerts;
import io.canarykit.admin.alerts.PrometheusUnavailableException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Go/No-Go reads from Prometheus, all at once: the alerts firing now and whether each alert it
 * judges fired in the last hour; or, without Prometheus, why not.
 *
 * @param source the Prometheus read, or null
 * @param firing the alerts firing now, or null when they could not be read
 * @param firedLastHour per alert name, whether it fired in the last hour; empty when not read
 * @param unavailable why Prometheus could not be read, or null
 */
record AlertReadings(String source, List<PrometheusAlerts.Alert> firing, Map<String, Boolean> firedLastHour,
        String unavailable) {

    static final String NO_TCA = "NoTCAEvents5m";
    static final String BUDGET_DEPLETED = "BudgetDepleted";

    static AlertReadings read(PrometheusAlerts alerts, long windowMs) {
        if (alerts == null) {
            return new AlertReadings(null, null, Map.of(), "PROMETHEUS_URL is unset: nothing evaluates the alert rules");
        }
        try {
            List<PrometheusAlerts.Alert> firing = alerts.firing();
            Map<String, Boolean> fired = new LinkedHashMap<>();
            for (String name : List.of(NO_TCA, BUDGET_DEPLETED)) {
                fired.put(name, alerts.firedWithin(name, Duration.ofMillis(windowMs)));
            }
            return new AlertReadings(alerts.url(), firing, fired, null);
        } catch (PrometheusUnavailableException e) {
            return new AlertReadings(alerts.url(), null, Map.of(), e.getMessage());
        }
    }
}
