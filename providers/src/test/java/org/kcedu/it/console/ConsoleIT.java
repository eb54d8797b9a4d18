package org.kcedu.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.OidcCodeFlow;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The console's server side (issue 13) against a real Keycloak: the files and their headers, config.json, the login
 * client (real code flow + PKCE, calls audited as UI), the demo data, and {@code GET /me} for each kind of caller.
 */
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class ConsoleIT {

    static final String PW = EduRealmConfig.DEMO_PASSWORD;

    @InjectRealm(config = ConsoleRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak keycloak;

    private final HttpClient http = HttpClient.newHttpClient();

    private String console() {
        return realm.getBaseUrl() + "/kc-edu/console/";
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode me(String username) {
        return ok(new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), username, PW)).get("me"), 200);
    }

    private static Set<String> texts(JsonNode array, String field) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        return out;
    }

    // ---------------------------------------------------------------- files

    /** Whether this build contains the web app (not with -Dkcedu.console.skip=true). */
    private boolean built() {
        return ConsoleIT.class.getClassLoader().getResource("kc-edu-console/index.html") != null;
    }

    @Test
    void indexAndClientRoutesServeTheAppWithStrictHeaders() throws Exception {
        HttpResponse<String> index = get(console());
        if (!built()) {
            assertEquals(404, index.statusCode());
            assertTrue(index.body().contains("not part of this bundle"), index.body());
            return;
        }
        assertEquals(200, index.statusCode(), index.body());
        assertTrue(index.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals("no-cache", index.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(1, index.headers().allValues("Content-Security-Policy").size(), "one policy: Keycloak's is not added");
        String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertEquals(List.of("DENY"), index.headers().allValues("X-Frame-Options"));
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer", index.headers().firstValue("Referrer-Policy").orElseThrow());
        assertFalse(index.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script in index.html");

        // a client-side route (with dots, like a user name) goes to the app's fragment route
        HttpResponse<String> route = get(console() + "users/teacher@kc-edu.example");
        assertEquals(302, route.statusCode());
        assertEquals(console() + "#/users/teacher@kc-edu.example", route.headers().firstValue("Location").orElseThrow());

        // the hashed assets the page links: right type, cached for good, gzip when asked
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:src|href)=\"\\./(assets/[^\"]+\\.js)\"").matcher(index.body());
        assertTrue(m.find(), "index.html links a script under assets/: " + index.body());
        HttpResponse<String> js = get(console() + m.group(1));
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertEquals("public, max-age=31536000, immutable", js.headers().firstValue("Cache-Control").orElseThrow());
        HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(URI.create(console() + m.group(1)))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gz.statusCode());
        if (gz.headers().firstValue("Content-Encoding").isPresent()) {
            assertEquals("gzip", gz.headers().firstValue("Content-Encoding").get());
            assertEquals(0x1f, gz.body()[0] & 0xff);
        }
        assertEquals(404, get(console() + "assets/missing-0000.js").statusCode(), "a missing asset is not the app");
    }

    @Test
    void withoutTrailingSlashRedirects() throws Exception {
        HttpResponse<String> r = get(realm.getBaseUrl() + "/kc-edu/console");
        assertEquals(301, r.statusCode());
        assertTrue(r.headers().firstValue("Location").orElseThrow().endsWith("/kc-edu/console/"));
    }

    /** Raw request lines, so no client library normalises the dots away before the server sees them. */
    @Test
    void pathTraversalIsRefused() throws Exception {
        String base = URI.create(console()).getRawPath();
        List<String> attempts = List.of(
                base + "%2e%2e/%2e%2e/%2e%2e/kc-edu/openapi.json",
                base + "assets/%2e%2e/%2e%2e/org/kcedu/core/Caller.class",
                base + "..%2f..%2fkc-edu-build.properties",
                base + "%2e%2e%5c%2e%2e%5ckc-edu-build.properties",
                base + ".%2e/META-INF/services/org.keycloak.provider.Spi",
                base + "assets/..%252f..%252fkc-edu-build.properties");
        List<String> leaks = new ArrayList<>();
        for (String path : attempts) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n");
            String status = response.lines().findFirst().orElse("");
            if (status.contains(" 200 ") && !response.contains("<div id=\"app\">")) {
                leaks.add(path + " -> " + status);
            }
            assertFalse(response.contains("org.kcedu") || response.contains("kcedu.version") || response.contains("\"openapi\""),
                    path + " leaked a file outside the console:\n" + response);
        }
        assertTrue(leaks.isEmpty(), leaks.toString());
    }

    private static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", 8080)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void configJsonNeedsNoTokenAndNamesRealmClientAndApi() throws Exception {
        HttpResponse<String> r = get(console() + "config.json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode c = Api.json(r.body());
        assertEquals("edu", c.get("realm").asText());
        assertEquals("http://localhost:8080", c.get("authServerUrl").asText());
        assertEquals("kc-edu-admin-ui", c.get("clientId").asText());
        assertEquals("/realms/edu/kc-edu", c.get("apiBase").asText());
        assertEquals("en", c.get("locale").asText());
        assertNotNull(r.headers().firstValue("Content-Security-Policy").orElse(null));
    }

    // ---------------------------------------------------------------- login client

    @Test
    void loginClientIsPkceOnlyLimitedToTheConsoleAndItsCallsAreAuditedAsUi() throws Exception {
        // the code flow with PKCE through the real login page, as the console does it
        JsonNode tokens = new OidcCodeFlow(realm.getBaseUrl(), "kc-edu-admin-ui", null, console())
                .login("district.admin@kc-edu.example", PW);
        String token = tokens.get("access_token").asText();
        JsonNode claims = OidcCodeFlow.claims(token);
        assertTrue(claims.get("aud").toString().contains("kc-edu-api"), "API audience in " + claims.get("aud"));
        assertEquals("kc-edu-admin-ui", claims.get("azp").asText());
        assertFalse(OidcCodeFlow.claims(tokens.get("id_token").asText()).get("aud").toString().contains("kc-edu-api"));

        // a redirect outside the console path is refused by Keycloak
        HttpResponse<String> foreign = get(realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=kc-edu-admin-ui"
                + "&redirect_uri=" + java.net.URLEncoder.encode(realm.getBaseUrl() + "/account/", StandardCharsets.UTF_8)
                + "&response_type=code&scope=openid&code_challenge=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&code_challenge_method=S256");
        assertEquals(400, foreign.statusCode());
        // and PKCE is required
        HttpResponse<String> noPkce = get(realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=kc-edu-admin-ui"
                + "&redirect_uri=" + java.net.URLEncoder.encode(console(), StandardCharsets.UTF_8) + "&response_type=code&scope=openid");
        assertTrue(noPkce.statusCode() == 400 || noPkce.headers().firstValue("Location").orElse("").contains("error="),
                "no code_challenge must be refused: " + noPkce.statusCode());
        // the password grant is off for the console client
        HttpResponse<String> password = http.send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=kc-edu-admin-ui&username=district.admin%40kc-edu.example&password=" + PW))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, password.statusCode() == 400 ? 401 : password.statusCode(), password.body());

        // a change made with the console's token is audited with entry point UI
        Api ui = new Api(realm.getBaseUrl(), token);
        JsonNode li = ok(ui.get("users?search=li.chen"), 200).get(0);
        JsonNode grant = ok(ui.post("assignments", Map.of("userId", li.get("id").asText(), "role", "Digital Library User",
                "domainType", "SCHOOL", "domainIdentifier", "990000100012", "expiresAt", "2031-06-30")), 201);
        JsonNode events = ok(ui.get("audit?target=" + li.get("id").asText() + "&action=ROLE_GRANT"), 200);
        JsonNode event = null;
        for (JsonNode e : events) {
            if (e.toString().contains(grant.get("id").asText())) {
                event = e;
            }
        }
        assertNotNull(event, "audit record of the grant: " + events);
        assertEquals("UI", event.get("entryPoint").asText(), event.toString());
        ok(ui.delete("assignments/" + grant.get("id").asText()), 204);

        // the same call with another client's token is entry point API
        Api api = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "district.admin@kc-edu.example", PW));
        JsonNode g2 = ok(api.post("assignments", Map.of("userId", li.get("id").asText(), "role", "Digital Library User",
                "domainType", "SCHOOL", "domainIdentifier", "990000100012")), 201);
        boolean apiSeen = false;
        for (JsonNode e : ok(api.get("audit?target=" + li.get("id").asText() + "&action=ROLE_GRANT"), 200)) {
            if (e.toString().contains(g2.get("id").asText())) {
                assertEquals("API", e.get("entryPoint").asText());
                apiSeen = true;
            }
        }
        assertTrue(apiSeen);
        ok(api.delete("assignments/" + g2.get("id").asText()), 204);
    }

    @Test
    void aNewRealmGetsTheConsoleClient() {
        RealmRepresentation r = new RealmRepresentation();
        r.setRealm("kcedu-console-new");
        r.setEnabled(true);
        try {
            keycloak.realms().create(r);
            List<ClientRepresentation> clients = keycloak.realm("kcedu-console-new").clients().findByClientId("kc-edu-admin-ui");
            assertEquals(1, clients.size(), "client created for the new realm");
            ClientRepresentation c = clients.get(0);
            assertTrue(c.isPublicClient());
            assertFalse(c.isDirectAccessGrantsEnabled());
            assertFalse(c.isImplicitFlowEnabled());
            assertEquals(List.of("/realms/kcedu-console-new/kc-edu/console/*"), c.getRedirectUris());
            assertEquals("S256", c.getAttributes().get("pkce.code.challenge.method"));
            assertTrue(c.getProtocolMappers().stream().anyMatch(m -> "oidc-audience-mapper".equals(m.getProtocolMapper())
                    && "kc-edu-api".equals(m.getConfig().get("included.custom.audience"))));
        } finally {
            keycloak.realm("kcedu-console-new").remove();
        }
    }

    // ---------------------------------------------------------------- demo data and GET /me

    @Test
    void meWithoutTokenIs401() throws Exception {
        HttpResponse<String> r = get(realm.getBaseUrl() + "/kc-edu/me");
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.headers().toString());
    }

    @Test
    void realmAdminSeesTheWholeDemoState() {
        JsonNode me = me("state.admin@kc-edu.example");
        assertEquals("state.admin@kc-edu.example", me.get("user").get("username").asText());
        assertEquals("Stacy", me.get("user").get("firstName").asText());
        assertEquals("edu", me.get("realm").asText());
        assertTrue(me.get("realmAdmin").asBoolean());
        assertFalse(me.get("viewer").asBoolean());
        assertEquals(Set.of("State Administrator"), texts(me.get("adminAssignments"), "role"));
        assertEquals(Set.of("DS"), texts(me.get("scopeRoots"), "identifier"));
        JsonNode can = me.get("can");
        for (String flag : List.of("manageDomains", "manageCatalogue", "manageUsers", "manageGroups", "grant", "readAudit",
                "readReports", "manageSelfRegistration")) {
            assertTrue(can.get(flag).asBoolean(), flag);
        }
        Set<String> kinds = Set.of("users", "assignments", "domains", "groups", "group-memberships", "group-assignments",
                "subjects", "roles", "self-registration");
        assertEquals(kinds, texts(can.get("bulkImport"), null));
        assertEquals(kinds, texts(can.get("bulkExport"), null));
        // 1 state, 3 districts, 6 schools; the 4 users of the realm file + 6 demo users; 10 demo assignments
        assertEquals(10, me.get("counts").get("domains").asLong());
        assertEquals(10, me.get("counts").get("users").asLong());
        assertEquals(10, me.get("counts").get("assignments").asLong());
    }

    @Test
    void districtAdminSeesTheirDistrict() {
        JsonNode me = me("district.admin@kc-edu.example");
        assertFalse(me.get("realmAdmin").asBoolean());
        assertFalse(me.get("viewer").asBoolean());
        JsonNode a = me.get("adminAssignments");
        assertEquals(1, a.size());
        assertEquals("District Administrator", a.get(0).get("role").asText());
        assertEquals("9900001", a.get(0).get("domainIdentifier").asText());
        assertEquals(Set.of("Northfield Unified School District"), texts(me.get("scopeRoots"), "name"));
        JsonNode can = me.get("can");
        assertTrue(can.get("manageDomains").asBoolean());
        assertFalse(can.get("manageCatalogue").asBoolean());
        assertTrue(can.get("manageUsers").asBoolean());
        assertTrue(can.get("manageGroups").asBoolean());
        assertTrue(can.get("grant").asBoolean());
        assertTrue(can.get("readAudit").asBoolean());
        assertTrue(can.get("readReports").asBoolean(), "reports of their own district");
        assertFalse(can.get("manageSelfRegistration").asBoolean(), "self-registration is realm-level only");
        assertEquals(Set.of("users", "assignments", "domains", "groups", "group-memberships", "group-assignments"),
                texts(can.get("bulkImport"), null));
        // self-registration rules are realm-wide: exporting them needs a caller who reads everything
        assertEquals(Set.of("users", "assignments", "domains", "groups", "group-memberships", "group-assignments",
                "subjects", "roles"), texts(can.get("bulkExport"), null));
        // the district and its 3 schools; district, school and test admins, teacher (straddling), 3 more teachers
        assertEquals(4, me.get("counts").get("domains").asLong());
        assertEquals(7, me.get("counts").get("users").asLong());
        assertEquals(7, me.get("counts").get("assignments").asLong());
        // the counts are what the lists show
        Api api = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "district.admin@kc-edu.example", PW));
        assertEquals(7, ok(api.get("users?max=1000"), 200).size());
        assertEquals(4, ok(api.get("domains?max=1000"), 200).size());
    }

    @Test
    void schoolAdminSeesTheirSchool() {
        JsonNode me = me("school.admin@kc-edu.example");
        assertEquals(Set.of("Northfield High School"), texts(me.get("scopeRoots"), "name"));
        assertEquals(1, me.get("counts").get("domains").asLong());
        // school admin, the straddling teacher, Li Chen
        assertEquals(3, me.get("counts").get("users").asLong());
        assertEquals(3, me.get("counts").get("assignments").asLong());
        assertFalse(me.get("can").get("manageCatalogue").asBoolean());
        assertTrue(me.get("can").get("grant").asBoolean());
    }

    @Test
    void subjectLimitedTestAdminSeesOnlyTheirSubjectsTeachers() {
        JsonNode me = me("test.admin@kc-edu.example");
        JsonNode a = me.get("adminAssignments").get(0);
        assertEquals("Test Administrator", a.get("role").asText());
        assertEquals("MATH", a.get("subject").asText());
        JsonNode can = me.get("can");
        assertFalse(can.get("manageDomains").asBoolean(), "a subject-limited admin is not a full admin of the subtree");
        assertFalse(can.get("manageGroups").asBoolean());
        assertTrue(can.get("grant").asBoolean());
        assertEquals(Set.of("users", "assignments"), texts(can.get("bulkImport"), null));
        assertEquals(4, me.get("counts").get("domains").asLong());
        // the MATH Classroom Teachers of the district: the straddling teacher and Li Chen
        assertEquals(2, me.get("counts").get("users").asLong());
        assertEquals(2, me.get("counts").get("assignments").asLong());
    }

    @Test
    void viewerReadsEverythingAndChangesNothing() {
        JsonNode me = me("viewer@kc-edu.example");
        assertTrue(me.get("viewer").asBoolean());
        assertFalse(me.get("realmAdmin").asBoolean());
        JsonNode can = me.get("can");
        for (String flag : List.of("manageDomains", "manageCatalogue", "manageUsers", "manageGroups", "grant")) {
            assertFalse(can.get(flag).asBoolean(), flag);
        }
        assertTrue(can.get("readAudit").asBoolean());
        assertTrue(can.get("readReports").asBoolean());
        assertFalse(can.get("manageSelfRegistration").asBoolean(), "the viewer changes nothing");
        assertEquals(0, can.get("bulkImport").size());
        assertEquals(9, can.get("bulkExport").size());
        assertEquals(Set.of("DS"), texts(me.get("scopeRoots"), "identifier"));
        assertEquals(10, me.get("counts").get("domains").asLong());
    }

    @Test
    void plainUserGetsNothing() {
        JsonNode me = me("teacher@kc-edu.example");
        assertFalse(me.get("realmAdmin").asBoolean());
        assertFalse(me.get("viewer").asBoolean());
        assertEquals(0, me.get("adminAssignments").size());
        assertEquals(0, me.get("scopeRoots").size());
        JsonNode can = me.get("can");
        for (String flag : List.of("manageDomains", "manageCatalogue", "manageUsers", "manageGroups", "grant", "readAudit",
                "readReports", "manageSelfRegistration")) {
            assertFalse(can.get(flag).asBoolean(), flag);
        }
        assertEquals(0, can.get("bulkImport").size());
        assertEquals(0, can.get("bulkExport").size());
        assertEquals(0, me.get("counts").get("domains").asLong());
        assertEquals(0, me.get("counts").get("users").asLong());
        assertEquals(0, me.get("counts").get("assignments").asLong());
    }

    /** The two flags say what the routes answer: each caller's flag matches the status of the route it stands for. */
    @Test
    void reportAndSelfRegistrationFlagsMatchTheRoutes() {
        for (String user : List.of("state.admin@kc-edu.example", "district.admin@kc-edu.example", "viewer@kc-edu.example",
                "teacher@kc-edu.example")) {
            JsonNode can = me(user).get("can");
            Api api = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), user, PW));
            assertEquals(can.get("readReports").asBoolean() ? 200 : 403, api.get("reports/settings").statusCode(), user);
            int rules = api.get("self-registration/rules").statusCode();
            int settings = api.get("self-registration/settings").statusCode();
            assertEquals(can.get("manageSelfRegistration").asBoolean() ? 200 : 403, rules, user);
            assertEquals(rules, settings, user);
        }
    }

    @Test
    void demoUsersAreWhatTheReadmeSays() {
        Api admin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "state.admin@kc-edu.example", PW));
        JsonNode teacher = ok(admin.get("users?search=teacher@kc-edu.example"), 200).get(0);
        JsonNode held = ok(admin.get("users/" + teacher.get("id").asText() + "/assignments"), 200);
        assertEquals(Set.of("990000100011", "990000200021"), texts(held, "domainIdentifier"), "one school in each of two districts");
        assertTrue(teacher.get("hasRolesOutside") == null || !teacher.get("hasRolesOutside").asBoolean());
        Api dana = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "district.admin@kc-edu.example", PW));
        JsonNode seen = ok(dana.get("users/" + teacher.get("id").asText()), 200);
        assertTrue(seen.get("hasRolesOutside").asBoolean(), "the district admin sees the teacher straddling: " + seen);
        // the demo logins work
        Api.token(realm.getBaseUrl(), "school.admin@kc-edu.example", PW);
        Api.token(realm.getBaseUrl(), "test.admin@kc-edu.example", PW);
    }
}
