import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark driver for the audit trail's overhead (issue 7), run by bench/audit-overhead.sh against a Keycloak with
 * the kc-edu bundle; uses BulkUsersBench's helpers (JDK 22+ multi-file source launcher).
 * <ul>
 * <li>{@code bulk <rows>}: first load of N users by kc-edu bulk into a fresh realm; prints seconds. The script runs it
 * on servers with auditing on (syslog provider: outbox row in the same transaction, sent to rsyslogd) and off
 * (log provider, its category switched off), alternately.</li>
 * <li>{@code login <logins> <rounds>} (after {@code bulk}, in realm "bench"): password-grant logins of one user, in rounds that alternate the realm's
 * event listeners between {@code [jboss-logging]} and {@code [jboss-logging, kc-edu-audit]} in one server, so both
 * sides see the same machine noise; prints p50/p95 per side and the ratio of medians.</li>
 * </ul>
 * Usage: java AuditOverheadBench.java <baseUrl> <adminUser> <adminPassword> <workDir> bulk <rows>
 *        java AuditOverheadBench.java <baseUrl> <adminUser> <adminPassword> <workDir> login <logins> <rounds>
 */
public class AuditOverheadBench {

    public static void main(String[] a) throws Exception {
        BulkUsersBench.base = a[0];
        Path work = Path.of(a[3]);
        Files.createDirectories(work);
        String master = BulkUsersBench.token("master", "admin-cli", null, a[1], a[2]);
        if (a[4].equals("bulk")) {
            BulkUsersBench.setUpRealm(master);
            int rows = Integer.parseInt(a[5]);
            // warm-up import (JIT, connection pool, caches) so that the measured import is not a cold start
            Path warm = work.resolve("audit-warm-up.csv");
            BulkUsersBench.writeCsv(warm, "warm", 3000, -1);
            BulkUsersBench.importFile(BulkUsersBench.clientToken(), warm);
            Path file = work.resolve("audit-users-" + rows + ".csv");
            BulkUsersBench.writeCsv(file, rows, -1);
            double secs = BulkUsersBench.importFile(BulkUsersBench.clientToken(), file);
            System.out.printf("RESULT bulk first load %d rows: %.2f s = %.0f rows/s%n", rows, secs, rows / secs);
        } else {
            logins(master, Integer.parseInt(a[5]), Integer.parseInt(a[6]));
        }
    }

    static void logins(String master, int logins, int rounds) throws Exception {
        BulkUsersBench.admin(master, "POST", "/admin/realms/bench/clients", "{\"clientId\":\"login\",\"publicClient\":true,"
                + "\"directAccessGrantsEnabled\":true,\"standardFlowEnabled\":false}");
        BulkUsersBench.admin(master, "POST", "/admin/realms/bench/users", "{\"username\":\"login-user\",\"enabled\":true,"
                + "\"email\":\"login-user@school.example\",\"emailVerified\":true,\"firstName\":\"Login\",\"lastName\":\"User\","
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"login-password-2026\",\"temporary\":false}]}");
        List<Long> on = new ArrayList<>();
        List<Long> off = new ArrayList<>();
        login(); // warm-up: first hashes, caches, JIT
        for (int i = 0; i < 20; i++) {
            login();
        }
        int perRound = Math.max(1, logins / rounds);
        for (int r = 0; r < rounds; r++) {
            boolean audit = r % 2 == 0;
            String listeners = audit ? "[\"jboss-logging\",\"kc-edu-audit\"]" : "[\"jboss-logging\"]";
            BulkUsersBench.admin(BulkUsersBench.token("master", "admin-cli", null, "admin", "admin"), "PUT",
                    "/admin/realms/bench", "{\"eventsEnabled\":true,\"adminEventsEnabled\":true,\"eventsListeners\":" + listeners + "}");
            for (int i = 0; i < perRound; i++) {
                (audit ? on : off).add(login());
            }
        }
        double p50on = pct(on, 50);
        double p50off = pct(off, 50);
        System.out.printf("RESULT login, auditing off: n=%d p50 %.1f ms p95 %.1f ms%n", off.size(), p50off, pct(off, 95));
        System.out.printf("RESULT login, auditing on:  n=%d p50 %.1f ms p95 %.1f ms%n", on.size(), p50on, pct(on, 95));
        System.out.printf("RESULT login overhead (p50 on / p50 off): %.3f (%+.1f %%)%n", p50on / p50off, (p50on / p50off - 1) * 100);
    }

    /** One password-grant login; returns microseconds. */
    static long login() throws Exception {
        Map<String, String> form = Map.of("grant_type", "password", "client_id", "login", "username", "login-user",
                "password", "login-password-2026");
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        long t0 = System.nanoTime();
        HttpResponse<String> r = BulkUsersBench.HTTP.send(HttpRequest.newBuilder(URI.create(BulkUsersBench.base
                        + "/realms/bench/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - t0) / 1000;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login: " + r.statusCode() + " " + r.body());
        }
        return micros;
    }

    static double pct(List<Long> micros, int p) {
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1000.0;
    }
}
