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
public final class BulkClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http = new Http();
    private final String base;
    private final String token;

    public BulkClient(String realmUrl, String token) {
        this.base = realmUrl + "/kc-edu/bulk";
        this.token = token;
    }

    String base() {
        return base;
    }

    public HttpResponse<String> post(String entity, byte[] csv, boolean dryRun) {
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

    public JsonNode importAndWait(String entity, String csv, boolean dryRun) throws Exception {
        return waitFor(entity, submit(entity, csv.getBytes(StandardCharsets.UTF_8), dryRun));
    }

    JsonNode waitFor(String entity, String jobId) throws Exception {
        return waitFor(entity, jobId, 60_000);
    }

    JsonNode waitFor(String entity, String jobId, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
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

    /**
     * The error report without its {@code error_field} column: the uploaded columns, {@code error_line},
     * {@code error_message} (what most assertions look for; {@link #report} has the file as it is).
     */
    public String errors(String entity, JsonNode job) {
        return withoutField(report(entity, job));
    }

    /** Drops the {@code error_field} column (the second to last) of an error report, quoting as the server does. */
    static String withoutField(String report) {
        try (org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(report,
                org.apache.commons.csv.CSVFormat.RFC4180)) {
            StringBuilder out = new StringBuilder();
            org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(out,
                    org.apache.commons.csv.CSVFormat.RFC4180);
            for (org.apache.commons.csv.CSVRecord r : parser) {
                java.util.List<String> cells = new java.util.ArrayList<>(r.toList());
                assertTrue(cells.size() >= 3, "an error report row has error_line, error_field, error_message: " + r);
                cells.remove(cells.size() - 2);
                printer.printRecord(cells);
            }
            printer.flush();
            return out.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The error report as the server sends it. */
    String report(String entity, JsonNode job) {
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

    public String export(String entity) {
        HttpResponse<String> res = get(entity + "/export");
        assertEquals(200, res.statusCode(), res.body());
        return res.body();
    }

    /** The counts of warning rows and skipped lines: notFound (DELETE matching nothing), duplicates, blankLines. */
    static void assertWarnings(JsonNode job, long notFound, long duplicates, long blankLines) {
        String actual = job.get("notFound") + "/" + job.get("duplicates") + "/" + job.get("blankLines");
        assertEquals(notFound + "/" + duplicates + "/" + blankLines, actual, "notFound/duplicates/blankLines of " + job);
    }

    static void assertCounts(JsonNode job, long created, long updated, long deleted, long unchanged, long rejected) {
        String actual = job.get("created") + "/" + job.get("updated") + "/" + job.get("deleted") + "/"
                + job.get("unchanged") + "/" + job.get("rejected");
        assertEquals(created + "/" + updated + "/" + deleted + "/" + unchanged + "/" + rejected, actual,
                "created/updated/deleted/unchanged/rejected of " + job);
    }
}
