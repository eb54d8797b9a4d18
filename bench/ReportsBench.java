import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Benchmark driver (single-file Java, no dependencies) for bench/reports.sh, against a running Keycloak with the
 * kc-edu bundle and the directory + login records loaded by bench/directory/*.sql and bench/reports/generate.sql.
 *   measure <baseUrl> <samples> <loginRounds>
 * Reports: a snapshot refresh first (timed), then per shape a warm-up once, then {@code samples} sequential timed requests (at least 10; 30 s budget), p50/p95 in ms.
 * Login cost: password grants with and without the kc-edu-reports listener in the realm, interleaved in blocks of 10
 * (the realm's listener list is switched between blocks; the first grant after a switch is not timed).
 */
public class ReportsBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final String PASSWORD = "bench-password-2026";
    static final String CLIENT_SECRET = "bench-secret";
    static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(30);
    static String base;
    static int samples;

    public static void main(String[] a) throws Exception {
        base = a[1];
        samples = Integer.parseInt(a[2]);
        int loginRounds = Integer.parseInt(a[3]);
        String master = token("master", "admin-cli", null, "admin", "admin");
        String adminId = field(call(master, "GET", "/admin/realms/bench/users?username=bench.district.admin%40k12.example&exact=true",
                null, 200), "id");
        call(master, "PUT", "/admin/realms/bench/users/" + adminId + "/reset-password", "{\"type\":\"password\",\"value\":\""
                + PASSWORD + "\",\"temporary\":false}", 204);
        String root = grant("bench.realm.admin");
        String district = grant("bench.district.admin@k12.example");
        String kc = "/realms/bench/kc-edu/reports/";

        // the snapshot of the loaded data (the aggregator may have taken one during the load)
        long t0 = System.nanoTime();
        String taken = null;
        for (int attempt = 0; taken == null; attempt++) {
            try {
                taken = call(root, "POST", kc + "snapshot", null, 200);
            } catch (IllegalStateException busy) {
                // 409: the background refresh is taking one right now; wait for it rather than measure beside it
                if (attempt >= 60 || !busy.getMessage().contains(": 409 ")) {
                    throw busy;
                }
                Thread.sleep(5000);
                t0 = System.nanoTime();
            }
        }
        System.out.printf("%nsnapshot refresh (POST reports/snapshot): %.0f ms, %s%n", (System.nanoTime() - t0) / 1e6, taken);

        header("Reports (kc-edu login records)");
        row("state ST by its 200 districts, all apps, snapshot", root, kc + "activity?domain=STATE:ST&breakdownDepth=2", "snapshot");
        row("state ST by its 200 districts, app-1, snapshot", root, kc + "activity?domain=STATE:ST&breakdownDepth=2&application=app-1", "snapshot");
        row("state ST, by its 200 districts (depth 2), all apps, live", root, kc + "activity?domain=STATE:ST&breakdownDepth=2&source=live");
        row("state ST, by its 200 districts, application app-1, live", root, kc + "activity?domain=STATE:ST&breakdownDepth=2&application=app-1&source=live");
        row("district D-001 by its schools, realm admin", root, kc + "activity?domain=DISTRICT:D-001");
        row("district D-001 by its schools, district admin", district, kc + "activity?domain=DISTRICT:D-001");
        row("district D-001 by its schools, app-3, district admin", district, kc + "activity?domain=DISTRICT:D-001&application=app-3");
        row("district D-001 daily active users, 30 days", district, kc + "daily-active?domain=DISTRICT:D-001&days=30");
        row("state ST daily active users, 30 days", root, kc + "daily-active?domain=STATE:ST&days=30");
        row("state ST by districts, CSV, snapshot", root, kc + "activity?domain=STATE:ST&breakdownDepth=2&format=csv");
        System.out.println("answer (snapshot): " + summary(call(root, "GET", kc + "activity?domain=STATE:ST&breakdownDepth=2", null, 200)));
        System.out.println("answer (live):     " + summary(call(root, "GET", kc + "activity?domain=STATE:ST&breakdownDepth=2&source=live", null, 200)));
        System.out.println("answer: " + summary(call(root, "GET", kc + "activity?domain=DISTRICT:D-001", null, 200)));

        if (loginRounds > 0) {
            logins(master, loginRounds);
        }
    }

    /** The total, then the sums over the breakdown rows (what the stock SQL answers, for a cross-check). */
    static String summary(String json) {
        Matcher m = Pattern.compile("\"registered\":(\\d+),\"active\":(\\d+)").matcher(json);
        m.find();
        String total = "total registered " + m.group(1) + ", active " + m.group(2);
        long r = 0, a = 0, n = 0;
        while (m.find()) {
            r += Long.parseLong(m.group(1));
            a += Long.parseLong(m.group(2));
            n++;
        }
        return total + "; sum over " + n + " breakdown rows: registered " + r + ", active " + a;
    }

    /** Password grants, listener on and off, interleaved in blocks; the order within each pair of blocks alternates. */
    static void logins(String master, int rounds) throws Exception {
        header("Login cost: password grant (bench-plain), kc-edu-reports listener on vs off, interleaved blocks of 10");
        List<Long> on = new ArrayList<>();
        List<Long> off = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                boolean listener = (r + k) % 2 == 0;
                call(master, "PUT", "/admin/realms/bench", "{\"eventsListeners\":[\"jboss-logging\""
                        + (listener ? ",\"kc-edu-reports\"" : "") + "]}", 204);
                grant("bench.realm.admin"); // first grant after the switch: realm reloaded, not timed
                for (int i = 0; i < 10; i++) {
                    long t = System.nanoTime();
                    grant("bench.realm.admin");
                    (listener ? on : off).add(System.nanoTime() - t);
                }
            }
        }
        print("password grant, listener OFF", off, -1);
        print("password grant, listener ON (one inbox insert)", on, -1);
        System.out.printf("difference: p50 %+.1f %%, p95 %+.1f %%%n", 100 * (pct(on, 50) / pct(off, 50) - 1),
                100 * (pct(on, 95) / pct(off, 95) - 1));
        call(master, "PUT", "/admin/realms/bench", "{\"eventsListeners\":[\"jboss-logging\",\"kc-edu-reports\"]}", 204);
    }

    static void header(String title) {
        System.out.println();
        System.out.println("== " + title);
        System.out.printf("%-58s %5s %9s %9s %9s%n", "shape", "n", "p50 ms", "p95 ms", "max ms");
    }

    static void row(String label, String token, String path) throws Exception {
        row(label, token, path, null);
    }

    /** {@code source}: the path the answer must say it came from (null: not checked). */
    static void row(String label, String token, String path, String source) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> warm = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (warm.statusCode() != 200) {
            throw new IllegalStateException(label + ": GET " + path + " answered " + warm.statusCode() + " " + warm.body());
        }
        if (source != null && !warm.body().contains("\"source\":\"" + source + "\"")) {
            throw new IllegalStateException(label + ": not answered from " + source + ": " + warm.body().substring(0, 300));
        }
        List<Long> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < samples && (times.size() < 10 || System.nanoTime() - start < BUDGET_NANOS)) {
            long t = System.nanoTime();
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            times.add(System.nanoTime() - t);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(label + ": answered " + r.statusCode());
            }
        }
        print(label, times, -1);
    }

    static void print(String label, List<Long> nanos, int items) {
        System.out.printf("%-58s %5d %9.1f %9.1f %9.1f%n", label, nanos.size(), pct(nanos, 50), pct(nanos, 95),
                nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
    }

    static double pct(List<Long> nanos, int p) {
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return s[Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }

    static String grant(String username) throws Exception {
        return tokenCall("bench", Map.of("grant_type", "password", "client_id", "bench-plain", "client_secret",
                CLIENT_SECRET, "username", username, "password", PASSWORD));
    }

    static String token(String realm, String clientId, String secret, String user, String password) throws Exception {
        return tokenCall(realm, Map.of("grant_type", "password", "client_id", clientId, "username", user, "password", password));
    }

    static String tokenCall(String realm, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/realms/" + realm
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
        }
        return field(r.body(), "access_token");
    }

    static String call(String token, String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static int count(String s, String literal) {
        int n = 0;
        for (int i = s.indexOf(literal); i >= 0; i = s.indexOf(literal, i + 1)) {
            n++;
        }
        return n;
    }
}
