import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Timing side channel of the registration and forgot-password forms (requirements 7.2; keycloak/keycloak#26625).
 * For each form, N requests per case (existing account, new address in an authorized domain, new address elsewhere),
 * interleaved in a random order per round, each one a fresh visitor: open the form (not timed), submit it (timed:
 * the POST until its response is complete). Forms: kc-edu registration and kc-edu reset (realm {@code edu}), and
 * stock Keycloak's reset (realm {@code stock}, built-in "reset credentials" flow), in the same run.
 * Prints medians, p95 and a two-sided Mann-Whitney rank-sum test for each pair of cases of a form.
 *   java bench/RegistrationTimingBench.java <base-url> <n> [warm-up rounds]
 */
public class RegistrationTimingBench {

    static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    static final String CLIENT = "demo-portal";
    static final String API_CLIENT = "bench-api";
    static final String API_SECRET = "bench-api-secret";
    static final String REDIRECT = "http://localhost:3000/cb";
    static String base;

    record Case(String form, String name, String realm, java.util.function.IntFunction<String> address) {
    }

    public static void main(String[] a) throws Exception {
        base = a[0];
        int n = Integer.parseInt(a[1]);
        int warmup = a.length > 2 ? Integer.parseInt(a[2]) : 20;
        setUp();
        long run = System.currentTimeMillis();
        List<Case> cases = List.of(
                new Case("kc-edu registration", "existing", "edu", i -> "teacher@kc-edu.example"),
                new Case("kc-edu registration", "new authorized", "edu", i -> "r" + run + "x" + i + "@allowed.bench"),
                new Case("kc-edu registration", "new unauthorized", "edu", i -> "r" + run + "x" + i + "@nowhere.bench"),
                new Case("kc-edu reset", "existing", "edu", i -> "viewer@kc-edu.example"),
                new Case("kc-edu reset", "new authorized", "edu", i -> "p" + run + "x" + i + "@allowed.bench"),
                new Case("kc-edu reset", "new unauthorized", "edu", i -> "p" + run + "x" + i + "@nowhere.bench"),
                new Case("stock reset", "existing", "stock", i -> "viewer@kc-edu.example"),
                new Case("stock reset", "new authorized", "stock", i -> "s" + run + "x" + i + "@allowed.bench"),
                new Case("stock reset", "new unauthorized", "stock", i -> "s" + run + "x" + i + "@nowhere.bench"));
        Map<Case, List<Double>> samples = new LinkedHashMap<>();
        cases.forEach(c -> samples.put(c, new ArrayList<>()));
        Random random = new Random(42);
        List<Case> order = new ArrayList<>(cases);
        for (int round = 0; round < warmup + n; round++) {
            Collections.shuffle(order, random);
            for (Case c : order) {
                double ms = measure(c, round);
                if (round >= warmup) {
                    samples.get(c).add(ms);
                }
            }
        }
        System.out.printf("%d requests per case after %d warm-up rounds, interleaved; times of the form POST in ms%n%n", n, warmup);
        System.out.println("| form | case | n | median | p95 | mean |");
        System.out.println("|---|---|---|---|---|---|");
        for (Case c : cases) {
            List<Double> s = sorted(samples.get(c));
            System.out.printf("| %s | %s | %d | %.1f | %.1f | %.1f |%n", c.form(), c.name(), s.size(), q(s, 0.5), q(s, 0.95),
                    s.stream().mapToDouble(d -> d).average().orElse(0));
        }
        System.out.println();
        System.out.println("| form | pair | median difference (ms) | Mann-Whitney z | p (two-sided) |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 0; i < cases.size(); i++) {
            for (int j = i + 1; j < cases.size(); j++) {
                Case x = cases.get(i), y = cases.get(j);
                if (!x.form().equals(y.form())) {
                    continue;
                }
                double[] zp = mannWhitney(samples.get(x), samples.get(y));
                System.out.printf("| %s | %s vs %s | %.1f | %.2f | %.3g |%n", x.form(), x.name(), y.name(),
                        q(sorted(samples.get(x)), 0.5) - q(sorted(samples.get(y)), 0.5), zp[0], zp[1]);
            }
        }
    }

    static double measure(Case c, int round) throws Exception {
        Browser b = new Browser();
        String realmUrl = base + "/realms/" + c.realm();
        String email = c.address().apply(round);
        if (c.form().contains("registration")) {
            HttpResponse<String> page = b.follow(b.get(realmUrl + "/protocol/openid-connect/registrations?client_id=" + CLIENT
                    + "&redirect_uri=" + enc(REDIRECT) + "&response_type=code&scope=openid"
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"));
            String action = action(page.body(), "kc-register-form");
            long t0 = System.nanoTime();
            HttpResponse<String> r = b.post(action, Map.of("email", email, "firstName", "Bench", "lastName", "Mark"));
            long t1 = System.nanoTime();
            check(r.statusCode() == 200 && r.body().contains("kcedu-register-sent"), c, r);
            return (t1 - t0) / 1e6;
        }
        HttpResponse<String> page = b.follow(b.get(realmUrl + "/login-actions/reset-credentials?client_id=" + CLIENT));
        String action = action(page.body(), "kc-reset-password-form");
        long t0 = System.nanoTime();
        HttpResponse<String> r = b.post(action, Map.of("username", email));
        long t1 = System.nanoTime();
        check(r.statusCode() == 302 || r.statusCode() == 200, c, r);
        return (t1 - t0) / 1e6;
    }

    static void check(boolean ok, Case c, HttpResponse<String> r) {
        if (!ok) {
            throw new IllegalStateException(c + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Rule @allowed.bench in realm edu, and request limits high enough for the run (realm attributes, no restart). */
    static void setUp() throws Exception {
        Browser b = new Browser();
        createApiClient(b);
        HttpResponse<String> t = b.post(base + "/realms/edu/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", API_CLIENT, "client_secret", API_SECRET, "username", "state.admin@kc-edu.example", "password", "kc-edu-demo-2026"));
        Matcher m = ACCESS_TOKEN.matcher(t.body());
        if (!m.find()) {
            throw new IllegalStateException("no token: " + t.body());
        }
        String token = m.group(1);
        String api = base + "/realms/edu/kc-edu/";
        b.json("POST", api + "domains", token, "{\"type\":\"STATE\",\"identifier\":\"BENCH\",\"name\":\"Bench State\"}");
        b.json("POST", api + "roles", token, "{\"name\":\"Bench Teacher\",\"domainTypes\":[\"STATE\"]}");
        b.json("POST", api + "self-registration/rules", token, "{\"emailDomain\":\"allowed.bench\",\"role\":\"Bench Teacher\","
                + "\"domainType\":\"STATE\",\"domainIdentifier\":\"BENCH\"}");
        b.json("PUT", api + "self-registration/settings", token, "{\"requestsPerAddressPerHour\":1000000,\"requestsPerIpPerHour\":1000000}");
    }

    /**
     * The kc-edu API takes only tokens meant for it (audience kc-edu-api): the master admin adds a confidential
     * client to realm edu with the audience mapper and the password grant, for the set-up calls only.
     */
    static void createApiClient(Browser b) throws Exception {
        Matcher m = ACCESS_TOKEN.matcher(b.post(base + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin")).body());
        if (!m.find()) {
            throw new IllegalStateException("no master admin token");
        }
        b.json("POST", base + "/admin/realms/edu/clients", m.group(1), "{\"clientId\":\"" + API_CLIENT + "\",\"secret\":\""
                + API_SECRET + "\",\"publicClient\":false,\"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":true,"
                + "\"protocolMappers\":[{\"name\":\"kc-edu-api audience\",\"protocol\":\"openid-connect\","
                + "\"protocolMapper\":\"oidc-audience-mapper\",\"config\":{\"included.custom.audience\":\"kc-edu-api\","
                + "\"access.token.claim\":\"true\"}}]}");
    }

    static List<Double> sorted(List<Double> s) {
        List<Double> c = new ArrayList<>(s);
        Collections.sort(c);
        return c;
    }

    static double q(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        double pos = p * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
    }

    /** Two-sided Mann-Whitney U test, normal approximation with tie correction: {z, p}. */
    static double[] mannWhitney(List<Double> x, List<Double> y) {
        int n1 = x.size(), n2 = y.size(), n = n1 + n2;
        double[][] all = new double[n][2];
        for (int i = 0; i < n1; i++) all[i] = new double[]{x.get(i), 0};
        for (int i = 0; i < n2; i++) all[n1 + i] = new double[]{y.get(i), 1};
        java.util.Arrays.sort(all, (p, r) -> Double.compare(p[0], r[0]));
        double rankSumX = 0, tie = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[j + 1][0] == all[i][0]) j++;
            double rank = (i + j) / 2.0 + 1;
            int t = j - i + 1;
            tie += (double) t * t * t - t;
            for (int k = i; k <= j; k++) if (all[k][1] == 0) rankSumX += rank;
            i = j + 1;
        }
        double u = rankSumX - n1 * (n1 + 1) / 2.0;
        double mu = n1 * n2 / 2.0;
        double sigma = Math.sqrt(n1 * n2 / 12.0 * ((n + 1) - tie / ((double) n * (n - 1))));
        double z = (u - mu) / sigma;
        return new double[]{z, 2 * (1 - phi(Math.abs(z)))};
    }

    /** Standard normal CDF (Abramowitz-Stegun 26.2.17). */
    static double phi(double z) {
        double t = 1 / (1 + 0.2316419 * z);
        double d = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        return 1 - d * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    }

    static String action(String html, String formId) {
        Matcher m = Pattern.compile("<form[^>]*id=\"" + formId + "\"[^>]*action=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no form " + formId + " in " + html);
        }
        return m.group(1).replace("&amp;", "&");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A visitor with its own cookies (Keycloak's Secure cookies kept on http://localhost too). */
    static final class Browser {
        final Map<String, String> cookies = new ConcurrentHashMap<>();
        final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(60)).cookieHandler(new CookieHandler() {
                    @Override
                    public Map<String, List<String>> get(URI uri, Map<String, List<String>> h) {
                        return cookies.isEmpty() ? Map.of() : Map.of("Cookie", List.of(cookies.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))));
                    }

                    @Override
                    public void put(URI uri, Map<String, List<String>> h) {
                        h.forEach((k, v) -> {
                            if ("set-cookie".equalsIgnoreCase(k)) {
                                for (String c : v) {
                                    String pair = c.split(";", 2)[0];
                                    int eq = pair.indexOf('=');
                                    String value = pair.substring(eq + 1);
                                    if (value.isEmpty() || c.toLowerCase().contains("max-age=0")) {
                                        cookies.remove(pair.substring(0, eq));
                                    } else {
                                        cookies.put(pair.substring(0, eq), value);
                                    }
                                }
                            }
                        });
                    }
                }).build();

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        void json(String method, String url, String token, String body) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2 && r.statusCode() != 409) {
                throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
            }
        }

        HttpResponse<String> follow(HttpResponse<String> r) throws Exception {
            for (int i = 0; i < 5 && r.statusCode() / 100 == 3; i++) {
                r = get(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()).toString());
            }
            return r;
        }
    }
}
