package io.canarykit.admin.alerts;

/** Prometheus did not answer, or not with what was asked. */
public final class PrometheusUnavailableException extends RuntimeException {

    public PrometheusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
