import java.io.BufferedWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Benchmark driver (single-file Java, no dependencies): run by bench/bulk-users.sh against a running Keycloak with
 * the kc-edu bundle. Sets up realm "bench", then measures in one run:
 *   1. kc-edu bulk import of N users (first load), 2. the same file again (unchanged), 3. a file with 1 % changed rows,
 *   4. kc-edu bulk assignments file: one role assignment per user (the "one role assignment each"),
 *   5. stock admin REST POST /users + realm role mapping at 8 threads, time-boxed and extrapolated to N,
 *   6. stock partialImport of a sample (-DpartialImportUsers, default 2,000), outcome and rate.
 * Usage: java BulkUsersBench.java <baseUrl> <adminUser> <adminPassword> <rows> <workDir> <stockSeconds>
 */
public class BulkUsersBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    static String base;

    public static void main(String[] a) throws Exception {
        base = a[0];
        int rows = Integer.parseInt(a[3]);
        Path work = Path.of(a[4]);
        int stockSeconds = Integer.parseInt(a[5]);
        Files.createDirectories(work);

        String master = token("master", "admin-cli", null, a[1], a[2]);
        setUpRealm(master);
        String bulkToken = clientToken();

        Path first = work.resolve("users-" + rows + ".csv");
        Path changed = work.resolve("users-" + rows + "-1pct-changed.csv");
        writeCsv(first, rows, -1);
        writeCsv(changed, rows, 100);
        System.out.printf("generated %s (%d bytes)%n", first, Files.size(first));

        probeBodyLimit(bulkToken, work);
        result("kc-edu bulk, first load", rows, importFile(bulkToken, first));
        result("kc-edu bulk, unchanged re-import", rows, importFile(clientToken(), first));
        result("kc-edu bulk, 1% changed rows", rows, importFile(clientToken(), changed));

        // the "one role assignment each": a state and a role through kc-edu's REST API, then an assignments file
        admin(clientToken(), "POST", "/realms/bench/kc-edu/domains",
                "{\"type\":\"STATE\",\"name\":\"Bench State\",\"identifier\":\"BENCH\"}");
        admin(clientToken(), "POST", "/realms/bench/kc-edu/roles", "{\"name\":\"Student\",\"domainTypes\":[\"STATE\"]}");
        Path assignments = work.resolve("assignments-" + rows + ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(assignments, StandardCharsets.UTF_8)) {
            w.write("username,role,domain_type,domain_identifier\r\n");
            for (int i = 1; i <= rows; i++) {
                w.write(String.format("bulk-%07d,Student,STATE,BENCH\r\n", i));
            }
        }
        result("kc-edu bulk, one role assignment per user (assignments file)", rows,
                importFile(clientToken(), assignments, "assignments"));

        // stock admin REST, 8 client threads, time-boxed: POST /users, then the user's realm role mapping
        admin(token("master", "admin-cli", null, a[1], a[2]), "POST", "/admin/realms/bench/roles", "{\"name\":\"student\"}");
        String studentRole = admin(token("master", "admin-cli", null, a[1], a[2]), "GET", "/admin/realms/bench/roles/student", null);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(stockSeconds);
        String[] tok = {clientToken()};
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    int i = next.incrementAndGet();
                    String body = String.format("{\"username\":\"stock-%07d\",\"email\":\"stock-%07d@school.example\","
                            + "\"firstName\":\"First%d\",\"lastName\":\"Last%d\",\"enabled\":true}", i, i, i, i);
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
                                        + "/admin/realms/bench/users")).header("Authorization", "Bearer " + tok[0])
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201) {
                            String location = r.headers().firstValue("Location").orElseThrow();
                            HttpResponse<String> m = HTTP.send(HttpRequest.newBuilder(URI.create(location
                                            + "/role-mappings/realm")).header("Authorization", "Bearer " + tok[0])
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("[" + studentRole + "]")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (m.statusCode() == 204) {
                                created.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(stockSeconds + 60, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        double rate = created.get() / secs;
        System.out.printf("RESULT stock admin REST POST /users + realm role mapping (8 threads, time-boxed %d s): %d created, %d failed in"
                + " %.1f s = %.0f rows/s; extrapolated %d rows = %.0f s (%.1f min)%n", stockSeconds, created.get(),
                failed.get(), secs, rate, rows, rows / rate, rows / rate / 60);
        // partialImport needs manage-realm: the master admin (fresh token: master tokens live 60 s)
        partialImport(token("master", "admin-cli", null, a[1], a[2]), Integer.getInteger("partialImportUsers", 2000), rows);
    }

    /**
     * Stock {@code partialImport} of {@code users} users (one JSON document, one transaction): records the outcome and
     * the rate. A sample, because the whole file would only run into Keycloak's 300 s transaction timeout.
     */
    static void partialImport(String token, int users, int rows) throws Exception {
        StringBuilder json = new StringBuilder("{\"ifResourceExists\":\"SKIP\",\"users\":[");
        for (int i = 1; i <= users; i++) {
            json.append(i == 1 ? "" : ",").append(String.format("{\"username\":\"partial-%07d\",\"email\":"
                    + "\"partial-%07d@school.example\",\"firstName\":\"First%d\",\"lastName\":\"Last%d\",\"enabled\":true}",
                    i, i, i, i));
        }
        json.append("]}");
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/bench/partialImport"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build(), HttpResponse.BodyHandlers.ofString());
        double secs = (System.nanoTime() - t0) / 1e9;
        String body = r.body().length() > 200 ? r.body().substring(0, 200) + "..." : r.body();
        System.out.printf("RESULT stock partialImport of %d users: HTTP %d in %.1f s = %.0f users/s%s; %d rows at that"
                        + " rate would need %.0f s in one transaction (Keycloak's default transaction timeout: 300 s)%n",
                users, r.statusCode(), secs, users / secs, r.statusCode() == 200 ? "" : " (" + body + ")",
                rows, rows / (users / secs));
    }

    /** Does Keycloak's HTTP layer accept an 11 MiB body (Quarkus' default limit is 10 MiB)? Dry-run, writes nothing. */
    static void probeBodyLimit(String token, Path work) throws Exception {
        Path big = work.resolve("probe-11mib.csv");
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            w.write("username\r\n");
            for (int i = 0; Files.size(big) < 11 * 1024 * 1024 && i < 2_000_000; i++) {
                w.write(String.format("probe-%07d-padding-padding-padding-padding-padding\r\n", i));
                if (i % 10000 == 0) {
                    w.flush();
                }
            }
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
                            + "/realms/bench/kc-edu/bulk/users/imports?dryRun=true"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(big)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.printf("PROBE upload of %d bytes (dry-run): HTTP %d %s%n", Files.size(big), r.statusCode(),
                    r.body().length() > 200 ? r.body().substring(0, 200) : r.body());
        } catch (java.io.IOException e) {
            System.out.printf("PROBE upload of %d bytes (dry-run): connection failed: %s%n", Files.size(big), e);
        }
        Files.delete(big);
    }

    static void result(String what, int rows, double seconds) {
        System.out.printf("RESULT %s: %d rows in %.1f s = %.0f rows/s%n", what, rows, seconds, rows / seconds);
    }

    static double importFile(String token, Path file) throws Exception {
        return importFile(token, file, "users");
    }

    static double importFile(String token, Path file, String entity) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
                        + "/realms/bench/kc-edu/bulk/" + entity + "/imports?fileName=" + file.getFileName()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("import answered " + r.statusCode() + ": " + r.body());
        }
        String id = field(r.body(), "id");
        String status;
        String body;
        do {
            Thread.sleep(500);
            body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/realms/bench/kc-edu/bulk/" + entity + "/imports/" + id))
                    .header("Authorization", "Bearer " + clientToken()).build(), HttpResponse.BodyHandlers.ofString()).body();
            status = field(body, "status");
        } while (!status.equals("COMPLETED") && !status.equals("FAILED"));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.println("  job: " + body);
        if (status.equals("FAILED")) {
            throw new IllegalStateException("job failed: " + body);
        }
        return secs;
    }

    static void writeCsv(Path file, int rows, int changeEvery) throws Exception {
        writeCsv(file, "bulk", rows, changeEvery);
    }

    /** A users file of {@code rows} users {@code <prefix>-0000001...}; every {@code changeEvery}-th last name differs. */
    static void writeCsv(Path file, String prefix, int rows, int changeEvery) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("username,email,first_name,last_name,enabled\r\n");
            for (int i = 1; i <= rows; i++) {
                String last = changeEvery > 0 && i % changeEvery == 0 ? "Changed" + i : "Last" + i;
                w.write(String.format("%s-%07d,%s-%07d@school.example,First%d,%s,true\r\n", prefix, i, prefix, i, i, last));
            }
        }
    }

    static void setUpRealm(String master) throws Exception {
        admin(master, "POST", "/admin/realms", "{\"realm\":\"bench\",\"enabled\":true,\"accessTokenLifespan\":3600}");
        try {
            admin(master, "POST", "/admin/realms/bench/roles", "{\"name\":\"kc-edu-admin\"}");
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains(": 409 ")) {
                throw e; // 409: kc-edu's directory already creates its roles with the realm
            }
        }
        admin(master, "POST", "/admin/realms/bench/clients", "{\"clientId\":\"bench\",\"secret\":\"bench-secret\","
                + "\"publicClient\":false,\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false}");
        String clientUuid = field(admin(master, "GET", "/admin/realms/bench/clients?clientId=bench", null), "id");
        String sa = field(admin(master, "GET", "/admin/realms/bench/clients/" + clientUuid + "/service-account-user",
                null), "id");
        String role = admin(master, "GET", "/admin/realms/bench/roles/kc-edu-admin", null);
        admin(master, "POST", "/admin/realms/bench/users/" + sa + "/role-mappings/realm", "[" + role + "]");
        // stock REST needs realm-management manage-users for the same service account
        String rm = field(admin(master, "GET", "/admin/realms/bench/clients?clientId=realm-management", null), "id");
        String manageUsers = admin(master, "GET", "/admin/realms/bench/clients/" + rm + "/roles/manage-users", null);
        admin(master, "POST", "/admin/realms/bench/users/" + sa + "/role-mappings/clients/" + rm, "[" + manageUsers + "]");
    }

    static String clientToken() throws Exception {
        return token("bench", "bench", "bench-secret", null, null);
    }

    static String token(String realm, String clientId, String secret, String user, String password) throws Exception {
        Map<String, String> form = user == null
                ? Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)
                : Map.of("grant_type", "password", "client_id", clientId, "username", user, "password", password);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/realms/" + realm
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
        }
        return field(r.body(), "access_token");
    }

    static String admin(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** First string value of a JSON field (enough for these flat answers; avoids a JSON library on the classpath). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
