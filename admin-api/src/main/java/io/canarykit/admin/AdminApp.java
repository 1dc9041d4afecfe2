package io.canarykit.admin;

import io.canarykit.admin.http.AppParts;
import io.canarykit.admin.http.RequestBody;
import io.canarykit.admin.http.Routes;
import io.javalin.Javalin;

/** Builds the sidecar's Javalin app, routes and all, from its parts; starting it is the caller's. */
public final class AdminApp {

    private AdminApp() {}

    public static Javalin create(AppParts parts) {
        return Javalin.create(cfg -> {
            cfg.jetty.host = parts.bindHost();
            cfg.jetty.port = parts.port();
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = RequestBody.MAX_BYTES;
            Routes.install(cfg, parts);
        });
    }
}
