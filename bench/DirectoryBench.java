import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Benchmark driver (single-file Java, no dependencies) for bench/directory.sh: the directory (issue #4) and delegated
 * administration (issue #5) against a running Keycloak with the kc-edu bundle.
 *   setup <baseUrl>: realm "bench", clients, kc-edu roles and the state domain through the REST APIs (before the SQL load)
 *   measure <baseUrl> <samples> <users> <email> <districtId> <schoolId> <outsideSchoolId> <inScopeUserId>
 * Every shape gets a warm-up pass, then up to {@code samples} sequential timed requests (at least 10, otherwise
 * stopping after a 20 s budget (40 s and at least 20 rounds for tokens), so that multi-second stock queries finish in bounded time). Prints p50/p95 in ms.
 */
public class DirectoryBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final String PASSWORD = "bench-password-2026";
    static final String CLIENT_SECRET = "bench-secret";
    static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(20);
    static String base;
    static int samples;
    /** KCEDU_DIRBENCH_SHAPES=<regex>: measure only the rows whose label matches (e.g. "kc-edu" skips stock's slow ones). */
    static final java.util.regex.Pattern ONLY = System.getenv("KCEDU_DIRBENCH_SHAPES") == null ? null
            : java.util.regex.Pattern.compile(System.getenv("KCEDU_DIRBENCH_SHAPES"));

    public static void main(String[] a) throws Exception {
        base = a[1];
        if (a[0].equals("setup")) {
            setup();
        } else {
            samples = Integer.parseInt(a[2]);
            measure(Integer.parseInt(a[3]), a[4], a[5], a[6], a[7], a[8]);
        }
    }

    // ------------------------------------------------------------------ set-up (before the SQL load)

    static void setup() throws Exception {
        String master = token("master", "admin-cli", null, "admin", "admin");
        // the stock search runs for minutes at 2M users: the admin token must outlive it
        call(master, "PUT", "/admin/realms/master", "{\"accessTokenLifespan\":7200}", 204);
        call(master, "POST", "/admin/realms", "{\"realm\":\"bench\",\"enabled\":true,\"accessTokenLifespan\":7200,"
                + "\"ssoSessionIdleTimeout\":36000,\"ssoSessionMaxLifespan\":36000}", 201);
        HttpResponse<String> role = send(master, "POST", "/admin/realms/bench/roles", "{\"name\":\"kc-edu-admin\"}");
        if (role.statusCode() != 201 && role.statusCode() != 409) { // 409: kc-edu creates its roles with the realm
            throw new IllegalStateException("role: " + role.statusCode() + " " + role.body());
        }
        // two clients identical except for the kc-edu mapper: the token-issue comparison
        for (String c : List.of("bench-plain", "bench-mapper")) {
            String mappers = c.equals("bench-plain") ? "" : ",\"protocolMappers\":[{\"name\":\"kc-edu role assignments\","
                    + "\"protocol\":\"openid-connect\",\"protocolMapper\":\"kc-edu-assignments-mapper\",\"config\":{"
                    + "\"claim.name\":\"kcedu_roles\",\"access.token.claim\":\"true\",\"id.token.claim\":\"true\","
                    + "\"userinfo.token.claim\":\"true\",\"introspection.token.claim\":\"true\"}}]";
            call(master, "POST", "/admin/realms/bench/clients", "{\"clientId\":\"" + c + "\",\"secret\":\"" + CLIENT_SECRET
                    + "\",\"publicClient\":false,\"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":true"
                    + mappers + "}", 201);
        }
        // the kc-edu API takes only tokens meant for it (audience kc-edu-api): both clients get the realm's scope
        Matcher scope = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"name\":\"kc-edu-api\"")
                .matcher(call(master, "GET", "/admin/realms/bench/client-scopes", null, 200));
        if (!scope.find()) {
            throw new IllegalStateException("realm bench has no kc-edu-api client scope");
        }
        for (String c : List.of("bench-plain", "bench-mapper")) {
            String id = field(call(master, "GET", "/admin/realms/bench/clients?clientId=" + c, null, 200), "id");
            call(master, "PUT", "/admin/realms/bench/clients/" + id + "/default-client-scopes/" + scope.group(1), null, 204);
        }
        call(master, "POST", "/admin/realms/bench/users", "{\"username\":\"bench.realm.admin\",\"email\":"
                + "\"bench.realm.admin@k12.example\",\"firstName\":\"Realm\",\"lastName\":\"Admin\",\"enabled\":true,"
                + "\"emailVerified\":true,\"credentials\":[{\"type\":\"password\",\"value\":\"" + PASSWORD
                + "\",\"temporary\":false}]}", 201);
        String adminId = field(call(master, "GET", "/admin/realms/bench/users?username=bench.realm.admin&exact=true", null, 200), "id");
        String kcEduAdmin = call(master, "GET", "/admin/realms/bench/roles/kc-edu-admin", null, 200);
        call(master, "POST", "/admin/realms/bench/users/" + adminId + "/role-mappings/realm", "[" + kcEduAdmin + "]", 204);

        String root = userToken("bench.realm.admin");
        call(root, "POST", "/realms/bench/kc-edu/domains", "{\"type\":\"STATE\",\"name\":\"State\",\"identifier\":\"ST\"}", 201);
        call(root, "POST", "/realms/bench/kc-edu/roles", "{\"name\":\"Student\",\"domainTypes\":[\"SCHOOL\"]}", 201);
        call(root, "POST", "/realms/bench/kc-edu/roles", "{\"name\":\"Teacher\",\"domainTypes\":[\"SCHOOL\"]}", 201);
        call(root, "POST", "/realms/bench/kc-edu/roles", "{\"name\":\"Account Administrator\",\"administrative\":true,"
                + "\"domainTypes\":[\"DISTRICT\",\"SCHOOL\"]}", 201);
        System.out.println("bench: realm bench, clients bench-plain and bench-mapper, kc-edu roles and state domain created");
    }

    // ------------------------------------------------------------------ measurements

    static void measure(int users, String email, String district, String school, String outsideSchool,
                        String inScopeUser) throws Exception {
        String master = token("master", "admin-cli", null, "admin", "admin");
        for (String u : List.of("bench.mapper", "bench.district.admin", "bench.school.admin")) {
            String id = field(call(master, "GET", "/admin/realms/bench/users?username=" + u + "@k12.example&exact=true",
                    null, 200), "id");
            call(master, "PUT", "/admin/realms/bench/users/" + id + "/reset-password", "{\"type\":\"password\",\"value\":\""
                    + PASSWORD + "\",\"temporary\":false}", 204);
        }
        String root = userToken("bench.realm.admin");
        String districtAdmin = userToken("bench.district.admin@k12.example");
        String schoolAdmin = userToken("bench.school.admin@k12.example");
        String kc = "/realms/bench/kc-edu";
        int deep = Math.min(100_000, users / 2);
        int deepInDistrict = users / 200 / 2;
        String rare = "stanbrook";

        tokens();

        header("Directory: domains and assignments (kc-edu, realm admin)");
        row("descendants of a district (page of 100)", root, kc + "/domains/" + district + "/descendants");
        row("descendants of a district, type SCHOOL, page 20", root, kc + "/domains/" + district + "/descendants?type=SCHOOL&max=20");
        row("descendants of the state, page 20", root, kc + "/domains/" + stateId(root) + "/descendants?max=20");
        row("ancestors of a school", root, kc + "/domains/" + school + "/ancestors");
        row("children of a district, page 20", root, kc + "/domains/" + district + "/children?max=20");
        row("assignments of a user", root, kc + "/users/" + inScopeUser + "/assignments");

        header("User search, page of 20: kc-edu realm-wide (realm admin) | kc-edu in a district subtree | stock admin API");
        Map<String, String> shapes = new java.util.LinkedHashMap<>();
        shapes.put("common prefix 'smi'", "smi");
        shapes.put("rare term '" + rare + "'", rare);
        shapes.put("absent term 'zzq'", "zzq");
        shapes.put("two words 'john smith'", "john smith");
        // the same few thousand Muñoz/Núñez users, by the accented and the unaccented term (folded names)
        shapes.put("accented 'muñoz'", "muñoz");
        shapes.put("unaccented 'nunez'", "nunez");
        shapes.put("two words 'jose munoz'", "jose munoz");
        shapes.put("exact e-mail", email);
        for (Map.Entry<String, String> s : shapes.entrySet()) {
            String q = enc(s.getValue());
            row("kc-edu  " + s.getKey(), root, kc + "/users?max=20&search=" + q);
            row("kc-edu  subtree " + s.getKey(), root, kc + "/users?max=20&domain=" + district + "&search=" + q);
            // stock: the quoted form is its exact search; unquoted it is a prefix search like kc-edu's
            row("stock   " + s.getKey(), master, "/admin/realms/bench/users?max=20&search=" + q);
            if (s.getValue().equals(email)) {
                row("stock   exact e-mail, quoted", master, "/admin/realms/bench/users?max=20&search=" + enc("\"" + email + "\""));
                row("stock   email=&exact=true", master, "/admin/realms/bench/users?max=20&exact=true&email=" + q);
            }
        }
        row("kc-edu  deep page first=" + deep, root, kc + "/users?max=20&first=" + deep);
        row("kc-edu  subtree deep page first=" + deepInDistrict, root, kc + "/users?max=20&domain=" + district + "&first=" + deepInDistrict);
        row("stock   deep page first=" + deep, master, "/admin/realms/bench/users?max=20&first=" + deep);
        row("stock   users/count?search=smi", master, "/admin/realms/bench/users/count?search=smi");

        header("Delegated administration: scoped user list, page of 20 (admin at district D-001 / school S-000001)");
        for (String[] who : new String[][]{{"district admin", districtAdmin}, {"school admin", schoolAdmin}}) {
            row(who[0] + ", no search", who[1], kc + "/users?max=20");
            row(who[0] + ", prefix 'smi'", who[1], kc + "/users?max=20&search=smi");
            row(who[0] + ", prefix 'j'", who[1], kc + "/users?max=20&search=j");
            row(who[0] + ", absent 'zzq'", who[1], kc + "/users?max=20&search=zzq");
            row(who[0] + ", 'john smith'", who[1], kc + "/users?max=20&search=" + enc("john smith"));
            row(who[0] + ", unaccented 'munoz'", who[1], kc + "/users?max=20&search=munoz");
        }
        header("Delegated administration: one decision (same route as realm admin vs as scoped admin; difference = the check)");
        row("GET domain (realm admin)", root, kc + "/domains/" + school);
        row("GET domain (district admin, canViewDomain)", districtAdmin, kc + "/domains/" + school);
        row("GET domain out of scope (school admin, 404: opacity)", schoolAdmin, kc + "/domains/" + outsideSchool, 404);
        row("GET user (realm admin)", root, kc + "/users/" + inScopeUser);
        row("GET user (district admin, canViewUser+canChangeEmail)", districtAdmin, kc + "/users/" + inScopeUser);
        row("GET user (school admin, canViewUser+canChangeEmail)", schoolAdmin, kc + "/users/" + inScopeUser);
    }

    /** Token issue time with and without the kc-edu mapper, interleaved so both see the same server state. */
    static void tokens() throws Exception {
        String user = "bench.mapper@k12.example";
        header("Token issue (user with 5 assignments), clients identical except the kc-edu mapper, interleaved");
        String claim = new String(Base64.getUrlDecoder().decode(grant("bench-mapper", user).get("access_token").split("\\.")[1]),
                StandardCharsets.UTF_8);
        int roles = claim.split("\"role\"", -1).length - 1;
        System.out.printf("sanity: mapper token carries kcedu_roles=%s with %d assignments%n", claim.contains("kcedu_roles"), roles);
        for (String kind : List.of("password", "refresh_token")) {
            List<Long> plain = new ArrayList<>();
            List<Long> mapper = new ArrayList<>();
            String rtPlain = grant("bench-plain", user).get("refresh_token");
            String rtMapper = grant("bench-mapper", user).get("refresh_token");
            int n = kind.equals("password") ? Math.max(samples, 100) : Math.max(samples, 200);
            long start = 0;
            for (int i = -10; i < n && (i < 20 || System.nanoTime() - start < 2 * BUDGET_NANOS); i++) { // 10 warm-up rounds
                if (i == 0) {
                    start = System.nanoTime();
                }
                for (int k = 0; k < 2; k++) {
                    boolean m = (i + k) % 2 == 0; // alternate which client goes first
                    long t = System.nanoTime();
                    if (kind.equals("password")) {
                        grant(m ? "bench-mapper" : "bench-plain", user);
                    } else {
                        refresh(m ? "bench-mapper" : "bench-plain", m ? rtMapper : rtPlain);
                    }
                    if (i >= 0) {
                        (m ? mapper : plain).add(System.nanoTime() - t);
                    }
                }
            }
            print("token " + kind + " grant, stock client (no mapper)", plain, -1);
            print("token " + kind + " grant, kc-edu mapper client", mapper, -1);
            System.out.printf("RATIO token %s grant with/without mapper: p50 %.3f, p95 %.3f, mean %.3f%n", kind,
                    pct(mapper, 50) / pct(plain, 50), pct(mapper, 95) / pct(plain, 95), mean(mapper) / mean(plain));
        }
    }

    static void header(String title) {
        System.out.println();
        System.out.println("== " + title);
        System.out.printf("%-62s %5s %9s %9s %9s %7s%n", "shape", "n", "p50 ms", "p95 ms", "max ms", "items");
    }

    static void row(String label, String token, String path) throws Exception {
        row(label, token, path, 200);
    }

    /** Warm-up once, then timed sequential requests; fails loudly on an unexpected status (no silent figures). */
    static void row(String label, String token, String path, int expected) throws Exception {
        if (ONLY != null && !ONLY.matcher(label).find()) {
            return;
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> warm = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (warm.statusCode() != expected) {
            throw new IllegalStateException(label + ": GET " + path + " answered " + warm.statusCode() + " " + warm.body());
        }
        int items = warm.body().startsWith("[") ? count(warm.body(), "\"id\"\\s*:") : warm.body().matches("\\d+") ? Integer.parseInt(warm.body()) : 1;
        List<Long> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < samples && (times.size() < 10 || System.nanoTime() - start < BUDGET_NANOS)) {
            long t = System.nanoTime();
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            times.add(System.nanoTime() - t);
            if (r.statusCode() != expected) {
                throw new IllegalStateException(label + ": answered " + r.statusCode());
            }
        }
        print(label, times, items);
    }

    static void print(String label, List<Long> nanos, int items) {
        System.out.printf("%-62s %5d %9.1f %9.1f %9.1f %7s%n", label, nanos.size(), pct(nanos, 50), pct(nanos, 95),
                nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6, items < 0 ? "" : String.valueOf(items));
    }

    /** Nearest-rank percentile in ms. */
    static double pct(List<Long> nanos, int p) {
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return s[Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }

    static double mean(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
    }

    static String stateId(String token) throws Exception {
        return field(call(token, "GET", "/realms/bench/kc-edu/domains/by-identifier/STATE/ST", null, 200), "id");
    }

    // ------------------------------------------------------------------ HTTP helpers

    static String userToken(String username) throws Exception {
        return grant("bench-plain", username).get("access_token");
    }

    static Map<String, String> grant(String clientId, String username) throws Exception {
        return tokenCall("bench", Map.of("grant_type", "password", "client_id", clientId, "client_secret", CLIENT_SECRET,
                "username", username, "password", PASSWORD));
    }

    static Map<String, String> refresh(String clientId, String refreshToken) throws Exception {
        return tokenCall("bench", Map.of("grant_type", "refresh_token", "client_id", clientId, "client_secret",
                CLIENT_SECRET, "refresh_token", refreshToken));
    }

    static String token(String realm, String clientId, String secret, String user, String password) throws Exception {
        return tokenCall(realm, Map.of("grant_type", "password", "client_id", clientId, "username", user,
                "password", password)).get("access_token");
    }

    static Map<String, String> tokenCall(String realm, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/realms/" + realm
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
        }
        return Map.of("access_token", field(r.body(), "access_token"), "refresh_token", field(r.body(), "refresh_token"));
    }

    static HttpResponse<String> send(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String call(String token, String method, String path, String json, int expected) throws Exception {
        HttpResponse<String> r = send(token, method, path, json);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
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
