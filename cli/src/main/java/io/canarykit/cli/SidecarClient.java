package io.canarykit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls to a running sidecar's API as the {@code kit} commands make them: the admin token and the
 * actor when given, a JSON answer back, and one message when the sidecar cannot be asked.
 */
final class SidecarClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A sidecar's answer: its status and its JSON body. */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status == 200;
        }

        /** The error's message, as the sidecar's error bodies carry it. */
        String message() {
            return body.path("message").asText();
        }
    }

    /** The sidecar could not be asked (not reachable, no JSON back, or the wait was interrupted). */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    private final String baseUrl;
    private final String token;
    private final String actor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /**
     * @param baseUrl the sidecar, e.g. {@code http://localhost:8000}
     * @param token the admin token sent as {@code Authorization: Bearer}, or null or blank for none
     * @param actor who calls, sent as {@code X-Kit-Actor} for the audit log, or null or blank for none
     */
    SidecarClient(String baseUrl, String token, String actor) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.actor = actor;
    }

    /** {@code GET path}, the path with its query already encoded. */
    Answer get(String path, Duration timeout) throws Unreachable {
        return send(request(path, timeout).GET());
    }

    /** {@code POST path} with {@code body} of {@code contentType}. */
    Answer post(String path, String contentType, byte[] body, Duration timeout) throws Unreachable {
        return send(request(path, timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (actor != null && !actor.isBlank()) {
            request.header("X-Kit-Actor", actor);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) throws Unreachable {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        } catch (Exception e) {
            throw new Unreachable("cannot ask the sidecar at " + baseUrl + ": " + e);
        }
    }
}
