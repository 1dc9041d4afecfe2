package io.canarykit.admin;

import java.util.function.LongSupplier;

/**
 * How the sidecar runs, beyond the shared configuration: where it listens, where Flink's REST API
 * is (or null), and its clock.
 */
public record SidecarOptions(String bindHost, int port, String flinkRestUrl, LongSupplier clock) {

    /** The runbook's address: localhost, port 8000. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;

    public SidecarOptions {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost is required but not provided.");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required but not provided.");
        }
    }

    /** The defaults: 127.0.0.1:8000, heartbeats for the job check, the system clock. */
    public static SidecarOptions defaults() {
        return new SidecarOptions(DEFAULT_BIND, DEFAULT_PORT, null, System::currentTimeMillis);
    }
}
