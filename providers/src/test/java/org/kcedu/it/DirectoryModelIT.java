package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.KcEduServerConfig;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Issue #15 part B through the REST API: per-role subject lists (§3.3.3, §3.5.2), roles in use (§3.3.2), users'
 * external ids and exact lookups, accent-insensitive name search, and list totals.
 */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class DirectoryModelIT {

    static final String PW = EduRealmConfig.DEMO_PASSWORD;
    static final String ADMIN = "state.admin@kc-edu.example";

    @InjectRealm(config = DirectoryRealmConfig.class)
    ManagedRealm realm;

    Api admin;
    String x;
    String X;

    @BeforeEach
    void setUp() {
        admin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), ADMIN, PW));
        x = UUID.randomUUID().toString().substring(0, 8);
        X = x.toUpperCase();
    }

    JsonNode domain(String type, String identifier, String parentId) {
        Map<String, Object> d = new HashMap<>(Map.of("type", type, "name", type + " " + identifier, "identifier", identifier));
        if (parentId != null) {
            d.put("parentId", parentId);
        }
        return ok(admin.post("domains", d), 201);
    }

    /** A new user holding {@code role} at {@code domainId}; returns the id. */
    String user(String local, String role, String domainId) {
        return ok(admin.post("users", Map.of("email", local + "." + x + "@model.kc-edu.example", "firstName", "Model",
                "lastName", local, "assignments", List.of(Map.of("role", role, "domainId", domainId)))), 201).get("id").asText();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    JsonNode grant(String userId, String role, String domainId, String subject, int status) {
        Map<String, Object> body = new HashMap<>(Map.of("userId", userId, "role", role, "domainId", domainId));
        if (subject != null) {
            body.put("subject", subject);
        }
        return ok(admin.post("assignments", body), status);
    }

    @Test
    void roleSubjectListsDecideWhichSubjectAnAssignmentMayCarry() {
        JsonNode state = domain("STATE", "S" + x, null);
        JsonNode district = domain("DISTRICT", "D" + x, state.get("id").asText());
        String school = domain("SCHOOL", "SC" + x, district.get("id").asText()).get("id").asText();
        String math = "MATH" + X, ela = "ELA" + X, wl = "WL" + X;
        for (String code : List.of(math, ela, wl)) {
            ok(admin.post("subjects", Map.of("code", code, "name", code)), 201);
        }
        String plain = "Plain " + x;
        ok(admin.post("roles", Map.of("name", plain, "domainTypes", List.of("SCHOOL"))), 201);
        String holder = user("subj", plain, school);

        // "Reporting User": Math or ELA, or no subject (= all subjects)
        String reporting = "Reporting " + x;
        JsonNode role = ok(admin.post("roles", Map.of("name", reporting, "domainTypes", List.of("SCHOOL"),
                "subjects", List.of(math, ela.toLowerCase()))), 201);
        assertEquals(List.of(ela, math), texts(role.get("subjects")));
        assertFalse(role.get("subjectRequired").asBoolean());
        assertTrue(role.get("subjectSpecific").asBoolean(), "older field: the role has subjects");
        JsonNode blank = grant(holder, reporting, school, null, 201);
        assertFalse(blank.has("subject"), blank.toString());
        assertEquals(math, grant(holder, reporting, school, math, 201).get("subject").asText());
        JsonNode err = grant(holder, reporting, school, wl, 400);
        assertEquals("subject", err.get("field").asText());
        assertTrue(err.get("message").asText().contains("cannot be assigned for subject " + wl), err.toString());
        assertEquals("subject", grant(holder, reporting, school, "NOPE" + X, 400).get("field").asText());

        // a role that requires one of its subjects
        String scorer = "Scorer " + x;
        ok(admin.post("roles", Map.of("name", scorer, "domainTypes", List.of("SCHOOL"), "subjects", List.of(math),
                "subjectRequired", true)), 201);
        err = grant(holder, scorer, school, null, 400);
        assertEquals("subject", err.get("field").asText());
        assertTrue(err.get("message").asText().contains("requires a subject"), err.toString());
        assertEquals("subject", grant(holder, scorer, school, ela, 400).get("field").asText());
        grant(holder, scorer, school, math, 201);
        // a role without subjects takes none
        err = grant(holder, plain, school, math, 400);
        assertEquals("subject", err.get("field").asText());
        assertTrue(err.get("message").asText().contains("takes no subject"), err.toString());

        // validation of the role itself, naming the field; nothing written
        assertEquals("subjects", ok(admin.post("roles", Map.of("name", "Bad1 " + x, "domainTypes", List.of("SCHOOL"),
                "subjects", List.of("NOPE" + X))), 400).get("field").asText());
        assertEquals("subjectRequired", ok(admin.post("roles", Map.of("name", "Bad2 " + x, "domainTypes", List.of("SCHOOL"),
                "subjectRequired", true)), 400).get("field").asText());
        assertEquals("subjectSpecific", ok(admin.post("roles", Map.of("name", "Bad3 " + x, "domainTypes", List.of("SCHOOL"),
                "subjects", List.of(math), "subjectSpecific", false)), 400).get("field").asText());
        assertEquals(0, ok(admin.get("roles"), 200).findValuesAsText("name").stream().filter(n -> n.startsWith("Bad")
                && n.endsWith(x)).count());

        // the older field: subjectSpecific true = every subject of the realm, required
        JsonNode legacy = ok(admin.post("roles", Map.of("name", "Legacy " + x, "domainTypes", List.of("SCHOOL"),
                "subjectSpecific", true)), 201);
        assertTrue(texts(legacy.get("subjects")).containsAll(List.of(math, ela, wl)), legacy.toString());
        assertTrue(legacy.get("subjectRequired").asBoolean());

        // deleting a subject takes it out of the roles' lists; not the only subject of a role requiring one
        assertEquals(204, admin.delete("subjects/" + wl).statusCode());
        assertFalse(texts(ok(admin.get("roles/" + legacy.get("id").asText()), 200).get("subjects")).contains(wl));
        String art = "ART" + X;
        ok(admin.post("subjects", Map.of("code", art, "name", "Art")), 201);
        ok(admin.post("roles", Map.of("name", "Art " + x, "domainTypes", List.of("SCHOOL"), "subjects", List.of(art),
                "subjectRequired", true)), 201);
        assertEquals("roles", ok(admin.delete("subjects/" + art), 409).get("field").asText());
        assertEquals(200, admin.get("subjects/" + art).statusCode());
    }

    @Test
    void changingARoleInUseIs409WithTheCountUnlessItsAssignmentsAreEnded() {
        JsonNode state = domain("STATE", "S" + x, null);
        String district = domain("DISTRICT", "D" + x, state.get("id").asText()).get("id").asText();
        String school = domain("SCHOOL", "SC" + x, district).get("id").asText();
        String math = "M" + X, ela = "E" + X;
        ok(admin.post("subjects", Map.of("code", math, "name", "Math")), 201);
        ok(admin.post("subjects", Map.of("code", ela, "name", "ELA")), 201);
        String plain = "Plain " + x;
        ok(admin.post("roles", Map.of("name", plain, "domainTypes", List.of("SCHOOL", "DISTRICT"))), 201);
        String u1 = user("inuse1", plain, school), u2 = user("inuse2", plain, school);
        String roleId = ok(admin.post("roles", Map.of("name", "InUse " + x, "domainTypes", List.of("DISTRICT", "SCHOOL"),
                "subjects", List.of(math, ela))), 201).get("id").asText();
        String atSchool = grant(u1, "InUse " + x, school, math, 201).get("id").asText();
        String blank = grant(u2, "InUse " + x, school, null, 201).get("id").asText();
        String atDistrict = grant(u1, "InUse " + x, district, ela, 201).get("id").asText();

        // DISTRICT only: the two school assignments would violate it
        JsonNode err = ok(admin.put("roles/" + roleId, Map.of("domainTypes", List.of("DISTRICT"))), 409);
        assertEquals("assignments", err.get("field").asText());
        assertTrue(err.get("message").asText().startsWith("2 current role assignments"), err.toString());
        assertEquals(2, ok(admin.get("roles/" + roleId), 200).get("domainTypes").size(), "refused: unchanged");
        // ELA only: the math one; required: the blank one
        err = ok(admin.put("roles/" + roleId, Map.of("subjects", List.of(ela))), 409);
        assertTrue(err.get("message").asText().startsWith("1 current"), err.toString());
        err = ok(admin.put("roles/" + roleId, Map.of("subjectRequired", true)), 409);
        assertTrue(err.get("message").asText().startsWith("1 current"), err.toString());
        assertEquals(2, ok(admin.get("roles/" + roleId), 200).get("subjects").size());
        // a change no current assignment violates goes through
        ok(admin.put("roles/" + roleId, Map.of("description", "still fine", "domainTypes", List.of("SCHOOL", "DISTRICT"))), 200);

        // the documented option ends the violating assignments (kept, listed as ended) and changes the role
        JsonNode changed = ok(admin.put("roles/" + roleId + "?endAssignments=true", Map.of("domainTypes", List.of("DISTRICT"))), 200);
        assertEquals(List.of("DISTRICT"), texts(changed.get("domainTypes")));
        for (String id : List.of(atSchool, blank)) {
            JsonNode a = ok(admin.get("assignments/" + id), 200);
            assertFalse(a.get("active").asBoolean(), a.toString());
            assertTrue(a.has("expiresAt"), a.toString());
        }
        assertTrue(ok(admin.get("assignments/" + atDistrict), 200).get("active").asBoolean());
        // ended assignments no longer count: the same change again is no conflict
        ok(admin.put("roles/" + roleId, Map.of("domainTypes", List.of("DISTRICT"))), 200);
        // the ending is audited per assignment: u1's school assignment (not the district one)
        JsonNode audit = ok(admin.get("audit?action=ROLE_ASSIGNMENT_UPDATE&target=" + u1), 200);
        assertEquals(1, audit.size(), audit.toString());
        assertTrue(audit.get(0).path("changes").path("expiresAt").has("after"), audit.toString());
        assertEquals(1, ok(admin.get("audit?action=ROLE_ASSIGNMENT_UPDATE&target=" + u2), 200).size());
    }

    static long total(java.net.http.HttpResponse<String> res) {
        return Long.parseLong(res.headers().firstValue("X-Total-Count").orElseThrow(() -> new AssertionError(
                "no X-Total-Count on " + res.uri() + ": " + res.headers().map())));
    }

    @Test
    void externalIdsAreUniqueAndFoundExactlyLikeEmailsWithScopedTotals() {
        TwoDistricts f = twoDistricts();
        String districtA = f.districtA(), districtB = f.districtB(), staff = f.staff(), adminRole = f.adminRole();
        String email = "ext." + x + "@model.kc-edu.example";
        String ext = "SIS-" + x;

        JsonNode created = ok(admin.post("users", Map.of("email", email, "firstName", "Ext", "lastName", "Ernal",
                "externalId", " " + ext + " ", "assignments", List.of(Map.of("role", staff, "domainId", districtA)))), 201);
        String id = created.get("id").asText();
        assertEquals(ext, created.get("externalId").asText(), "trimmed");
        assertEquals(ext, ok(admin.get("users/" + id), 200).get("externalId").asText());

        // unique per realm: 409 naming the field, nothing written
        String other = "other." + x + "@model.kc-edu.example";
        JsonNode err = ok(admin.post("users", Map.of("email", other, "firstName", "O", "lastName", "T", "externalId", ext,
                "assignments", List.of(Map.of("role", staff, "domainId", districtB)))), 409);
        assertEquals("externalId", err.get("field").asText());
        assertEquals(0, ok(admin.get("users?email=" + other), 200).size());
        assertEquals("externalId", ok(admin.post("users", Map.of("email", other, "firstName", "O", "lastName", "T",
                "externalId", "x".repeat(256), "assignments", List.of(Map.of("role", staff, "domainId", districtB)))), 400)
                .get("field").asText());
        String otherId = ok(admin.post("users", Map.of("email", other, "firstName", "O", "lastName", "T", "externalId",
                ext + "-B", "assignments", List.of(Map.of("role", staff, "domainId", districtB)))), 201).get("id").asText();

        // exact lookups: externalId, and e-mail whatever its case; a prefix is not a match
        var byExt = admin.get("users?externalId=" + ext);
        assertEquals(List.of(id), ok(byExt, 200).findValuesAsText("id"));
        assertEquals(1, total(byExt));
        assertEquals(ext, ok(byExt, 200).get(0).get("externalId").asText(), "lists carry the external id");
        var byEmail = admin.get("users?email=" + email.toUpperCase());
        assertEquals(List.of(id), ok(byEmail, 200).findValuesAsText("id"));
        assertEquals(1, total(byEmail));
        assertEquals(0, ok(admin.get("users?email=ext." + x), 200).size());
        assertEquals(0, ok(admin.get("users?externalId=SIS-"), 200).size());

        // PUT: a taken external id is 409, an empty one clears it
        assertEquals("externalId", ok(admin.put("users/" + otherId, Map.of("externalId", ext)), 409).get("field").asText());
        assertEquals(ext + "-B", ok(admin.get("users/" + otherId), 200).get("externalId").asText());
        JsonNode cleared = ok(admin.put("users/" + otherId, Map.of("externalId", "")), 200);
        assertFalse(cleared.has("externalId"), cleared.toString());
        assertEquals(0, ok(admin.get("users?externalId=" + ext + "-B"), 200).size());
        ok(admin.put("users/" + otherId, Map.of("externalId", ext + "-B2")), 200);

        // totals: the whole list, not the page
        var page = admin.get("users?search=other&email=" + other + "&max=1");
        assertEquals(1, ok(page, 200).size());
        var paged = admin.get("users?domain=" + f.stateId() + "&max=1");
        assertEquals(1, ok(paged, 200).size());
        assertEquals(2, total(paged));
        var assignments = admin.get("users/" + id + "/assignments");
        assertEquals(1, total(assignments));
        assertEquals(2, total(admin.get("domains/" + f.stateId() + "/assignments?subtree=true&max=1")));
        assertEquals(1, total(admin.get("assignments?domainId=" + districtA)));
        assertTrue(total(admin.get("roles")) >= 2);

        // a delegated admin of district A: counts and lookups see only district A (B's external id is not found)
        String dadminEmail = "dadmin." + x + "@model.kc-edu.example";
        String dadminId = ok(admin.post("users", Map.of("email", dadminEmail, "firstName", "D", "lastName", "Admin",
                "assignments", List.of(Map.of("role", adminRole, "domainId", districtA)))), 201).get("id").asText();
        org.kcedu.it.support.TestUsers.readyForPasswordLogin(realm.admin().users().get(dadminId), "model-password-2026");
        Api dadmin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), dadminEmail, "model-password-2026"));
        var seen = dadmin.get("users?domain=" + districtA + "&max=100");
        assertEquals(2, total(seen), ok(seen, 200).toString()); // the user and the admin themself
        var hidden = dadmin.get("users?externalId=" + ext + "-B2");
        assertEquals(0, ok(hidden, 200).size());
        assertEquals(0, total(hidden));
        var absent = dadmin.get("users?externalId=NOPE-" + x);
        assertEquals(ok(absent, 200).toString(), ok(hidden, 200).toString());
        assertEquals(0, total(dadmin.get("users?email=" + other)));
        assertEquals(1, total(dadmin.get("users?externalId=" + ext)));
    }

    static boolean capped(java.net.http.HttpResponse<String> res) {
        return res.headers().firstValue("X-Total-Count-Capped").map("true"::equals).orElse(false);
    }

    @Test
    void userSearchTotalsAreCappedAndCountOnlyTheCallersScope() {
        int cap = KcEduServerConfig.USERS_COUNT_CAP; // 25 on the test server
        TwoDistricts f = twoDistricts();
        String districtA = f.districtA(), districtB = f.districtB(), staff = f.staff(), adminRole = f.adminRole();
        // more than the cap in district A, the rest in B: 39 users named "Cap<x>…", x keeps the search to them
        int inA = cap + 2, inB = 12;
        for (int i = 0; i < inA + inB; i++) {
            person("Cap" + x + i, "Counted", staff, i < inA ? districtA : districtB);
        }
        String term = "users?search=cap" + x;

        // realm admin: a full first page counts at most first + cap matches and says there are more
        var first = admin.get(term + "&max=5");
        assertEquals(5, ok(first, 200).size());
        assertEquals(cap, total(first));
        assertTrue(capped(first), first.headers().map().toString());
        // further on, first + cap is beyond the 39: exact, not capped
        var later = admin.get(term + "&first=20&max=5");
        assertEquals(inA + inB, total(later));
        assertFalse(capped(later));
        // a page that is not full is the end of the list: exact
        var all = admin.get(term + "&max=100");
        assertEquals(inA + inB, ok(all, 200).size());
        assertEquals(inA + inB, total(all));
        assertFalse(capped(all));

        // a delegated admin of district A: the capped count is the scoped one, like the list; their exact total is
        // the number of users in their scope (27 of the 39), never the realm's
        String dadminEmail = "cadmin." + x + "@search.kc-edu.example";
        String dadminId = ok(admin.post("users", Map.of("email", dadminEmail, "firstName", "C", "lastName", "Admin",
                "assignments", List.of(Map.of("role", adminRole, "domainId", districtA)))), 201).get("id").asText();
        org.kcedu.it.support.TestUsers.readyForPasswordLogin(realm.admin().users().get(dadminId), "cap-password-2026");
        Api dadmin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), dadminEmail, "cap-password-2026"));
        int inScope = ok(dadmin.get(term + "&max=100"), 200).size();
        assertEquals(inA, inScope);
        var scopedFirst = dadmin.get(term + "&max=5");
        assertEquals(cap, total(scopedFirst));
        assertTrue(capped(scopedFirst));
        // first 5 + cap 25 = 30 would cap the realm's 39; the admin's 27 are counted exactly
        var scoped = dadmin.get(term + "&first=5&max=5");
        assertEquals(inScope, total(scoped));
        assertFalse(capped(scoped));
        var scopedInB = dadmin.get(term + "&domain=" + districtB + "&max=5");
        assertEquals(404, scopedInB.statusCode(), "district B is not theirs to name");
        var scopedInA = dadmin.get(term + "&domain=" + districtA + "&first=5&max=5");
        assertEquals(inScope, total(scopedInA));
    }

    /** Ids of the users a search gives (the page), asserting the page's X-Total-Count agrees. */
    static List<String> found(Api api, String query) {
        var res = api.get("users?max=100&search=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
        List<String> ids = ok(res, 200).findValuesAsText("id");
        assertEquals(ids.size(), total(res), query);
        return ids.stream().sorted().toList();
    }

    /** This test's state with districts A and B, a district role and an administrative district role. */
    record TwoDistricts(String stateId, String districtA, String districtB, String staff, String adminRole) {
    }

    TwoDistricts twoDistricts() {
        String stateId = domain("STATE", "S" + x, null).get("id").asText();
        String staff = "Staff " + x;
        ok(admin.post("roles", Map.of("name", staff, "domainTypes", List.of("DISTRICT"))), 201);
        String adminRole = "DAdmin " + x;
        ok(admin.post("roles", Map.of("name", adminRole, "administrative", true, "domainTypes", List.of("DISTRICT"))), 201);
        return new TwoDistricts(stateId, domain("DISTRICT", "DA" + x, stateId).get("id").asText(),
                domain("DISTRICT", "DB" + x, stateId).get("id").asText(), staff, adminRole);
    }

    String person(String first, String last, String role, String domainId) {
        return ok(admin.post("users", Map.of("email", UUID.randomUUID().toString().substring(0, 8) + "." + x
                + "@search.kc-edu.example", "firstName", first, "lastName", last,
                "assignments", List.of(Map.of("role", role, "domainId", domainId)))), 201).get("id").asText();
    }

    @Test
    void namesAreFoundWhateverTheirAccentsAndCaseWithinTheCallersScope() {
        TwoDistricts f = twoDistricts();
        String districtA = f.districtA(), districtB = f.districtB(), staff = f.staff(), adminRole = f.adminRole();

        // x is lower-case hex: appended to names it keeps these searches to this test's users
        String ana = person("Ana", "Muñoz" + x, staff, districtA);
        String luis = person("Luis", "MUÑOZ" + x, staff, districtA);
        String plain = person("Pablo", "Munoz" + x, staff, districtA);
        String zoe = person("Zoë" + x, "Adams", staff, districtA);
        String hidden = person("José" + x, "Muñoz" + x + "hidden", staff, districtB);
        List<String> allMunoz = java.util.stream.Stream.of(ana, luis, plain, hidden).sorted().toList();

        for (String term : List.of("Munoz" + x, "MUÑOZ" + x, "muñoz" + x, "MUNOZ" + x, "mUnO")) {
            assertEquals(allMunoz, found(admin, term + (term.length() == 4 ? "z" + x : "")), term);
        }
        assertEquals(List.of(zoe), found(admin, "zoe" + x));
        assertEquals(List.of(zoe), found(admin, "ZOË" + x));
        // two words: first and last name, both folded
        assertEquals(List.of(hidden), found(admin, "jose" + x + " munoz" + x));
        assertEquals(List.of(hidden), found(admin, "JOSÉ" + x + " Muñoz" + x + "h"));
        assertEquals(List.of(), found(admin, "ana munoz" + x + "hidden"));
        // the other shapes still work: exact id, username / e-mail prefix, subtree filter
        assertEquals(List.of(zoe), found(admin, zoe));
        String zoeEmail = ok(admin.get("users/" + zoe), 200).get("email").asText();
        assertEquals(List.of(zoe), found(admin, zoeEmail.substring(0, 12)));
        assertEquals(List.of(hidden), ok(admin.get("users?max=100&domain=" + districtB + "&search=munoz" + x), 200)
                .findValuesAsText("id"));

        // Keycloak's own admin API renames a user and creates one: both searchable folded, the old name no longer
        var kcUser = realm.admin().users().get(plain);
        var rep = kcUser.toRepresentation();
        rep.setLastName("Peña" + x);
        kcUser.update(rep);
        assertEquals(List.of(plain), found(admin, "pena" + x));
        assertFalse(found(admin, "munoz" + x).contains(plain));
        var created = new org.keycloak.representations.idm.UserRepresentation();
        created.setUsername("kc." + x);
        created.setEmail("kc." + x + "@search.kc-edu.example");
        created.setFirstName("Øyvind" + x);
        created.setLastName("Kc");
        created.setEnabled(true);
        String kcId;
        try (var r = realm.admin().users().create(created)) {
            assertEquals(201, r.getStatus());
            kcId = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(r);
        }
        assertEquals(List.of(kcId), found(admin, "oyvind" + x));
        realm.admin().users().delete(kcId).close();
        assertEquals(List.of(), found(admin, "oyvind" + x));

        // a delegated admin of district A: finds A's Muñoz users folded, never B's (same answer as a name nobody has)
        String dadminEmail = "sadmin." + x + "@search.kc-edu.example";
        String dadminId = ok(admin.post("users", Map.of("email", dadminEmail, "firstName", "S", "lastName", "Admin",
                "assignments", List.of(Map.of("role", adminRole, "domainId", districtA)))), 201).get("id").asText();
        org.kcedu.it.support.TestUsers.readyForPasswordLogin(realm.admin().users().get(dadminId), "search-password-2026");
        Api dadmin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), dadminEmail, "search-password-2026"));
        assertEquals(java.util.stream.Stream.of(ana, luis).sorted().toList(), found(dadmin, "munoz" + x));
        assertEquals(List.of(), found(dadmin, "munoz" + x + "hidden"));
        assertEquals(List.of(), found(dadmin, "jose" + x));
        assertEquals(List.of(), found(dadmin, "jose" + x + " munoz" + x));
        assertEquals(List.of(), found(dadmin, hidden));
        assertEquals(ok(dadmin.get("users?search=jose" + x), 200).toString(),
                ok(dadmin.get("users?search=nobody" + x), 200).toString());
        assertEquals(List.of(zoe), found(dadmin, "zoe" + x));
    }

    @Test
    void domainAndGroupListsCarryTotalsScopedLikeTheList() {
        String stateId = domain("STATE", "S" + x, null).get("id").asText();
        String districtA = domain("DISTRICT", "DA" + x, stateId).get("id").asText();
        String districtB = domain("DISTRICT", "DB" + x, stateId).get("id").asText();
        List<String> schoolsA = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            schoolsA.add(domain("SCHOOL", "SA" + x + i, districtA).get("id").asText());
        }
        domain("SCHOOL", "SB" + x, districtB);
        String adminRole = "TAdmin " + x;
        ok(admin.post("roles", Map.of("name", adminRole, "administrative", true, "domainTypes", List.of("DISTRICT"))), 201);
        String staff = "TStaff " + x;
        ok(admin.post("roles", Map.of("name", staff, "domainTypes", List.of("SCHOOL", "DISTRICT"))), 201);
        String groupA1 = ok(admin.post("groups", Map.of("name", "Grp " + x + " A1", "domainId", districtA)), 201).get("id").asText();
        ok(admin.post("groups", Map.of("name", "Grp " + x + " A2", "domainId", schoolsA.get(0))), 201);
        String groupB = ok(admin.post("groups", Map.of("name", "Grp " + x + " B", "domainId", districtB)), 201).get("id").asText();
        List<String> members3 = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String u = user("member" + i, staff, schoolsA.get(i));
            members3.add(u);
            assertEquals(204, admin.put("groups/" + groupA1 + "/members/" + u, null).statusCode());
        }
        // member0 also belongs to district B's group
        assertEquals(204, admin.put("groups/" + groupB + "/members/" + members3.get(0), null).statusCode());

        // realm admin: the whole list's count, whatever the page
        var page = admin.get("domains?search=SA" + x + "&max=1");
        assertEquals(1, ok(page, 200).size());
        assertEquals(3, total(page));
        assertEquals(0, total(admin.get("domains?search=none" + x)));
        assertTrue(total(admin.get("domains?type=SCHOOL&max=1")) >= 4);
        assertEquals(2, total(admin.get("domains/" + stateId + "/children?max=1")));
        assertEquals(6, total(admin.get("domains/" + stateId + "/descendants?max=2")));
        assertEquals(4, total(admin.get("domains/" + stateId + "/descendants?type=SCHOOL&max=1")));
        assertEquals(2, total(admin.get("domains/" + stateId + "/descendants?depth=1")));
        var ancestors = admin.get("domains/" + schoolsA.get(0) + "/ancestors");
        assertEquals(2, ok(ancestors, 200).size());
        assertEquals(2, total(ancestors));
        var groupPage = admin.get("groups?search=" + java.net.URLEncoder.encode("Grp " + x, java.nio.charset.StandardCharsets.UTF_8) + "&max=1");
        assertEquals(1, ok(groupPage, 200).size());
        assertEquals(3, total(groupPage));
        var members = admin.get("groups/" + groupA1 + "/members?max=2");
        assertEquals(2, ok(members, 200).size());
        assertEquals(3, total(members));
        assertEquals(2, total(admin.get("users/" + members3.get(0) + "/groups")));

        // a delegated admin of district A: totals count only district A's subtree
        String dadminEmail = "tadmin." + x + "@model.kc-edu.example";
        String dadminId = ok(admin.post("users", Map.of("email", dadminEmail, "firstName", "T", "lastName", "Admin",
                "assignments", List.of(Map.of("role", adminRole, "domainId", districtA)))), 201).get("id").asText();
        org.kcedu.it.support.TestUsers.readyForPasswordLogin(realm.admin().users().get(dadminId), "totals-password-2026");
        Api dadmin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), dadminEmail, "totals-password-2026"));
        var mine = dadmin.get("domains?type=SCHOOL&max=1");
        assertEquals(1, ok(mine, 200).size());
        assertEquals(3, total(mine), "district A's schools only");
        assertEquals(4, total(dadmin.get("domains?max=1")), "district A and its schools");
        var hidden = dadmin.get("domains?search=SB" + x);
        assertEquals(0, total(hidden), "district B's school is not counted");
        assertEquals(ok(dadmin.get("domains?search=none" + x), 200).toString(), ok(hidden, 200).toString());
        assertEquals(3, total(dadmin.get("domains/" + districtA + "/children?max=1")));
        assertEquals(3, total(dadmin.get("domains/" + districtA + "/descendants?max=1")));
        assertEquals(404, dadmin.get("domains/" + districtB + "/children").statusCode());
        assertEquals(404, dadmin.get("domains/" + districtB + "/descendants").statusCode());
        var groups = dadmin.get("groups?max=1");
        assertEquals(1, ok(groups, 200).size());
        assertEquals(2, total(groups), "A1 and A2, not B");
        assertEquals(3, total(dadmin.get("groups/" + groupA1 + "/members?max=1")));
        var userGroups = dadmin.get("users/" + members3.get(0) + "/groups");
        assertEquals(1, ok(userGroups, 200).size());
        assertEquals(1, total(userGroups), "district B's group is neither listed nor counted");
    }
}
