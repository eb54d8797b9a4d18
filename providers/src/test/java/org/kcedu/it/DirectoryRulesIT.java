package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.OidcCodeFlow;
import org.kcedu.it.support.TestUsers;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The directory rules of issue 15 through the REST API: validated expiry (§3.5.3), inactive domains that grant nothing
 * new (§3.2.6), descendants by depth and status (§3.2.8), unique NCES ids with a shape warning (§3.2.3), the default
 * hierarchy (state-operated schools) and messages that name domains by TYPE:identifier.
 */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class DirectoryRulesIT {

    static final String PASSWORD = "directory-rules-2026";

    @InjectRealm(config = DirectoryRealmConfig.class)
    ManagedRealm realm;

    Api admin;
    String x;

    @BeforeEach
    void setUp() {
        admin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        x = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    JsonNode domain(String type, String identifier, String parentId, String ncesId) {
        Map<String, Object> d = new HashMap<>(Map.of("type", type, "name", type + " " + identifier, "identifier", identifier));
        if (parentId != null) {
            d.put("parentId", parentId);
        }
        if (ncesId != null) {
            d.put("ncesId", ncesId);
        }
        return ok(admin.post("domains", d), 201);
    }

    String id(JsonNode n) {
        return n.get("id").asText();
    }

    String role(String... types) {
        return ok(admin.post("roles", Map.of("name", "Role " + x + types.length, "domainTypes", List.of(types))), 201)
                .get("name").asText();
    }

    /** A user who can log in, holding no role yet (made through Keycloak's admin API: kc-edu's needs a role). */
    String user(String key) {
        String username = (key + x).toLowerCase();
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(username);
        rep.setEmail(username + "@rules.kc-edu.example");
        rep.setFirstName(key);
        rep.setLastName("Rules");
        rep.setEnabled(true);
        rep.setEmailVerified(true);
        String id;
        try (Response created = realm.admin().users().create(rep)) {
            assertEquals(201, created.getStatus());
            id = CreatedResponseUtil.getCreatedId(created);
        }
        TestUsers.readyForPasswordLogin(realm.admin().users().get(id), PASSWORD);
        return id;
    }

    List<String> tokenRoles(String key) throws Exception {
        JsonNode claims = OidcCodeFlow.claims(Api.token(realm.getBaseUrl(), (key + x).toLowerCase(), PASSWORD));
        List<String> held = new ArrayList<>();
        claims.path("kcedu_roles").forEach(r -> held.add(r.get("domainType").asText() + ":" + r.get("domainIdentifier").asText()));
        return held;
    }

    static void assertField(JsonNode err, String field, String... messageParts) {
        assertEquals(field, err.get("field").asText(), err.toString());
        for (String part : messageParts) {
            assertTrue(err.toString().contains(part), part + " in " + err);
        }
    }

    @Test
    void anExpiryMustLieInTheFutureAndAfterTheStartAndExpiredOnesStayReadable() throws Exception {
        JsonNode state = domain("STATE", "S" + x, null, null);
        String r = role("STATE");
        String u = user("exp");
        String yesterday = Instant.now().minus(1, ChronoUnit.DAYS).toString();
        assertField(ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(state),
                "expiresAt", "2020-01-01")), 400), "expiresAt", "2020-01-01T00:00:00Z is not in the future");
        assertField(ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(state),
                "startsAt", Instant.now().minus(7, ChronoUnit.DAYS).toString(), "expiresAt", yesterday)), 400), "expiresAt");
        assertField(ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(state),
                "startsAt", "2099-02-01", "expiresAt", "2099-01-01")), 400), "expiresAt", "after the start");
        assertEquals(0, ok(admin.get("users/" + u + "/assignments"), 200).size(), "nothing was written");

        // one that expires in a few seconds: then expired, still stored, listed and readable
        Instant soon = Instant.now().plusSeconds(3);
        String a = id(ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(state),
                "expiresAt", soon.toString())), 201));
        while (Instant.now().isBefore(soon.plusMillis(300))) {
            Thread.sleep(100);
        }
        JsonNode expired = ok(admin.get("assignments/" + a), 200);
        assertFalse(expired.get("active").asBoolean());
        assertEquals(1, ok(admin.get("users/" + u + "/assignments"), 200).size());
        assertEquals(List.of(), tokenRoles("exp"));
        // changing only the start keeps the (past) expiry: allowed; renewing into the past: 400; into the future: 200
        ok(admin.put("assignments/" + a, Map.of("startsAt", Instant.now().minus(2, ChronoUnit.DAYS).toString())), 200);
        assertField(ok(admin.put("assignments/" + a, Map.of("expiresAt", yesterday)), 400), "expiresAt", "not in the future");
        JsonNode renewed = ok(admin.put("assignments/" + a, Map.of("expiresAt", "2099-01-01")), 200);
        assertTrue(renewed.get("active").asBoolean());
        assertEquals(List.of("STATE:S" + x), tokenRoles("exp"));
        assertField(ok(admin.put("assignments/" + a, Map.of("startsAt", "2099-02-01")), 400), "expiresAt", "after the start");
    }

    @Test
    void inactiveDomainsGrantNothingNewAndDeactivationRefusesOrCascades() throws Exception {
        JsonNode state = domain("STATE", "S" + x, null, null);
        JsonNode district = domain("DISTRICT", "D" + x, id(state), null);
        JsonNode school = domain("SCHOOL", "SC" + x, id(district), null);
        JsonNode other = domain("SCHOOL", "OT" + x, id(district), null);
        String r = role("DISTRICT", "SCHOOL");
        String u = user("ina");
        ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(school))), 201);
        assertEquals(List.of("SCHOOL:SC" + x), tokenRoles("ina"));

        // deactivating the district with 2 active schools: refused with the count, unless cascade=true
        JsonNode refused = ok(admin.put("domains/" + id(district), Map.of("active", false)), 409);
        assertField(refused, "active", "DISTRICT:D" + x, "2 active descendants", "cascade=true");
        assertTrue(ok(admin.get("domains/" + id(district)), 200).get("active").asBoolean(), "nothing changed");
        JsonNode cascaded = ok(admin.put("domains/" + id(district) + "?cascade=true", Map.of("active", false)), 200);
        assertFalse(cascaded.get("active").asBoolean());
        assertEquals(2, cascaded.get("deactivatedDescendants").asInt());
        JsonNode schoolNow = ok(admin.get("domains/" + id(school)), 200);
        assertFalse(schoolNow.get("active").asBoolean());
        assertEquals(school.get("version").asInt() + 1, schoolNow.get("version").asInt(), "a cascade bumps versions");
        assertEquals(409, admin.put("domains/" + id(school), Map.of("name", "stale", "version", school.get("version").asInt()))
                .statusCode(), "an edit based on the version before the cascade is stale");
        JsonNode audit = ok(admin.get("audit?target=" + id(district) + "&action=DOMAIN_UPDATE"), 200);
        assertTrue(audit.toString().contains("deactivatedDescendants"), audit.toString());

        // existing assignments are kept and listed, inactive, and out of tokens
        JsonNode held = ok(admin.get("users/" + u + "/assignments"), 200);
        assertEquals(1, held.size());
        assertFalse(held.get(0).get("active").asBoolean());
        assertEquals(List.of(), tokenRoles("ina"));

        // no new assignment at an inactive domain (by id or by identifier), for a group either
        assertField(ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(other))), 400),
                "domainId", "SCHOOL:OT" + x, "inactive");
        assertField(ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainType", "DISTRICT",
                "domainIdentifier", "D" + x)), 400), "domainId", "Domain DISTRICT:D" + x + " is inactive");
        String group = id(ok(admin.post("groups", Map.of("name", "G" + x, "domainId", id(state))), 201));
        assertField(ok(admin.post("assignments", Map.of("groupId", group, "role", r, "domainId", id(district))), 400),
                "domainId", "DISTRICT:D" + x);
        // a school reactivated under the still inactive district: below an inactive domain, still nothing new
        ok(admin.put("domains/" + id(other), Map.of("active", true)), 200);
        assertField(ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(other))), 400),
                "domainId", "SCHOOL:OT" + x + " lies below the inactive domain DISTRICT:D" + x);
        ok(admin.put("domains/" + id(school), Map.of("active", true)), 200);
        assertEquals(List.of(), tokenRoles("ina"), "an active school below an inactive district grants nothing");
        assertEquals(1, ok(admin.get("users/" + u + "/assignments"), 200).size(), "the refused grants wrote nothing");

        // descendants filtered by status and depth
        assertEquals(List.of("D" + x, "OT" + x, "SC" + x), identifiers(ok(admin.get("domains/" + id(state) + "/descendants"), 200)));
        assertEquals(List.of("OT" + x, "SC" + x), identifiers(ok(admin.get("domains/" + id(state)
                + "/descendants?includeInactive=false"), 200)));
        assertEquals(List.of("D" + x), identifiers(ok(admin.get("domains/" + id(state) + "/descendants?depth=1"), 200)));
        assertEquals(List.of(), identifiers(ok(admin.get("domains/" + id(state) + "/descendants?depth=1&includeInactive=false"), 200)));
        assertEquals(3, ok(admin.get("domains/" + id(state) + "/descendants?depth=2"), 200).size());
        assertField(ok(admin.get("domains/" + id(state) + "/descendants?depth=0"), 400), "depth");

        // reactivating the district (never cascades): the school's assignment is in tokens again
        JsonNode back = ok(admin.put("domains/" + id(district), Map.of("active", true)), 200);
        assertFalse(back.has("deactivatedDescendants"));
        assertEquals(List.of("SCHOOL:SC" + x), tokenRoles("ina"));
        ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(other))), 201);
        // a domain without active descendants deactivates without cascade; answer fields are never input
        ok(admin.put("domains/" + id(other), Map.of("active", false)), 200);
        assertField(ok(admin.put("domains/" + id(other), Map.of("deactivatedDescendants", 3)), 400), "deactivatedDescendants");
    }

    static List<String> identifiers(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("identifier").asText()));
        return out;
    }

    @Test
    void ncesIdsAreUniquePerRealmAndOddShapesAreAnsweredWithAWarning() {
        String digits = String.valueOf(Math.abs((long) x.hashCode()) % 10_000_000L + 10_000_000L).substring(1); // 7
        JsonNode state = domain("STATE", "S" + x, null, null);
        JsonNode district = domain("DISTRICT", "D" + x, id(state), digits);
        assertFalse(district.has("warnings"), district.toString());
        JsonNode school = domain("SCHOOL", "SC" + x, id(district), digits + "00001");
        assertFalse(school.has("warnings"));
        // a second domain with the same NCES id: 409 naming ncesId, on create and on update
        Map<String, Object> dup = Map.of("type", "SCHOOL", "name", "dup", "identifier", "DUP" + x, "parentId", id(district),
                "ncesId", digits + "00001");
        assertField(ok(admin.post("domains", dup), 409), "ncesId", digits + "00001", "already used");
        assertEquals(0, ok(admin.get("domains?identifier=DUP" + x), 200).size());
        JsonNode other = domain("SCHOOL", "OT" + x, id(district), null);
        assertField(ok(admin.put("domains/" + id(other), Map.of("ncesId", digits)), 409), "ncesId");
        assertField(ok(admin.put("domains/by-identifier/SCHOOL/OT" + x, Map.of("ncesId", digits)), 409), "ncesId");
        // its own id again is no conflict; domains without one never conflict
        ok(admin.put("domains/" + id(school), Map.of("ncesId", digits + "00001", "name", "Renamed")), 200);
        domain("SCHOOL", "N1" + x, id(district), null);
        // a shape that is not NCES: stored, with a warning naming the field
        JsonNode odd = ok(admin.put("domains/" + id(other), Map.of("ncesId", "12-" + x)), 200);
        assertEquals("12-" + x, odd.get("ncesId").asText());
        assertTrue(odd.get("warnings").get(0).asText().startsWith("ncesId: an NCES school id has 12 digits"), odd.toString());
        assertFalse(ok(admin.get("domains/" + id(other)), 200).has("warnings"), "warnings are in the write's answer only");
        assertField(ok(admin.put("domains/" + id(other), Map.of("warnings", List.of("x"))), 400), "warnings");
        // freed by clearing it, the id can move to another domain
        ok(admin.put("domains/" + id(school), Map.of("ncesId", "")), 200);
        ok(admin.put("domains/" + id(other), Map.of("ncesId", digits + "00001")), 200);
    }

    @Test
    void schoolsAndGroupsOfSchoolsMaySitDirectlyUnderTheStateByDefault() {
        JsonNode state = domain("STATE", "S" + x, null, null);
        JsonNode school = domain("SCHOOL", "SO" + x, id(state), null);
        assertEquals("S" + x, school.get("parentIdentifier").asText());
        JsonNode gos = domain("GROUP_OF_SCHOOLS", "G" + x, id(state), null);
        domain("SCHOOL", "GS" + x, id(gos), null);
        // still configurable: types keep their other rules (a DISTRICT never sits under a SCHOOL)
        assertField(ok(admin.post("domains", Map.of("type", "DISTRICT", "name", "d", "identifier", "BAD" + x,
                "parentId", id(school))), 400), "parentId", "cannot sit under a SCHOOL");
    }

    @Test
    void messagesNameDomainsByTypeAndIdentifier() {
        JsonNode state = domain("STATE", "S" + x, null, null);
        JsonNode district = domain("DISTRICT", "D" + x, id(state), null);
        String r = role("DISTRICT");
        String u = user("msg");
        ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(district))), 201);
        JsonNode dup = ok(admin.post("assignments", Map.of("userId", u, "role", r, "domainId", id(district))), 409);
        assertField(dup, "role", "Role " + r + " is already assigned at DISTRICT:D" + x);
        assertFalse(dup.toString().contains(id(district)), "no internal id: " + dup);
        JsonNode del = ok(admin.delete("domains/" + id(state)), 409);
        assertTrue(del.toString().contains("STATE:S" + x), del.toString());
        assertFalse(del.toString().contains(id(state)), del.toString());
        JsonNode hasAssignments = ok(admin.delete("domains/" + id(district)), 409);
        assertTrue(hasAssignments.toString().contains("DISTRICT:D" + x), hasAssignments.toString());
    }
}
