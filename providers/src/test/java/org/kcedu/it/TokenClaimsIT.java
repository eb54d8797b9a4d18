package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.Http;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.OidcCodeFlow;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Token size by claim form and per-client selection (§4.5, issue 16): users with 1, 10, 60 and 200 active assignments
 * (two of them of a role whose app roles name the filtered client), each logging in to four clients that differ only
 * in the kc-edu mapper's configuration. Prints the access token sizes; a filtered client's token stays small.
 */
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenClaimsIT {

    private static final String PASSWORD = "Token-size-2026";
    private static final String SECRET = "token-size-secret";
    private static final int[] SIZES = {1, 10, 60, 200};
    /** client id → mapper options beyond the defaults */
    private static final Map<String, Map<String, String>> CLIENTS = new LinkedHashMap<>();

    static {
        CLIENTS.put("tok-structured", Map.of());
        CLIENTS.put("tok-rich", Map.of("kcedu.domainName", "true", "kcedu.ancestors", "true"));
        CLIENTS.put("tok-compact", Map.of("kcedu.claimFormat", "compact"));
        CLIENTS.put("tok-filtered", Map.of("kcedu.claimFormat", "compact", "kcedu.clientRolesOnly", "true"));
    }

    @InjectRealm(config = DirectoryRealmConfig.class)
    ManagedRealm realm;

    private final Map<Integer, String> users = new HashMap<>();

    /** Once per class; the realm is injected only before each test. */
    @BeforeEach
    void load() {
        if (!users.isEmpty()) {
            return;
        }
        for (var e : CLIENTS.entrySet()) {
            realm.admin().clients().create(client(e.getKey(), e.getValue())).close();
        }
        Api admin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        String state = ok(admin.post("domains", Map.of("type", "STATE", "name", "Token State", "identifier", "TOKST")), 201)
                .get("id").asText();
        String district = ok(admin.post("domains", Map.of("type", "DISTRICT", "name", "Token Unified School District",
                "identifier", "0600001", "parentId", state)), 201).get("id").asText();
        List<String> schools = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            schools.add(ok(admin.post("domains", Map.of("type", "SCHOOL", "name", "Token Elementary School " + i,
                    "identifier", String.format("0600001%05d", i), "parentId", district)), 201).get("id").asText());
        }
        ok(admin.post("roles", Map.of("name", "Token Teacher", "domainTypes", List.of("SCHOOL"))), 201);
        ok(admin.post("roles", Map.of("name", "Token Reader", "domainTypes", List.of("SCHOOL"),
                "appRoles", List.of("client:tok-filtered:reader"))), 201);
        for (int n : SIZES) {
            String id = user("token.size." + n + "@kc-edu.example");
            users.put(n, id);
            for (int i = 0; i < n; i++) {
                String role = i < Math.min(n, 2) ? "Token Reader" : "Token Teacher";
                ok(admin.post("assignments", Map.of("userId", id, "role", role, "domainId", schools.get(i))), 201);
            }
        }
    }

    @Test
    void aFilteredClientsTokenStaysSmallAndTheFullClaimStaysAvailable() throws Exception {
        Map<String, Map<Integer, Integer>> bytes = new LinkedHashMap<>();
        Map<String, Map<Integer, JsonNode>> claims = new LinkedHashMap<>();
        for (String client : CLIENTS.keySet()) {
            for (int n : SIZES) {
                String token = accessToken(client, "token.size." + n + "@kc-edu.example");
                bytes.computeIfAbsent(client, k -> new LinkedHashMap<>()).put(n, token.length());
                claims.computeIfAbsent(client, k -> new LinkedHashMap<>()).put(n, OidcCodeFlow.claims(token).get("kcedu_roles"));
            }
        }
        StringBuilder table = new StringBuilder("kc-edu token sizes (access token bytes) by assignments 1 / 10 / 60 / 200:\n");
        bytes.forEach((c, m) -> table.append(String.format("  %-15s %s%n", c, m.values())));
        System.out.println(table);

        assertEquals(200, claims.get("tok-structured").get(200).size(), "the full claim lists every assignment");
        JsonNode rich = claims.get("tok-rich").get(200).get(0);
        assertTrue(rich.get("domainName").asText().startsWith("Token Elementary School"), rich.toString());
        assertEquals("[\"STATE:TOKST\",\"DISTRICT:0600001\"]", rich.get("ancestors").toString());
        JsonNode compact = claims.get("tok-compact").get(200);
        assertEquals(198, compact.get("Token Teacher").size());
        assertEquals(2, compact.get("Token Reader").size());
        assertTrue(compact.get("Token Reader").has("SCHOOL:060000100001"), compact.toString());
        JsonNode filtered = claims.get("tok-filtered").get(200);
        assertEquals(List.of("Token Reader"), iterable(filtered.fieldNames()), "only the role naming this client");
        assertTrue(bytes.get("tok-filtered").get(200) < 4096, "filtered 200-assignment token: " + bytes.get("tok-filtered"));
        assertTrue(bytes.get("tok-compact").get(200) * 2 < bytes.get("tok-structured").get(200), table.toString());
    }

    @Test
    void aMapperConfigurationThatWouldBeIgnoredIsRefused() {
        ClientRepresentation bad = client("tok-bad", Map.of("kcedu.claimFormat", "compact", "kcedu.domainName", "true"));
        String clientId;
        bad.setProtocolMappers(List.of());
        try (var created = realm.admin().clients().create(bad)) {
            clientId = CreatedResponseUtil.getCreatedId(created);
        }
        ProtocolMapperRepresentation m = mapper(Map.of("kcedu.claimFormat", "compact", "kcedu.domainName", "true"));
        try (var r = realm.admin().clients().get(clientId).getProtocolMappers().createMapper(m)) {
            assertEquals(400, r.getStatus(), "compact carries no names: refused, not ignored");
            String body = r.readEntity(String.class);
            assertTrue(body.contains("kcedu.domainName"), "the refusal names the option: " + body);
        }
    }

    private String accessToken(String client, String username) {
        HttpResponse<String> res = new Http().postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", client, "client_secret", SECRET, "username", username,
                "password", PASSWORD, "scope", "openid"));
        assertEquals(200, res.statusCode(), res.body());
        return Api.json(res.body()).get("access_token").asText();
    }

    private String user(String email) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(email);
        u.setEmail(email);
        u.setEmailVerified(true);
        u.setFirstName("Token");
        u.setLastName("Size");
        u.setEnabled(true);
        CredentialRepresentation c = new CredentialRepresentation();
        c.setType(CredentialRepresentation.PASSWORD);
        c.setValue(PASSWORD);
        c.setTemporary(false);
        u.setCredentials(List.of(c));
        try (var created = realm.admin().users().create(u)) {
            return CreatedResponseUtil.getCreatedId(created);
        }
    }

    private static ClientRepresentation client(String clientId, Map<String, String> options) {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setEnabled(true);
        c.setPublicClient(false);
        c.setSecret(SECRET);
        c.setStandardFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(true);
        c.setProtocolMappers(List.of(mapper(options)));
        return c;
    }

    private static ProtocolMapperRepresentation mapper(Map<String, String> options) {
        ProtocolMapperRepresentation m = new ProtocolMapperRepresentation();
        m.setName("kc-edu role assignments");
        m.setProtocol("openid-connect");
        m.setProtocolMapper("kc-edu-assignments-mapper");
        Map<String, String> config = new HashMap<>(Map.of("claim.name", "kcedu_roles", "access.token.claim", "true",
                "id.token.claim", "true", "userinfo.token.claim", "true"));
        config.putAll(options);
        m.setConfig(config);
        return m;
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
