package org.kcedu.bulkimport;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Uploads a CSV or XLSX file to kc-edu's bulk API and follows the job to its end. See {@link Options#USAGE}. */
public final class BulkImportCli {

    static final int OK = 0, REJECTED = 1, FAILED = 2, ERROR = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Options o;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    private final PrintStream out;
    private String token;
    private long tokenExpires;

    BulkImportCli(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage() == null ? OK : ERROR);
            return;
        }
        try {
            System.exit(new BulkImportCli(options, System.out).run());
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            System.exit(ERROR);
        }
    }

    int run() throws Exception {
        String base = o.url() + "/realms/" + o.realm() + "/kc-edu/bulk/" + o.entity() + "/imports";
        String jobId;
        if (o.resume()) {
            jobId = o.jobId() != null ? o.jobId() : Files.readString(o.jobFile()).trim();
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/" + jobId)).GET());
            JsonNode job = JSON.readTree(r.body());
            check(r, 200);
            String status = job.path("status").asText();
            if (status.equals("FAILED")) {
                check(send(HttpRequest.newBuilder(URI.create(base + "/" + jobId + "/resume"))
                        .POST(HttpRequest.BodyPublishers.noBody())), 202);
                out.println("resuming job " + jobId + " after record " + job.path("rowsRead").asLong());
            } else {
                out.println("following job " + jobId + " (" + status + ")");
            }
        } else {
            out.println("uploading " + o.file() + " (" + Files.size(o.file()) + " bytes)"
                    + (o.dryRun() ? " as a dry run" : ""));
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "?dryRun=" + o.dryRun()
                            + "&fileName=" + enc(o.file().getFileName().toString())
                            + (o.setPasswordEmail() ? "&setPasswordEmail=true" : "")))
                    .header("Content-Type", o.xlsx() ? XLSX : "text/csv; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofFile(o.file())));
            check(r, 202);
            jobId = JSON.readTree(r.body()).get("id").asText();
            Files.writeString(o.jobFile(), jobId + System.lineSeparator());
            out.println("job " + jobId);
        }

        JsonNode job;
        while (true) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/" + jobId)).GET());
            check(r, 200);
            job = JSON.readTree(r.body());
            out.print("\r" + progress(job));
            String status = job.path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                break;
            }
            Thread.sleep(o.pollMillis());
        }
        out.println();
        out.println(summary(job));
        if (job.path("status").asText().equals("FAILED")) {
            out.println("FAILED: " + job.path("message").asText());
            return FAILED;
        }
        if (job.path("setPasswordEmail").asBoolean() && !job.path("dryRun").asBoolean()) {
            sendSetPasswordEmails(base + "/" + jobId + "/set-password-emails");
        }
        Files.deleteIfExists(o.jobFile());
        if (job.path("rejected").asLong() > 0) {
            HttpResponse<byte[]> r = http.send(authorized(HttpRequest.newBuilder(URI.create(base + "/" + jobId
                    + "/errors")).header("Accept", o.xlsx() ? XLSX : "text/csv").GET()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                Files.write(o.errorReport(), r.body());
                out.println("rejected rows written to " + o.errorReport());
            }
            return REJECTED;
        }
        return OK;
    }

    /** Asks the server for the e-mails until none is pending, waiting as its rate limit says (429 + Retry-After). */
    private void sendSetPasswordEmails(String url) throws IOException, InterruptedException {
        long sent = 0;
        while (true) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "?max=200"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            if (r.statusCode() != 200 && r.statusCode() != 429) {
                check(r, 200);
            }
            JsonNode result = JSON.readTree(r.body());
            sent += result.path("sent").asLong();
            long pending = result.path("pending").asLong();
            out.print("\rset-password e-mails: " + sent + " sent, " + pending + " pending   ");
            if (result.path("failed").asLong() > 0) {
                out.println();
                throw new IOException(result.path("message").asText() + " (run again with --resume to continue)");
            }
            if (pending == 0) {
                out.println();
                return;
            }
            Thread.sleep(Math.max(1, result.path("retryAfterSeconds").asLong(1)) * 1000);
        }
    }

    static String progress(JsonNode job) {
        long total = job.path("rowsTotal").asLong(0);
        long read = job.path("rowsRead").asLong();
        int width = 30;
        int filled = total > 0 ? (int) Math.min(width, read * width / total) : 0;
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + read + "/" + (total > 0 ? total : "?")
                + " rows " + job.path("status").asText();
    }

    static String summary(JsonNode job) {
        return String.format("%s%s: created %d, updated %d, deleted %d, unchanged %d, rejected %d",
                job.path("dryRun").asBoolean() ? "DRY RUN (nothing written) " : "", job.path("status").asText(),
                job.path("created").asLong(), job.path("updated").asLong(), job.path("deleted").asLong(),
                job.path("unchanged").asLong(), job.path("rejected").asLong())
                + optional(job, "notFound", "not found") + optional(job, "duplicates", "duplicates")
                + optional(job, "blankLines", "blank lines");
    }

    /** ", label N" for a count the server reports and that is not 0 (older servers do not report it). */
    private static String optional(JsonNode job, String field, String label) {
        long n = job.path(field).asLong();
        return n == 0 ? "" : ", " + label + " " + n;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(authorized(b).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder b) throws IOException, InterruptedException {
        return b.header("Authorization", "Bearer " + token());
    }

    /** A fresh access token when the current one is about to expire (long jobs outlive tokens). */
    private String token() throws IOException, InterruptedException {
        if (token != null && System.currentTimeMillis() < tokenExpires) {
            return token;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", o.clientId());
        if (o.clientSecret() != null) {
            form.put("client_secret", o.clientSecret());
        }
        if (o.username() != null) {
            form.put("grant_type", "password");
            form.put("username", o.username());
            form.put("password", o.password());
        } else {
            form.put("grant_type", "client_credentials");
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(o.url() + "/realms/" + o.realm()
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("login failed: HTTP " + r.statusCode() + " " + r.body());
        }
        JsonNode t = JSON.readTree(r.body());
        token = t.get("access_token").asText();
        tokenExpires = System.currentTimeMillis() + Math.max(5, t.path("expires_in").asLong(60) - 30) * 1000;
        return token;
    }

    private static void check(HttpResponse<String> r, int expected) throws IOException {
        if (r.statusCode() != expected) {
            String message = r.body();
            try {
                JsonNode e = JSON.readTree(r.body());
                if (e.hasNonNull("message")) {
                    message = e.get("message").asText();
                }
            } catch (IOException notJson) {
                // keep the raw body
            }
            throw new IOException("HTTP " + r.statusCode() + ": " + message);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
