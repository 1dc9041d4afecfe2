package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.view.StateView;

/** The freshness fields every view answer carries: when, whether stale, and how old. */
final class Freshness {

    private Freshness() {}

    /** A new answer body that starts with {@code as_of}, {@code stale} and {@code age_seconds}. */
    static ObjectNode of(StateView view) {
        ObjectNode body = ApiJson.object();
        body.put("as_of", view.now());
        body.put("stale", view.stale());
        view.decisionAgeMillis().ifPresentOrElse(age -> body.put("age_seconds", age / 1000.0),
                () -> body.putNull("age_seconds"));
        return body;
    }
}
