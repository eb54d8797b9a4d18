package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.OidcCodeFlow;
import org.kcedu.it.support.SamlIdpInitiatedLogin;
import org.kcedu.it.support.TestUsers;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * User activity reports (requirements 8.1-8.3.2) from real logins: users of three schools in two districts of a state
 * log in through the OIDC code flow to two demo clients and through SAML (IdP-initiated POST binding) to demo-saml;
 * the reports count them per school, district and state and per application, as the caller's scope allows.
 * Hierarchy: RST > {RDA > {RSA1, RSA2}, RDB > {RSB1}}.
 */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsIT {

    private static final String PASSWORD = "reports-password-2026";
    private static final String PORTAL = "demo-portal";
    private static final String SPA = "demo-spa";
    private static final String SAML = "demo-saml";

    @InjectRealm(config = DirectoryRealmConfig.class)
    ManagedRealm realm;

    private Api root;
    private Api distAdminA;
    private final Map<String, String> domains = new HashMap<>();
    private final Map<String, String> users = new HashMap<>();

    @BeforeEach
    void buildStateOnce() throws Exception {
        if (root != null) {
            return;
        }
        root = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        domain("RST", "STATE", null);
        domain("RDA", "DISTRICT", "RST");
        domain("RDB", "DISTRICT", "RST");
        domain("RSA1", "SCHOOL", "RDA");
        domain("RSA2", "SCHOOL", "RDA");
        domain("RSB1", "SCHOOL", "RDB");
        ok(root.post("roles", Map.of("name", "Teacher", "subjectSpecific", false, "administrative", false,
                "domainTypes", List.of("STATE", "DISTRICT", "SCHOOL"))), 201);
        ok(root.post("roles", Map.of("name", "Account Administrator", "subjectSpecific", false, "administrative", true,
                "domainTypes", List.of("STATE", "DISTRICT", "SCHOOL"), "grantableRoles", List.of())), 201);
        user("adminA", "Account Administrator", "RDA");
        user("a1", "Teacher", "RSA1");
        user("a1b", "Teacher", "RSA1");
        user("a2", "Teacher", "RSA2");
        user("b1", "Teacher", "RSB1");
        user("idle", "Teacher", "RSB1");
        distAdminA = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), email("adminA"), PASSWORD));

        ClientRepresentation saml = realm.admin().clients().findByClientId(SAML).get(0);
        saml.getAttributes().put("saml_idp_initiated_sso_url_name", SAML);
        realm.admin().clients().get(saml.getId()).update(saml);

        String url = realm.getBaseUrl();
        OidcCodeFlow portal = new OidcCodeFlow(url, PORTAL, EduRealmConfig.clientSecret(PORTAL), "http://localhost:3000/callback");
        OidcCodeFlow spa = new OidcCodeFlow(url, SPA, null, "http://localhost:5173/callback");
        portal.login(email("a1"), PASSWORD);
        portal.login(email("a1"), PASSWORD);
        spa.login(email("a1"), PASSWORD);
        portal.login(email("a1b"), PASSWORD);
        spa.login(email("a2"), PASSWORD);
        portal.login(email("b1"), PASSWORD);
        String assertion = new String(Base64.getMimeDecoder().decode(
                SamlIdpInitiatedLogin.login(url, SAML, email("b1"), PASSWORD)), StandardCharsets.UTF_8);
        assertTrue(assertion.contains(email("b1")), "the SAML response names the user");
        // the aggregator runs every few seconds: wait until the last login is counted
        await("school RSB1 shows b1's SAML login", () -> activity(root, "RSB1", SAML), r -> r.get("active").asLong() == 1);
    }

    @Test
    @Order(1)
    void countsPerSchoolDistrictAndStatePerApplication() {
        JsonNode state = activity(root, "RST", PORTAL);
        assertEquals(6, state.get("registered").asLong(), "every user with an assignment in the state");
        assertEquals(3, state.get("active").asLong(), "a1, a1b, b1 used the portal");
        assertEquals(Map.of("RDA", List.of(4L, 2L), "RDB", List.of(2L, 1L)), rows(state), "by districts");

        JsonNode schools = ok(root.get("reports/activity?domain=STATE:RST&application=" + PORTAL
                + "&breakdownType=SCHOOL"), 200);
        assertEquals(Map.of("RSA1", List.of(2L, 2L), "RSA2", List.of(1L, 0L), "RSB1", List.of(2L, 1L)), rows(schools),
                "by schools, the one without portal users included");
        assertEquals(rows(schools), rows(ok(root.get("reports/activity?domain=STATE:RST&application=" + PORTAL
                + "&breakdownDepth=2"), 200)), "schools are two levels below the state");

        assertEquals(Map.of("RDA", List.of(4L, 2L), "RDB", List.of(2L, 0L)), rows(activity(root, "RST", SPA)));
        assertEquals(Map.of("RDA", List.of(4L, 0L), "RDB", List.of(2L, 1L)), rows(activity(root, "RST", SAML)));

        JsonNode any = activity(root, "RST", null);
        // a1, a1b, a2, b1 logged in to demo clients; adminA to the test client (for the API token)
        assertEquals(5, any.get("active").asLong(), "all applications: each user once");
        Map<String, Long> perApp = new LinkedHashMap<>();
        any.get("applications").forEach(a -> perApp.put(a.get("application").asText(), a.get("active").asLong()));
        assertEquals(Map.of(PORTAL, 3L, SPA, 2L, SAML, 1L, DirectoryRealmConfig.CLIENT, 1L), perApp);
        assertEquals("RST", any.get("domain").get("identifier").asText());
        assertEquals(30, any.get("activeDays").asInt(), "the default active period");
    }

    @Test
    @Order(2)
    void aUsersDetailShowsTheirLastLoginPerApplication() {
        JsonNode logins = ok(root.get("reports/users/" + users.get("a1") + "/logins"), 200);
        Map<String, Long> counts = new HashMap<>();
        logins.forEach(l -> counts.put(l.get("application").asText(), l.get("logins").asLong()));
        assertEquals(Map.of(PORTAL, 2L, SPA, 1L), counts);
        for (JsonNode l : logins) {
            assertTrue(l.get("lastLogin").asText().compareTo(l.get("firstLogin").asText()) >= 0);
        }
        assertEquals(200, distAdminA.get("reports/users/" + users.get("a1") + "/logins").statusCode());
        HttpResponse<String> other = distAdminA.get("reports/users/" + users.get("b1") + "/logins");
        assertEquals(404, other.statusCode(), "authorized like reading the user: b1 is in another district");
        assertEquals(404, distAdminA.get("users/" + users.get("b1")).statusCode());
        HttpResponse<String> absent = distAdminA.get("reports/users/" + UUID.randomUUID() + "/logins");
        assertEquals(other.body().replace(users.get("b1"), "ID"), absent.body().replaceAll("[0-9a-f-]{36}", "ID"),
                "a hidden user reads exactly like an absent one");
    }

    @Test
    @Order(3)
    void aDistrictAdminReportsOnTheirSubtreeOnlyAndElsewhereIsLikeNowhere() {
        JsonNode own = ok(distAdminA.get("reports/activity?application=" + PORTAL), 200);
        assertEquals("RDA", own.get("domain").get("identifier").asText(), "defaults to the admin's own domain");
        assertEquals(4, own.get("registered").asLong());
        assertEquals(Map.of("RSA1", List.of(2L, 2L), "RSA2", List.of(1L, 0L)), rows(own));
        assertEquals(users(distAdminA, "RDA"), own.get("registered").asLong(),
                "registered = the admin's user list of the domain");

        HttpResponse<String> otherDistrict = distAdminA.get("reports/activity?domain=DISTRICT:RDB");
        HttpResponse<String> state = distAdminA.get("reports/activity?domain=STATE:RST");
        HttpResponse<String> missing = distAdminA.get("reports/activity?domain=DISTRICT:NOPE");
        assertEquals(403, otherDistrict.statusCode());
        assertEquals(403, state.statusCode(), "not the state above them either");
        assertEquals(otherDistrict.body().replace("DISTRICT:RDB", "X"), missing.body().replace("DISTRICT:NOPE", "X"),
                "an existing domain outside the scope answers exactly like a domain that does not exist");
        HttpResponse<String> byId = distAdminA.get("reports/activity?domainId=" + domains.get("RDB"));
        HttpResponse<String> missingId = distAdminA.get("reports/activity?domainId=00000000-0000-0000-0000-000000000000");
        assertEquals(403, byId.statusCode());
        assertEquals(byId.body().replace(domains.get("RDB"), "X"),
                missingId.body().replace("00000000-0000-0000-0000-000000000000", "X"));
        assertEquals(403, distAdminA.get("reports/daily-active?domain=DISTRICT:RDB").statusCode());
        assertEquals(400, root.get("reports/activity?domain=DISTRICT:NOPE").statusCode(),
                "who sees everything learns that the domain does not exist");
    }

    @Test
    @Order(4)
    void csvHasTheSameNumbersAsTheJson() {
        for (String app : new String[] {PORTAL, null}) {
            String q = "reports/activity?domain=STATE:RST&breakdownType=SCHOOL" + (app == null ? "" : "&application=" + app);
            JsonNode json = ok(root.get(q), 200);
            HttpResponse<String> csv = root.get(q + "&format=csv");
            assertEquals(200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            List<String[]> lines = new ArrayList<>();
            for (String line : csv.body().replace("\uFEFF", "").split("\r\n")) {
                lines.add(line.split(",", -1));
            }
            assertEquals("level", lines.get(0)[0]);
            assertEquals(List.of("total", json.get("domain").get("id").asText(), json.get("registered").asText(),
                    json.get("active").asText()), List.of(lines.get(1)[0], lines.get(1)[1], lines.get(1)[8], lines.get(1)[9]));
            assertEquals(json.get("breakdown").size(), lines.size() - 2);
            for (int i = 0; i < json.get("breakdown").size(); i++) {
                JsonNode r = json.get("breakdown").get(i);
                String[] c = lines.get(i + 2);
                assertEquals(List.of("breakdown", r.get("domainIdentifier").asText(), r.get("registered").asText(),
                        r.get("active").asText()), List.of(c[0], c[3], c[8], c[9]));
            }
        }
        JsonNode trend = ok(root.get("reports/daily-active?domain=STATE:RST&days=7"), 200);
        String trendCsv = root.get("reports/daily-active?domain=STATE:RST&days=7&format=csv").body();
        assertEquals(trend.get("rows").size(), trendCsv.split("\r\n").length - 1);
        for (JsonNode r : trend.get("rows")) {
            assertTrue(trendCsv.contains("," + r.get("day").asText() + "," + r.get("application").asText() + ","
                    + r.get("activeUsers").asText() + "\r\n"), r + " in " + trendCsv);
        }
    }

    @Test
    @Order(5)
    void dailyActiveUsersPerApplication() {
        JsonNode trend = ok(root.get("reports/daily-active?domain=DISTRICT:RDA"), 200);
        Map<String, Long> today = new HashMap<>();
        String day = trend.get("to").asText();
        trend.get("rows").forEach(r -> {
            if (r.get("day").asText().equals(day)) {
                today.put(r.get("application").asText(), r.get("activeUsers").asLong());
            }
        });
        // a1 portal+spa, a1b portal, a2 spa, adminA the test client; "*" counts each once
        assertEquals(Map.of(PORTAL, 2L, SPA, 2L, DirectoryRealmConfig.CLIENT, 1L, "*", 4L), today);
        JsonNode spaOnly = ok(root.get("reports/daily-active?domain=DISTRICT:RDA&application=" + SPA), 200);
        assertEquals(1, spaOnly.get("rows").size());
        assertEquals(2, spaOnly.get("rows").get(0).get("activeUsers").asLong());
    }

    @Test
    @Order(6)
    void badParametersAreRefusedNamingTheField() {
        field(root.get("reports/activity?domain=STATE:RST&breakdownDepth=0"), "breakdownDepth");
        field(root.get("reports/activity?domain=STATE:RST&breakdownType=PLANET"), "breakdownType");
        field(root.get("reports/activity?domain=STATE:RST&format=xml"), "format");
        field(root.get("reports/activity?domain=STATE:RST&applicaton=demo-portal"), "applicaton");
        field(root.get("reports/activity?domain=RST"), "domain");
        field(root.get("reports/activity"), "domain");
        field(root.get("reports/daily-active?domain=STATE:RST&days=400"), "days");
        field(root.put("reports/settings", Map.of("activeDays", 0)), "activeDays");
        field(root.put("reports/settings", Map.of("activeDays", "ninety")), "activeDays");
        field(root.put("reports/settings", Map.of("activeDays", 90, "retentionDays", 5)), "retentionDays");
        assertEquals(401, new Api(realm.getBaseUrl(), null).get("reports/activity?domain=STATE:RST").statusCode());
    }

    @Test
    @Order(7)
    void theActivePeriodIsOneRealmSettingOnlyRealmAdminsChange() {
        assertEquals(30, ok(distAdminA.get("reports/settings"), 200).get("activeDays").asInt());
        assertEquals(403, distAdminA.put("reports/settings", Map.of("activeDays", 7)).statusCode());
        assertEquals(90, ok(root.put("reports/settings", Map.of("activeDays", 90)), 200).get("activeDays").asInt());
        assertEquals(90, activity(distAdminA, "RDA", null).get("activeDays").asInt(), "every report uses it");
        ok(root.put("reports/settings", Map.of("activeDays", 30)), 200);
    }

    /**
     * The snapshot (what answers large reports) against the live count, after adding the cases where a wrong join
     * would miscount: a user in two districts (direct in RDA, through a group in RDB: once per district, once in the
     * state), a user reached in RDB only through a group, and a delegated admin limited to one role, who must keep their
     * exact scoped live numbers whatever they ask for.
     */
    @Test
    @Order(8)
    void theSnapshotAnswersExactlyLikeTheLiveCountAndNeverWidensAScope() throws Exception {
        ok(root.post("roles", Map.of("name", "Proctor", "subjectSpecific", false, "administrative", false,
                "domainTypes", List.of("STATE", "DISTRICT", "SCHOOL"))), 201);
        ok(root.post("roles", Map.of("name", "Teacher Administrator", "subjectSpecific", false, "administrative", true,
                "domainTypes", List.of("STATE", "DISTRICT", "SCHOOL"), "grantableRoles", List.of("Teacher"))), 201);
        user("twoDistricts", "Teacher", "RSA2");
        user("groupOnly", "Proctor", "RST");
        user("teacherAdminB", "Teacher Administrator", "RDB");
        String group = ok(root.post("groups", Map.of("name", "Reports proctors", "domainId", domains.get("RSB1"))), 201)
                .get("id").asText();
        ok(root.post("assignments", Map.of("groupId", group, "role", "Proctor", "domainId", domains.get("RSB1"))), 201);
        assertEquals(204, root.put("groups/" + group + "/members/" + users.get("twoDistricts"), null).statusCode());
        assertEquals(204, root.put("groups/" + group + "/members/" + users.get("groupOnly"), null).statusCode());
        OidcCodeFlow portal = new OidcCodeFlow(realm.getBaseUrl(), PORTAL, EduRealmConfig.clientSecret(PORTAL),
                "http://localhost:3000/callback");
        portal.login(email("twoDistricts"), PASSWORD);
        portal.login(email("groupOnly"), PASSWORD);
        await("RSB1 shows both group members' portal logins", () -> activity(root, "RSB1", PORTAL),
                r -> r.get("active").asLong() == 3);
        Api teacherAdminB = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), email("teacherAdminB"), PASSWORD));

        assertEquals(403, distAdminA.post("reports/snapshot", Map.of()).statusCode(), "realm administrators only");
        HttpResponse<String> refreshed = root.post("reports/snapshot", Map.of());
        for (int i = 0; i < 20 && refreshed.statusCode() == 409; i++) {
            Thread.sleep(500); // the aggregator's periodic refresh of the new realm holds the lock
            refreshed = root.post("reports/snapshot", Map.of());
        }
        JsonNode taken = ok(refreshed, 200);
        assertTrue(taken.get("domains").asInt() >= 3, "RST, RDA and RDB have children: " + taken);

        String[] reports = {"domain=STATE:RST", "domain=STATE:RST&application=" + PORTAL,
                "domain=STATE:RST&application=" + SAML, "domain=DISTRICT:RDA", "domain=DISTRICT:RDB&application=" + PORTAL,
                "domain=STATE:RST&breakdownDepth=2", "domain=STATE:RST&breakdownType=SCHOOL"};
        for (String q : reports) {
            JsonNode live = ok(root.get("reports/activity?" + q + "&source=live"), 200);
            JsonNode snap = ok(root.get("reports/activity?" + q + "&source=snapshot"), 200);
            assertEquals("live", live.get("source").asText());
            for (String f : List.of("registered", "active", "applications", "breakdown")) {
                assertEquals(live.get(f), snap.get(f), q + ": " + f);
            }
            // schools have no children: the snapshot does not keep them, so breakdowns by schools stay live
            boolean bySchools = q.contains("DISTRICT") || q.contains("breakdownDepth=2") || q.contains("SCHOOL");
            assertEquals(bySchools ? "live" : "snapshot", snap.get("source").asText(), q);
            assertEquals(!bySchools, snap.has("asOf"), q);
            assertTrue(!live.has("asOf"), q);
        }
        JsonNode state = ok(root.get("reports/activity?domain=STATE:RST&application=" + PORTAL + "&source=snapshot"), 200);
        assertEquals(9, state.get("registered").asLong(), "six users, adminA, two new ones (the limited admin too): " + state);
        assertEquals(5, state.get("active").asLong(), "a1, a1b, b1 and both group members");
        assertEquals(Map.of("RDA", List.of(5L, 3L), "RDB", List.of(5L, 3L)), rows(state),
                "twoDistricts counts in both districts, once in each");
        assertEquals(taken.get("asOf").asText(), state.get("asOf").asText());
        assertEquals(Instant.parse(state.get("asOf").asText()).minus(Duration.ofDays(30)).toString(),
                state.get("activeSince").asText(), "the period the snapshot was counted with");
        assertEquals("live", ok(root.get("reports/activity?domain=STATE:RST"), 200).get("source").asText(),
                "auto: a small state is counted live");

        // the limited admin sees the Teacher holders of RDB only: b1, idle (not the group's proctors, not themself)
        JsonNode limited = ok(teacherAdminB.get("reports/activity?domain=DISTRICT:RDB&source=snapshot"), 200);
        assertEquals("live", limited.get("source").asText(), "a limited scope is never answered from the snapshot");
        assertEquals(2, limited.get("registered").asLong(), limited.toString());
        assertEquals(users(teacherAdminB, "RDB"), limited.get("registered").asLong());
        assertEquals(Map.of("RSB1", List.of(2L, 1L)), rows(limited));
        assertEquals(403, teacherAdminB.get("reports/activity?domain=DISTRICT:RDA&source=snapshot").statusCode());
        field(root.get("reports/activity?domain=STATE:RST&source=cache"), "source");

        // a snapshot taken with another active period is not used
        ok(root.put("reports/settings", Map.of("activeDays", 7)), 200);
        assertEquals("live", ok(root.get("reports/activity?domain=STATE:RST&source=snapshot"), 200).get("source").asText());
        ok(root.put("reports/settings", Map.of("activeDays", 30)), 200);
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode activity(Api api, String district, String app) {
        String type = district.startsWith("RST") ? "STATE" : district.startsWith("RD") ? "DISTRICT" : "SCHOOL";
        return ok(api.get("reports/activity?domain=" + type + ":" + district + (app == null ? "" : "&application=" + app)), 200);
    }

    /** Breakdown rows as identifier -> [registered, active]. */
    private static Map<String, List<Long>> rows(JsonNode report) {
        Map<String, List<Long>> m = new HashMap<>();
        report.get("breakdown").forEach(r -> m.put(r.get("domainIdentifier").asText(),
                List.of(r.get("registered").asLong(), r.get("active").asLong())));
        return m;
    }

    private long users(Api api, String domain) {
        return ok(api.get("users?max=1000&domain=" + domains.get(domain)), 200).size();
    }

    private static void field(HttpResponse<String> res, String field) {
        assertEquals(400, res.statusCode(), res.body());
        assertEquals(field, Api.json(res.body()).path("field").asText(), res.body());
    }

    private static void await(String what, java.util.function.Supplier<JsonNode> probe, Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + ": not after 60 s; last " + last);
    }

    private void domain(String identifier, String type, String parent) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "name", "Domain " + identifier, "identifier", identifier));
        if (parent != null) {
            body.put("parentId", domains.get(parent));
        }
        domains.put(identifier, ok(root.post("domains", body), 201).get("id").asText());
    }

    private static String email(String key) {
        return key.toLowerCase() + "@reports.kc-edu.example";
    }

    private void user(String key, String role, String domain) {
        String id = ok(root.post("users", Map.of("email", email(key), "firstName", key, "lastName", "Reports",
                "assignments", List.of(Map.of("role", role, "domainId", domains.get(domain))))), 201).get("id").asText();
        users.put(key, id);
        TestUsers.readyForPasswordLogin(realm.admin().users().get(id), PASSWORD);
    }
}
