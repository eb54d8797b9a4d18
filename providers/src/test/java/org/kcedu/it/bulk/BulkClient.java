package org.kcedu.it.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kcedu.it.support.Http;

/** The bulk routes of one realm for one bearer token: submit, wait for the job, error report, export. */
final class BulkClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http = new Http();
    private final String base;
    private final String token;

    BulkClient(String realmUrl, String token) {
        this.base = realmUrl + "/kc-edu/bulk";
        this.token = token;
    }

    String base() {
        return base;
    }

    HttpResponse<String> post(String entity, byte[] csv, boolean dryRun) {
        return post(entity, csv, dryRun ? "dryRun=true" : null);
    }

    /** An upload with the given query string (e.g. {@code setPasswordEmail=true}), or none. */
    HttpResponse<String> post(String entity, byte[] csv, String query) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/" + entity + "/imports"
                        + (query != null ? "?" + query : "")))
                .header("Content-Type", "text/csv; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b);
    }

    String submit(String entity, byte[] csv, boolean dryRun) throws Exception {
        HttpResponse<String> res = post(entity, csv, dryRun);
        assertEquals(202, res.statusCode(), res.body());
        return JSON.readTree(res.body()).get("id").asText();
    }

    JsonNode importAndWait(String entity, String csv, boolean dryRun) throws Exception {
        return waitFor(entity, submit(entity, csv.getBytes(StandardCharsets.UTF_8), dryRun));
    }

    JsonNode waitFor(String entity, String jobId) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            HttpResponse<String> res = http.get(base + "/" + entity + "/imports/" + jobId, token);
            assertEquals(200, res.statusCode(), res.body());
            JsonNode job = JSON.readTree(res.body());
            String status = job.get("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                return job;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("job did not finish: " + job);
            }
            Thread.sleep(100);
        }
    }

    String errors(String entity, JsonNode job) {
        HttpResponse<String> res = http.get(base + "/" + entity + "/imports/" + job.get("id").asText() + "/errors",
                token);
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        return res.body();
    }

    /** A POST without body to a bulk route, e.g. {@code users/imports/{id}/set-password-emails}. */
    HttpResponse<String> postEmpty(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/" + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b);
    }

    HttpResponse<String> get(String path) {
        return http.get(base + "/" + path, token);
    }

    String export(String entity) {
        HttpResponse<String> res = get(entity + "/export");
        assertEquals(200, res.statusCode(), res.body());
        return res.body();
    }

    static void assertCounts(JsonNode job, long created, long updated, long deleted, long unchanged, long rejected) {
        String actual = job.get("created") + "/" + job.get("updated") + "/" + job.get("deleted") + "/"
                + job.get("unchanged") + "/" + job.get("rejected");
        assertEquals(created + "/" + updated + "/" + deleted + "/" + unchanged + "/" + rejected, actual,
                "created/updated/deleted/unchanged/rejected of " + job);
    }
}
