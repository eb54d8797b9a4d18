package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import org.kcedu.it.support.OidcCodeFlow;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.kcedu.it.support.KcEduServerConfig;

/** The directory through its REST API on a real Keycloak: CRUD, validation, authorization, hierarchy, tokens. */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class DirectoryIT {

    static final String PW = EduRealmConfig.DEMO_PASSWORD;
    static final String ADMIN = "state.admin@kc-edu.example";
    static final String VIEWER = "viewer@kc-edu.example";
    static final String TEACHER = "teacher@kc-edu.example";

    @InjectRealm(config = DirectoryRealmConfig.class)
    ManagedRealm realm;

    @org.keycloak.testframework.annotations.InjectAdminClient
    org.keycloak.admin.client.Keycloak keycloakAdmin;

    Api admin;
    String x;

    @BeforeEach
    void setUp() {
        admin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), ADMIN, PW));
        x = UUID.randomUUID().toString().substring(0, 8);
    }

    JsonNode domain(String type, String identifier, String parentId) {
        Map<String, Object> d = new java.util.HashMap<>(Map.of("type", type, "name", type + " " + identifier, "identifier", identifier));
        if (parentId != null) {
            d.put("parentId", parentId);
        }
        return ok(admin.post("domains", d), 201);
    }

    List<String> identifiers(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("identifier").asText()));
        return out;
    }

    String userId(String username) {
        JsonNode users = ok(admin.get("users?search=" + username), 200);
        for (JsonNode u : users) {
            if (u.get("username").asText().equals(username)) {
                return u.get("id").asText();
            }
        }
        throw new AssertionError(username + " not found in " + users);
    }

    @Test
    void noTokenIs401NoRoleIs403ViewerCannotWrite() {
        Api anonymous = new Api(realm.getBaseUrl(), null);
        assertEquals(401, anonymous.get("domains").statusCode());
        assertEquals(401, new Api(realm.getBaseUrl(), "not-a-token").get("domain-types").statusCode());

        Api teacher = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), TEACHER, PW));
        JsonNode err = ok(teacher.get("domains"), 403);
        assertEquals("forbidden", err.get("error").asText());
        assertEquals(403, teacher.get("users").statusCode());
        assertEquals(403, teacher.post("subjects", Map.of("code", "X" + x, "name", "x")).statusCode());

        Api viewer = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), VIEWER, PW));
        ok(viewer.get("domain-types"), 200);
        ok(viewer.get("domains"), 200);
        assertEquals(403, viewer.post("domains", Map.of("type", "STATE", "name", "S", "identifier", "V" + x)).statusCode());
        assertEquals(403, viewer.post("roles", Map.of("name", "R" + x, "domainTypes", List.of("SCHOOL"))).statusCode());
        // nothing was written by the refused call
        assertEquals(0, ok(admin.get("domains?identifier=V" + x), 200).size());
    }

    @Test
    void builtInTypesAndCustomTypeCrud() {
        JsonNode types = ok(admin.get("domain-types"), 200);
        List<String> codes = new ArrayList<>();
        types.forEach(t -> codes.add(t.get("code").asText()));
        assertTrue(codes.containsAll(List.of("STATE", "DISTRICT", "SCHOOL", "GROUP_OF_DISTRICTS", "GROUP_OF_SCHOOLS")), codes.toString());
        JsonNode school = ok(admin.get("domain-types/SCHOOL"), 200);
        // issue 15: state-operated schools (and groups of schools) sit directly under the state by default
        List<String> schoolParents = new ArrayList<>();
        school.get("parentTypes").forEach(t -> schoolParents.add(t.asText()));
        assertEquals(List.of("DISTRICT", "GROUP_OF_SCHOOLS", "STATE"), schoolParents);
        List<String> gosParents = new ArrayList<>();
        ok(admin.get("domain-types/GROUP_OF_SCHOOLS"), 200).get("parentTypes").forEach(t -> gosParents.add(t.asText()));
        assertEquals(List.of("DISTRICT", "STATE"), gosParents);
        List<String> districtParents = new ArrayList<>();
        ok(admin.get("domain-types/DISTRICT"), 200).get("parentTypes").forEach(t -> districtParents.add(t.asText()));
        assertEquals(List.of("GROUP_OF_DISTRICTS", "STATE"), districtParents);

        String code = "MAT_" + x.toUpperCase();
        JsonNode mat = ok(admin.post("domain-types", Map.of("code", code, "name", "Multi-Academy Trust", "parentTypes", List.of("STATE"))), 201);
        assertEquals(false, mat.get("builtIn").asBoolean());
        JsonNode err = ok(admin.post("domain-types", Map.of("code", code, "name", "again")), 409);
        assertEquals("code", err.get("field").asText());
        err = ok(admin.post("domain-types", Map.of("code", "BAD_" + x, "name", "x", "parentTypes", List.of("NOPE"))), 400);
        assertEquals("parentTypes", err.get("field").asText());
        JsonNode upd = ok(admin.put("domain-types/" + code, Map.of("name", "Trust", "parentTypes", List.of())), 200);
        assertEquals("Trust", upd.get("name").asText());
        assertEquals(0, upd.get("parentTypes").size());
        assertEquals(409, admin.delete("domain-types/SCHOOL").statusCode());
        assertEquals(204, admin.delete("domain-types/" + code).statusCode());
        assertEquals(404, admin.get("domain-types/" + code).statusCode());
    }

    @Test
    void hierarchyCreateQueryMoveAndDelete() {
        JsonNode state = domain("STATE", "S" + x, null);
        JsonNode d1 = domain("DISTRICT", "D1" + x, state.get("id").asText());
        JsonNode d2 = domain("DISTRICT", "D2" + x, state.get("id").asText());
        JsonNode sc1 = domain("SCHOOL", "SC1" + x, d1.get("id").asText());
        JsonNode gos = domain("GROUP_OF_SCHOOLS", "G" + x, d1.get("id").asText());
        JsonNode sc2 = domain("SCHOOL", "SC2" + x, gos.get("id").asText());
        assertEquals("D1" + x, sc1.get("parentIdentifier").asText());
        assertEquals(0, sc1.get("version").asInt());

        // validation with field names
        JsonNode err = ok(admin.post("domains", Map.of("type", "SCHOOL", "name", "orphan", "identifier", "O" + x)), 400);
        assertEquals("parentId", err.get("field").asText());
        err = ok(admin.post("domains", Map.of("type", "SCHOOL", "name", "dup", "identifier", "SC1" + x, "parentId", d2.get("id").asText())), 409);
        assertEquals("identifier", err.get("field").asText());
        err = ok(admin.post("domains", Map.of("type", "SCHOOL", "identifier", "N" + x, "parentId", d2.get("id").asText())), 400);
        assertEquals("name", err.get("field").asText());
        err = ok(admin.post("domains", Map.of("type", "DISTRICT", "name", "d", "identifier", "DX" + x, "parentId", sc1.get("id").asText())), 400);
        assertEquals("parentId", err.get("field").asText());

        // ancestors (root first), children, descendants by type, lookup by external identifier
        assertEquals(List.of("S" + x, "D1" + x, "G" + x), identifiers(ok(admin.get("domains/" + sc2.get("id").asText() + "/ancestors"), 200)));
        assertEquals(List.of("SC1" + x, "SC2" + x), identifiers(ok(admin.get("domains/" + d1.get("id").asText() + "/descendants?type=SCHOOL"), 200)));
        assertEquals(4, ok(admin.get("domains/" + state.get("id").asText() + "/descendants?type=SCHOOL&max=1"), 200).size() + 3);
        assertEquals(2, ok(admin.get("domains/" + d1.get("id").asText() + "/children"), 200).size());
        assertEquals(sc2.get("id").asText(), ok(admin.get("domains/by-identifier/SCHOOL/SC2" + x), 200).get("id").asText());
        assertEquals(404, admin.get("domains/by-identifier/SCHOOL/none" + x).statusCode());
        assertEquals(1, ok(admin.get("domains?type=SCHOOL&identifier=SC1" + x), 200).size());
        assertEquals(2, ok(admin.get("domains?search=sc&type=SCHOOL&max=1000"), 200).findValuesAsText("identifier").stream()
                .filter(i -> i.endsWith(x)).count());

        // move the group of schools (with its school) from D1 to D2
        String gosId = gos.get("id").asText();
        // (directly under the STATE is allowed by default since issue 15; under a SCHOOL it is not)
        err = ok(admin.post("domains/" + gosId + "/move", Map.of("parentId", sc1.get("id").asText())), 400);
        assertEquals("parentId", err.get("field").asText());
        err = ok(admin.post("domains/" + d1.get("id").asText() + "/move", Map.of("parentId", sc1.get("id").asText())), 400);
        assertEquals("parentId", err.get("field").asText());
        JsonNode moved = ok(admin.post("domains/" + gosId + "/move", Map.of("parentId", d2.get("id").asText(), "version", 0)), 200);
        assertEquals(d2.get("id").asText(), moved.get("parentId").asText());
        assertEquals(List.of("S" + x, "D2" + x, "G" + x), identifiers(ok(admin.get("domains/" + sc2.get("id").asText() + "/ancestors"), 200)));
        assertEquals(List.of("SC1" + x), identifiers(ok(admin.get("domains/" + d1.get("id").asText() + "/descendants"), 200)));
        assertEquals(List.of("G" + x, "SC2" + x), identifiers(ok(admin.get("domains/" + d2.get("id").asText() + "/descendants"), 200)));
        assertEquals(5, ok(admin.get("domains/" + state.get("id").asText() + "/descendants"), 200).size());

        // optimistic concurrency: stale version (body or If-Match) is 409, the current one works
        String d1Id = d1.get("id").asText();
        err = ok(admin.put("domains/" + d1Id, Map.of("name", "x", "version", 99)), 409);
        assertEquals("version", err.get("field").asText());
        assertEquals(409, admin.put("domains/" + d1Id, Map.of("name", "x"), "\"99\"").statusCode());
        // d1 still has an active school: deactivating it needs cascade=true (issue 15), which deactivates that school too
        assertEquals("active", ok(admin.put("domains/" + d1Id, Map.of("active", false), "\"0\""), 409).get("field").asText());
        JsonNode upd = ok(admin.put("domains/" + d1Id + "?cascade=true", Map.of("name", "Renamed", "ncesId", "0601234", "active", false), "\"0\""), 200);
        assertEquals(1, upd.get("deactivatedDescendants").asInt());
        assertFalse(ok(admin.get("domains/" + sc1.get("id").asText()), 200).get("active").asBoolean());
        assertEquals("Renamed", upd.get("name").asText());
        assertEquals("0601234", upd.get("ncesId").asText());
        assertFalse(upd.get("active").asBoolean());
        assertEquals(1, upd.get("version").asInt());

        // sync: create-or-update by external identifier
        JsonNode synced = ok(admin.put("domains/by-identifier/SCHOOL/SYNC" + x, Map.of("name", "Synced", "parentType", "DISTRICT", "parentIdentifier", "D2" + x)), 201);
        assertEquals(d2.get("id").asText(), synced.get("parentId").asText());
        assertEquals("Again", ok(admin.put("domains/by-identifier/SCHOOL/SYNC" + x, Map.of("name", "Again")), 200).get("name").asText());

        // delete: refused with children, cascade removes the subtree
        err = ok(admin.delete("domains/" + d2.get("id").asText()), 409);
        assertEquals("children", err.get("field").asText());
        assertEquals(204, admin.delete("domains/" + d2.get("id").asText() + "?cascade=true").statusCode());
        assertEquals(404, admin.get("domains/" + sc2.get("id").asText()).statusCode());
        assertEquals(List.of("D1" + x, "SC1" + x), identifiers(ok(admin.get("domains/" + state.get("id").asText() + "/descendants"), 200)));
        assertEquals(204, admin.delete("domains/" + sc1.get("id").asText()).statusCode());
    }

    @Test
    void subjectsRolesAssignmentsGroupsUsersAndTokens() throws Exception {
        JsonNode state = domain("STATE", "S" + x, null);
        JsonNode district = domain("DISTRICT", "D" + x, state.get("id").asText());
        JsonNode school = domain("SCHOOL", "SC" + x, district.get("id").asText());
        JsonNode other = domain("SCHOOL", "OT" + x, district.get("id").asText());
        String schoolId = school.get("id").asText();

        // subjects
        JsonNode math = ok(admin.post("subjects", Map.of("code", "m" + x, "name", "Math")), 201);
        String mathCode = "M" + x.toUpperCase();
        assertEquals(mathCode, math.get("code").asText());
        assertEquals(409, admin.post("subjects", Map.of("code", mathCode, "name", "again")).statusCode());
        assertEquals("Mathematics", ok(admin.put("subjects/" + mathCode, Map.of("name", "Mathematics")), 200).get("name").asText());

        // roles
        String teacherRole = "Teacher " + x;
        JsonNode role = ok(admin.post("roles", Map.of("name", teacherRole, "subjectSpecific", true, "domainTypes", List.of("SCHOOL"),
                "appRoles", List.of("client:reporting:viewer"))), 201);
        assertEquals(List.of("SCHOOL"), List.of(role.get("domainTypes").get(0).asText()));
        assertEquals("domainTypes", ok(admin.post("roles", Map.of("name", "No types " + x)), 400).get("field").asText());
        assertEquals("appRoles", ok(admin.post("roles", Map.of("name", "Bad " + x, "domainTypes", List.of("SCHOOL"), "appRoles", List.of("oops"))), 400).get("field").asText());
        String proctor = "Proctor " + x;
        ok(admin.post("roles", Map.of("name", proctor, "domainTypes", List.of("DISTRICT", "SCHOOL"),
                "appRoles", List.of("realm:proctor-" + x))), 201);
        JsonNode admRole = ok(admin.post("roles", Map.of("name", "Admin " + x, "administrative", true, "domainTypes", List.of("DISTRICT"),
                "grantableRoles", List.of(teacherRole))), 201);
        assertEquals(teacherRole, admRole.get("grantableRoles").get(0).asText());
        assertEquals("Updated", ok(admin.put("roles/" + admRole.get("id").asText(), Map.of("description", "Updated")), 200).get("description").asText());

        String teacher = userId(TEACHER);

        // assignment validation, each naming its field
        assertEquals("domainId", ok(admin.post("assignments", Map.of("userId", teacher, "role", teacherRole, "domainId", district.get("id").asText(), "subject", mathCode)), 400).get("field").asText());
        assertEquals("subject", ok(admin.post("assignments", Map.of("userId", teacher, "role", teacherRole, "domainId", schoolId)), 400).get("field").asText());
        assertEquals("subject", ok(admin.post("assignments", Map.of("userId", teacher, "role", proctor, "domainId", schoolId, "subject", mathCode)), 400).get("field").asText());
        assertEquals("expiresAt", ok(admin.post("assignments", Map.of("userId", teacher, "role", proctor, "domainId", schoolId,
                "startsAt", "2030-01-02", "expiresAt", "2030-01-01")), 400).get("field").asText());
        assertEquals("expiresAt", ok(admin.post("assignments", Map.of("userId", teacher, "role", proctor, "domainId", schoolId, "expiresAt", "tomorrow")), 400).get("field").asText());
        assertEquals("userId", ok(admin.post("assignments", Map.of("userId", "nobody", "role", proctor, "domainId", schoolId)), 400).get("field").asText());

        // grant by external identifiers; duplicate refused
        JsonNode granted = ok(admin.post("assignments", Map.of("userId", teacher, "role", teacherRole, "domainType", "SCHOOL",
                "domainIdentifier", "SC" + x, "subject", mathCode)), 201);
        assertTrue(granted.get("active").asBoolean());
        assertEquals(schoolId, granted.get("domainId").asText());
        assertEquals("role", ok(admin.post("assignments", Map.of("userId", teacher, "role", teacherRole, "domainId", schoolId, "subject", mathCode)), 409).get("field").asText());
        // an expiry in the past is refused (issue 15, §3.5.3); one that has passed since: stored, listed as inactive,
        // never in tokens
        String yesterday = Instant.now().minus(1, ChronoUnit.DAYS).toString();
        String lastWeek = Instant.now().minus(7, ChronoUnit.DAYS).toString();
        assertEquals("expiresAt", ok(admin.post("assignments", Map.of("userId", teacher, "role", proctor, "domainId",
                other.get("id").asText(), "startsAt", lastWeek, "expiresAt", yesterday)), 400).get("field").asText());
        Instant soon = Instant.now().plusSeconds(3);
        JsonNode expired = ok(admin.post("assignments", Map.of("userId", teacher, "role", proctor, "domainId", other.get("id").asText(),
                "startsAt", lastWeek, "expiresAt", soon.toString())), 201);
        while (Instant.now().isBefore(soon.plusMillis(300))) {
            sleep(100);
        }
        assertFalse(ok(admin.get("assignments/" + expired.get("id").asText()), 200).get("active").asBoolean());
        // the subject is deleted only when unused
        assertEquals(409, admin.delete("subjects/" + mathCode).statusCode());

        // lookups by user and by domain (subtree)
        assertEquals(2, ok(admin.get("users/" + teacher + "/assignments"), 200).size());
        assertEquals(1, ok(admin.get("domains/" + schoolId + "/assignments"), 200).size());
        assertEquals(2, ok(admin.get("domains/" + district.get("id").asText() + "/assignments?subtree=true"), 200).size());
        assertEquals(0, ok(admin.get("domains/" + district.get("id").asText() + "/assignments"), 200).size());
        assertEquals(2, ok(admin.get("assignments?userId=" + teacher), 200).size());

        // users in a subtree, searched by prefix
        JsonNode inDistrict = ok(admin.get("users?domain=" + district.get("id").asText() + "&subtree=true"), 200);
        assertEquals(List.of(TEACHER), inDistrict.findValuesAsText("username"));
        assertEquals(0, ok(admin.get("users?domain=" + district.get("id").asText() + "&subtree=false"), 200).size());
        assertEquals(1, ok(admin.get("users?domain=" + state.get("id").asText() + "&search=terr"), 200).size());
        assertEquals(1, ok(admin.get("users?domain=" + state.get("id").asText() + "&search=terry%20teach"), 200).size());
        assertEquals(0, ok(admin.get("users?domain=" + state.get("id").asText() + "&search=zzq"), 200).size());
        assertEquals(TEACHER, ok(admin.get("users/" + teacher), 200).get("username").asText());

        // groups: members get the group's assignments
        JsonNode group = ok(admin.post("groups", Map.of("name", "Proctors " + x, "domainId", district.get("id").asText())), 201);
        String groupId = group.get("id").asText();
        assertEquals("D" + x, group.get("domainIdentifier").asText());
        assertEquals("domainId", ok(admin.post("groups", Map.of("name", "No domain")), 400).get("field").asText());
        assertEquals(204, admin.put("groups/" + groupId + "/members/" + teacher, null).statusCode());
        assertEquals(409, admin.put("groups/" + groupId + "/members/" + teacher, null).statusCode());
        ok(admin.post("assignments", Map.of("groupId", groupId, "role", proctor, "domainId", district.get("id").asText())), 201);
        assertEquals(List.of(TEACHER), ok(admin.get("groups/" + groupId + "/members"), 200).findValuesAsText("username"));
        assertEquals(List.of(groupId), ok(admin.get("users/" + teacher + "/groups"), 200).findValuesAsText("id"));
        assertEquals(1, ok(admin.get("groups/" + groupId + "/assignments"), 200).size());
        assertEquals("Renamed", ok(admin.put("groups/" + groupId, Map.of("name", "Renamed")), 200).get("name").asText());

        // the token carries active assignments only: direct + via group, not the expired one
        JsonNode tokens = Api.tokenResponse(realm.getBaseUrl(), TEACHER, PW);
        JsonNode claims = OidcCodeFlow.claims(tokens.get("access_token").asText());
        JsonNode roles = claims.get("kcedu_roles");
        assertEquals(2, roles.size(), roles.toString());
        List<String> held = new ArrayList<>();
        roles.forEach(r -> held.add(r.get("role").asText() + "@" + r.get("domainType").asText() + ":" + r.get("domainIdentifier").asText()
                + (r.has("subject") ? "/" + r.get("subject").asText() : "")));
        assertTrue(held.contains(teacherRole + "@SCHOOL:SC" + x + "/" + mathCode), held.toString());
        assertTrue(held.contains(proctor + "@DISTRICT:D" + x), held.toString());
        assertFalse(held.toString().contains("OT" + x), "expired assignment must not be in the token: " + held);
        JsonNode chain = claims.get("sbacTenancyChain");
        assertTrue(chain.toString().contains("|" + teacherRole + "|INSTITUTION|edu|"), chain.toString());
        assertTrue(chain.toString().contains("|S" + x + "|STATE S" + x + "|"), chain.toString());
        assertTrue(OidcCodeFlow.claims(tokens.get("id_token").asText()).has("kcedu_roles"));
        // application roles of active assignments in Keycloak's standard role claims, next to Keycloak's own roles
        assertTrue(claims.path("realm_access").path("roles").toString().contains("\"proctor-" + x + "\""), claims.toString());
        assertTrue(claims.path("realm_access").path("roles").toString().contains("\"default-roles-edu\""), claims.toString());
        assertEquals("[\"viewer\"]", claims.path("resource_access").path("reporting").path("roles").toString(), claims.toString());

        // the shipped demo client carries the claim too (real login through the code flow)
        JsonNode demo = new OidcCodeFlow(realm.getBaseUrl(), "demo-portal", EduRealmConfig.clientSecret("demo-portal"),
                "http://localhost:3000/callback").login(TEACHER, PW);
        JsonNode demoRoles = OidcCodeFlow.claims(demo.get("access_token").asText()).get("kcedu_roles");
        assertEquals(2, demoRoles.size(), demoRoles.toString());

        // an inactive domain grants nothing
        String sid = schoolId;
        ok(admin.put("domains/" + sid, Map.of("active", false)), 200);
        JsonNode withSchoolInactive = OidcCodeFlow.claims(Api.token(realm.getBaseUrl(), TEACHER, PW));
        assertEquals(1, withSchoolInactive.get("kcedu_roles").size());
        assertTrue(withSchoolInactive.path("resource_access").path("reporting").isMissingNode(),
                "the school's inactive: its teacher role's application role is gone: " + withSchoolInactive);
        ok(admin.put("domains/" + sid, Map.of("active", true)), 200);

        // change expiry and revoke
        String assignmentId = granted.get("id").asText();
        assertEquals("expiresAt", ok(admin.put("assignments/" + assignmentId, Map.of("expiresAt", yesterday)), 400)
                .get("field").asText(), "a renewal into the past (issue 15)");
        JsonNode changed = ok(admin.put("assignments/" + assignmentId, Map.of("startsAt", "2099-01-01")), 200);
        assertFalse(changed.get("active").asBoolean(), "not started yet");
        assertEquals(204, admin.delete("assignments/" + assignmentId).statusCode());
        assertEquals(404, admin.get("assignments/" + assignmentId).statusCode());
        assertEquals(204, admin.delete("groups/" + groupId + "/members/" + teacher).statusCode());
        assertEquals(204, admin.delete("groups/" + groupId).statusCode());
        assertEquals(409, admin.delete("roles/" + proctor).statusCode());
        assertEquals(204, admin.delete("assignments/" + expired.get("id").asText()).statusCode());
        assertEquals(204, admin.delete("roles/" + proctor).statusCode());
        // (issue 15) the teacher role requires a subject and math is its only one: the role goes first
        assertEquals(409, admin.delete("subjects/" + mathCode).statusCode());
        assertEquals(204, admin.delete("roles/" + role.get("id").asText()).statusCode());
        assertEquals(204, admin.delete("subjects/" + mathCode).statusCode());
    }

    @Test
    void usersCreatedWithAssignmentsUpdatedAndDeleted() {
        JsonNode state = domain("STATE", "S" + x, null);
        JsonNode district = domain("DISTRICT", "D" + x, state.get("id").asText());
        String role = "Staff " + x;
        ok(admin.post("roles", Map.of("name", role, "domainTypes", List.of("DISTRICT"))), 201);
        String email = "new." + x + "@kc-edu.example";

        assertEquals("assignments", ok(admin.post("users", Map.of("email", email, "firstName", "N", "lastName", "U")), 400).get("field").asText());
        assertEquals("email", ok(admin.post("users", Map.of("email", "not-mail", "firstName", "N", "lastName", "U",
                "assignments", List.of(Map.of("role", role, "domainId", district.get("id").asText())))), 400).get("field").asText());
        assertEquals("domainId", ok(admin.post("users", Map.of("email", email, "firstName", "N", "lastName", "U",
                "assignments", List.of(Map.of("role", role, "domainType", "DISTRICT", "domainIdentifier", "nope")))), 400).get("field").asText());
        // refused requests wrote nothing
        assertEquals(0, ok(admin.get("users?search=" + email), 200).size());

        JsonNode created = ok(admin.post("users", Map.of("email", email, "firstName", "New", "lastName", "User",
                "assignments", List.of(Map.of("role", role, "domainId", district.get("id").asText())))), 201);
        String id = created.get("id").asText();
        assertEquals(email, created.get("username").asText());
        assertEquals(1, created.get("assignments").size());
        assertEquals(409, admin.post("users", Map.of("email", email, "firstName", "N", "lastName", "U",
                "assignments", List.of(Map.of("role", role, "domainId", district.get("id").asText())))).statusCode());

        Api viewer = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), VIEWER, PW));
        assertEquals("New", ok(viewer.get("users/" + id), 200).get("firstName").asText());
        assertEquals(403, viewer.put("users/" + id, Map.of("firstName", "Hacked")).statusCode());
        assertEquals(403, viewer.delete("users/" + id).statusCode());

        JsonNode upd = ok(admin.put("users/" + id, Map.of("firstName", "Newer", "email", "changed." + email, "enabled", false)), 200);
        assertEquals("Newer", upd.get("firstName").asText());
        assertEquals("changed." + email, upd.get("email").asText());
        assertFalse(upd.get("enabled").asBoolean());
        assertEquals("username", ok(admin.put("users/" + id, Map.of("username", "other")), 400).get("field").asText());

        assertEquals(1, ok(admin.get("domains/" + district.get("id").asText() + "/assignments"), 200).size());
        assertEquals(204, admin.delete("users/" + id).statusCode());
        assertEquals(404, admin.get("users/" + id).statusCode());
        // the UserRemovedEvent listener removed the assignment with the user
        assertEquals(0, ok(admin.get("domains/" + district.get("id").asText() + "/assignments"), 200).size());
        assertEquals(204, admin.delete("roles/" + role).statusCode());
    }

    @Test
    void samlAssertionCarriesActiveAssignments() throws Exception {
        JsonNode state = domain("STATE", "S" + x, null);
        JsonNode district = domain("DISTRICT", "D" + x, state.get("id").asText());
        JsonNode school = domain("SCHOOL", "SC" + x, district.get("id").asText());
        String role = "SamlRole" + x;
        ok(admin.post("roles", Map.of("name", role, "domainTypes", List.of("SCHOOL"))), 201);
        String teacher = userId(TEACHER);
        JsonNode a = ok(admin.post("assignments", Map.of("userId", teacher, "role", role, "domainId", school.get("id").asText())), 201);
        try {
            String xml = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                    + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_" + UUID.randomUUID() + "\" Version=\"2.0\""
                    + " IssueInstant=\"" + Instant.now() + "\" Destination=\"" + realm.getBaseUrl() + "/protocol/saml\""
                    + " AssertionConsumerServiceURL=\"http://localhost:8081/saml/acs\""
                    + " ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\">"
                    + "<saml:Issuer>demo-saml</saml:Issuer></samlp:AuthnRequest>";
            java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFLATED, true);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.DeflaterOutputStream d = new java.util.zip.DeflaterOutputStream(out, deflater)) {
                d.write(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            org.kcedu.it.support.Http http = new org.kcedu.it.support.Http();
            var page = http.get(realm.getBaseUrl() + "/protocol/saml?SAMLRequest="
                    + org.kcedu.it.support.Http.enc(java.util.Base64.getEncoder().encodeToString(out.toByteArray())));
            assertEquals(200, page.statusCode(), page.body());
            var action = java.util.regex.Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(page.body());
            assertTrue(action.find(), "login form");
            var posted = http.postForm(action.group(1).replace("&amp;", "&"), Map.of("username", TEACHER, "password", PW, "credentialId", ""));
            var samlResponse = java.util.regex.Pattern.compile("name=\"SAMLResponse\"\\s+value=\"([^\"]+)\"").matcher(posted.body());
            assertTrue(samlResponse.find(), "SAMLResponse form: " + posted.statusCode() + " " + posted.body());
            String assertion = new String(java.util.Base64.getMimeDecoder().decode(samlResponse.group(1)), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(assertion.contains("Name=\"kcedu_roles\""), assertion);
            assertTrue(assertion.contains(role + "|SCHOOL|SC" + x + "|" + school.get("id").asText() + "|"), assertion);
        } finally {
            assertEquals(204, admin.delete("assignments/" + a.get("id").asText()).statusCode());
        }
    }

    @Test
    void newRealmGetsTheKcEduRealmRolesAndItsDirectoryIsRemovedWithIt() {
        String name = "kcedu-new-" + x;
        org.keycloak.representations.idm.RealmRepresentation rep = new org.keycloak.representations.idm.RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        keycloakAdmin.realms().create(rep);
        try {
            var roles = keycloakAdmin.realm(name).roles().list().stream().map(r -> r.getName()).toList();
            assertTrue(roles.containsAll(List.of("kc-edu-admin", "kc-edu-viewer")), roles.toString());
        } finally {
            // exercises the RealmRemovedEvent clean-up (built-in domain types are created lazily, so none yet)
            keycloakAdmin.realm(name).remove();
        }
    }

    @Test
    void openApiIsServedWithoutToken() {
        JsonNode doc = ok(new Api(realm.getBaseUrl(), null).get("openapi.json"), 200);
        assertEquals("3.0.3", doc.get("openapi").asText());
        assertTrue(doc.get("paths").has("/domains/{id}/ancestors"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
