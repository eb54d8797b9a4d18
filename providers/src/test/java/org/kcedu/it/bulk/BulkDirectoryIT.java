package org.kcedu.it.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.bulk.BulkClient.assertCounts;
import static org.kcedu.it.support.Api.ok;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.KcEduServerConfig;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Bulk files of the directory kinds on a real Keycloak (batch size 7, so files span several batch transactions).
 * Fixed hierarchy built once through the REST API: ST > {DA, DB}; "distadmin" is an Account Administrator at DA
 * (a delegated admin), "district.admin" of the demo realm holds no admin role at all. Every test uses its own
 * identifier prefix, since the tests share the realm.
 */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkDirectoryIT {

    static final String PASSWORD = "bulk-directory-2026";

    @InjectRealm(config = BulkDirectoryRealmConfig.class)
    ManagedRealm realm;

    Api root;
    BulkClient admin;
    BulkClient delegated;
    BulkClient nobody;
    String p;

    @BeforeEach
    void setUp() throws Exception {
        p = "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        if (root != null) {
            return;
        }
        String url = realm.getBaseUrl();
        String adminToken = Api.token(url, "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD);
        root = new Api(url, adminToken);
        admin = new BulkClient(url, adminToken);
        String st = domain("STATE", "ST", null);
        String da = domain("DISTRICT", "DA", st);
        domain("DISTRICT", "DB", st);
        for (String[] r : new String[][] {{"Account Administrator", "false", "true"}, {"Teacher", "false", "false"},
                {"Test Administrator", "true", "false"}}) {
            ok(root.post("roles", Map.of("name", r[0], "subjectSpecific", Boolean.parseBoolean(r[1]),
                    "administrative", Boolean.parseBoolean(r[2]), "domainTypes", List.of("STATE", "DISTRICT", "SCHOOL"))), 201);
        }
        ok(root.post("subjects", Map.of("code", "MATH", "name", "Mathematics")), 201);
        ok(root.post("subjects", Map.of("code", "ELA", "name", "English")), 201);
        createUser("distadmin", "Account Administrator", da);
        delegated = new BulkClient(url, Api.token(url, "distadmin@bulk.kc-edu.example", PASSWORD));
        nobody = new BulkClient(url, Api.token(url, "district.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
    }

    // ------------------------------------------------------------------ subjects

    @Test
    void subjectsRoundTripCreateUpdateRenameAndDelete() throws Exception {
        JsonNode job = admin.importAndWait("subjects", "code,name\n" + p + "A,Alpha\n" + p + "B,Beta\n", false);
        assertCounts(job, 2, 0, 0, 0, 0);
        String export = admin.export("subjects");
        assertTrue(export.startsWith("code,name\r\n"), export);
        assertTrue(export.contains(p + "A,Alpha\r\n") && export.contains("MATH,Mathematics\r\n"), export);
        assertCounts(admin.importAndWait("subjects", export, false), 0, 0, 0, export.lines().count() - 1, 0);

        assertCounts(admin.importAndWait("subjects", "name, CODE\nAlpha 2," + p + "a\n", false), 0, 1, 0, 0, 0);
        assertCounts(admin.importAndWait("subjects", "code\n" + p + "A\n", false), 0, 0, 0, 1, 0);
        assertEquals("Alpha 2", subject(p + "A").get("name").asText(), "absent column leaves the name");

        String rename = "code,new_code\n" + p + "A," + p + "C\n";
        assertCounts(admin.importAndWait("subjects", rename, false), 0, 1, 0, 0, 0);
        assertCounts(admin.importAndWait("subjects", rename, false), 0, 0, 0, 1, 0);
        assertEquals("Alpha 2", subject(p + "C").get("name").asText());
        assertEquals(404, root.get("subjects/" + p + "A").statusCode());

        job = admin.importAndWait("subjects", "code,name\n" + p + "X,\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(admin.errors("subjects", job).contains(",2,name cannot be empty"), admin.errors("subjects", job));

        assertCounts(admin.importAndWait("subjects", "action,code\nDELETE," + p + "B\n", false), 0, 0, 1, 0, 0);
        assertCounts(admin.importAndWait("subjects", "DELETE,code\nDELETE," + p + "C\n", false), 0, 0, 1, 0, 0);
        assertCounts(admin.importAndWait("subjects", "DELETE,code\nDELETE," + p + "C\n", false), 0, 0, 0, 1, 0);
        assertEquals(404, root.get("subjects/" + p + "C").statusCode());
    }

    @Test
    void subjectsAreRealmAdminOnlyAndDryRunWritesNothing() throws Exception {
        JsonNode job = delegated.importAndWait("subjects", "code,name\n" + p + "D,Denied\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(delegated.errors("subjects", job).contains("not allowed: realm_admin_only"));
        assertEquals(404, root.get("subjects/" + p + "D").statusCode());

        job = admin.importAndWait("subjects", "code,name\n" + p + "D,Dry\nMATH,Maths renamed\n", true);
        assertCounts(job, 1, 1, 0, 0, 0);
        assertEquals(404, root.get("subjects/" + p + "D").statusCode());
        assertEquals("Mathematics", subject("MATH").get("name").asText());

        assertEquals(403, nobody.post("subjects", "code\nX\n".getBytes(), false).statusCode());
    }

    // ------------------------------------------------------------------ helpers

    private String domain(String type, String identifier, String parentId) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "name", "Domain " + identifier,
                "identifier", identifier));
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        return ok(root.post("domains", body), 201).get("id").asText();
    }

    JsonNode domain(String type, String identifier) {
        return ok(root.get("domains/by-identifier/" + type + "/" + identifier), 200);
    }

    JsonNode domains(String type, String identifier) {
        return ok(root.get("domains?type=" + type + "&identifier=" + identifier), 200);
    }

    /** Users {p}name created by the users file (realm admin). */
    void users(String... names) throws Exception {
        StringBuilder csv = new StringBuilder("username,email\n");
        for (String n : names) {
            csv.append(p).append(n).append(',').append(p).append(n).append("@bulk.kc-edu.example\n");
        }
        assertCounts(admin.importAndWait("users", csv.toString(), false), names.length, 0, 0, 0, 0);
    }

    String userId(String name) {
        return realm.admin().users().search((p + name).toLowerCase(), true).get(0).getId();
    }

    JsonNode assignment(String name, String role) {
        for (JsonNode a : ok(root.get("users/" + userId(name) + "/assignments"), 200)) {
            if (a.get("role").asText().equals(role)) {
                return a;
            }
        }
        throw new AssertionError("no " + role + " assignment of " + name);
    }

    JsonNode subject(String code) {
        return ok(root.get("subjects/" + code), 200);
    }

    String createUser(String key, String role, String domainId) {
        String id = ok(root.post("users", Map.of("username", key, "email", key + "@bulk.kc-edu.example",
                "firstName", key, "lastName", "Bulk", "assignments",
                List.of(Map.of("role", role, "domainId", domainId)))), 201).get("id").asText();
        CredentialRepresentation c = new CredentialRepresentation();
        c.setType(CredentialRepresentation.PASSWORD);
        c.setValue(PASSWORD);
        c.setTemporary(false);
        realm.admin().users().get(id).resetPassword(c);
        var rep = realm.admin().users().get(id).toRepresentation();
        rep.setEmailVerified(true);
        realm.admin().users().get(id).update(rep);
        return id;
    }
}
