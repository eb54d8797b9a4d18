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
        // the ending is audited per assignment
        JsonNode audit = ok(admin.get("audit?action=ROLE_ASSIGNMENT_UPDATE&target=" + u1), 200);
        assertTrue(audit.toString().contains(atSchool), audit.toString());
    }
}
