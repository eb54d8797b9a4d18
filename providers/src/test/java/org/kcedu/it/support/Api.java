package org.kcedu.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON calls to kc-edu's API with a bearer token, for integration tests. */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final Http http = new Http();
    private final String base;
    private final String token;

    public Api(String realmUrl, String token) {
        this.base = realmUrl + "/kc-edu/";
        this.token = token;
    }

    /** A password-grant access token of a demo user through the test-only client. */
    public static String token(String realmUrl, String username, String password) {
        HttpResponse<String> res = new Http().postForm(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", DirectoryRealmConfig.CLIENT,
                "client_secret", DirectoryRealmConfig.SECRET, "username", username, "password", password,
                "scope", "openid"));
        if (res.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + res.statusCode() + ": " + res.body());
        }
        return json(res.body()).get("access_token").asText();
    }

    public static JsonNode tokenResponse(String realmUrl, String username, String password) {
        HttpResponse<String> res = new Http().postForm(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", DirectoryRealmConfig.CLIENT,
                "client_secret", DirectoryRealmConfig.SECRET, "username", username, "password", password,
                "scope", "openid"));
        if (res.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + res.statusCode() + ": " + res.body());
        }
        return json(res.body());
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> post(String path, Object body) {
        return send("POST", path, body, null);
    }

    public HttpResponse<String> put(String path, Object body) {
        return send("PUT", path, body, null);
    }

    public HttpResponse<String> put(String path, Object body, String ifMatch) {
        return send("PUT", path, body, ifMatch);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** A POST of a raw body with its own content type (e.g. a CSV upload). */
    public HttpResponse<String> postRaw(String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b);
    }

    public HttpResponse<String> send(String method, String path, Object body, String ifMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.replace(" ", "%20")));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        try {
            String s = body == null ? null : body instanceof String str ? str : JSON.writeValueAsString(body);
            b.header("Content-Type", "application/json");
            b.method(method, s == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(s));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        return http.send(b);
    }

    /** Asserts the status and returns the parsed body. */
    public static JsonNode ok(HttpResponse<String> res, int status) {
        if (res.statusCode() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + res.statusCode() + ": " + res.body()
                    + " (" + res.request().method() + " " + res.uri() + ")");
        }
        return res.body() == null || res.body().isBlank() ? null : json(res.body());
    }

    public static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new RuntimeException(s, e);
        }
    }
}
