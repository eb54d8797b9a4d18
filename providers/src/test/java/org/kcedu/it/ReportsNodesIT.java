package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.kcedu.it.support.Http;
import org.kcedu.it.support.KeycloakNode;
import org.kcedu.it.support.ScratchPostgres;

/**
 * Login records where one shared test server cannot show them (requirements 8.1), with Keycloak nodes this test
 * starts and SIGKILLs on a fresh PostgreSQL database:
 * <ul>
 * <li>logins acknowledged, node killed before it aggregated them, node restarted: every login is counted, once;</li>
 * <li>two clustered nodes taking logins at the same time: each login counted once (one aggregator at a time);</li>
 * <li>the realm's active period decides who is active (a record moved back in time in the database).</li>
 * </ul>
 * Needs PostgreSQL on 127.0.0.1:5432 (skipped elsewhere).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsNodesIT {

    private static final String REALM = "reports-nodes";
    private static final String CLIENT = "nodes-app";
    private static final String PASSWORD = "nodes-password-2026";
    private static final int USERS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ScratchPostgres database;
    private static KeycloakNode nodeA;
    private static KeycloakNode nodeB;
    private static final List<String> userIds = new ArrayList<>();
    private static int logins;

    @BeforeAll
    static void setUp() throws Exception {
        database = ScratchPostgres.create("kcedu_reports_nodes");
        // node a aggregates rarely, so that the kill below finds logins in its inbox
        nodeA = node("a", 8480, 7920, 20_000);
        nodeA.start();
        String admin = nodeA.adminToken();
        Map<String, Object> realm = new HashMap<>(Map.of("realm", REALM, "enabled", true,
                "eventsListeners", List.of("jboss-logging", "kc-edu-reports")));
        assertEquals(201, nodeA.send(admin, "POST", "/admin/realms", realm).statusCode());
        HttpResponse<String> client = nodeA.send(admin, "POST", "/admin/realms/" + REALM + "/clients", Map.of("clientId",
                CLIENT, "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false));
        assertEquals(201, client.statusCode());
        // the kc-edu API takes only tokens for its audience: the client gets the realm's kc-edu-api scope
        String clientPath = client.headers().firstValue("Location").orElseThrow();
        clientPath = clientPath.substring(clientPath.indexOf("/admin/realms/"));
        String scopeId = null;
        for (JsonNode scope : JSON.readTree(nodeA.send(admin, "GET", "/admin/realms/" + REALM + "/client-scopes", null).body())) {
            if ("kc-edu-api".equals(scope.get("name").asText())) {
                scopeId = scope.get("id").asText();
            }
        }
        assertNotNull(scopeId, "the new realm has the kc-edu-api client scope");
        assertEquals(204, nodeA.send(admin, "PUT", clientPath + "/default-client-scopes/" + scopeId, null).statusCode());
        for (int i = 0; i < USERS; i++) {
            userIds.add(createUser(admin, "user" + i));
        }
        String boss = createUser(admin, "boss");
        JsonNode role = JSON.readTree(nodeA.send(admin, "GET", "/admin/realms/" + REALM + "/roles/kc-edu-admin", null).body());
        assertEquals(204, nodeA.send(admin, "POST", "/admin/realms/" + REALM + "/users/" + boss + "/role-mappings/realm",
                List.of(Map.of("id", role.get("id").asText(), "name", "kc-edu-admin"))).statusCode());
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (KeycloakNode n : new KeycloakNode[] {nodeA, nodeB}) {
            if (n != null) {
                n.kill();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void loginsAcknowledgedBeforeAKillAreCountedAfterTheRestart() throws Exception {
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < USERS; i++) {
                login(nodeA, "user" + i);
            }
        }
        assertTrue(database.queryLong("select count(*) from EDU_LOGIN_INBOX") > 0, "killed with logins not yet aggregated");
        nodeA.kill();
        nodeA.start();
        awaitInboxEmpty();
        assertCounted();
    }

    @Test
    @Order(2)
    void twoNodesCountEachLoginOnce() throws Exception {
        nodeB = node("b", 8490, 7930, 300);
        nodeB.start();
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < USERS; i++) {
                login(round % 2 == 0 ? nodeA : nodeB, "user" + i);
                login(round % 2 == 0 ? nodeB : nodeA, "user" + i);
            }
        }
        awaitInboxEmpty();
        assertCounted();
        assertEquals(USERS, database.queryLong("select count(*) from EDU_LOGIN_DAY where CLIENT_ID = '" + CLIENT + "'"),
                "one day row per user and client");
    }

    @Test
    @Order(3)
    void theActivePeriodDecidesWhoIsActive() throws Exception {
        String token = token(nodeB, "boss");
        assertEquals(201, nodeB.send(token, "POST", "/realms/" + REALM + "/kc-edu/domains",
                Map.of("type", "STATE", "identifier", "NS", "name", "Nodes State")).statusCode());
        assertEquals(201, nodeB.send(token, "POST", "/realms/" + REALM + "/kc-edu/roles", Map.of("name", "Teacher",
                "subjectSpecific", false, "administrative", false, "domainTypes", List.of("STATE"))).statusCode());
        for (String id : userIds) {
            HttpResponse<String> r = nodeB.send(token, "POST", "/realms/" + REALM + "/kc-edu/assignments",
                    Map.of("userId", id, "role", "Teacher", "domainType", "STATE", "domainIdentifier", "NS"));
            assertEquals(201, r.statusCode(), r.body());
        }
        long tenDaysAgo = System.currentTimeMillis() - Duration.ofDays(10).toMillis();
        assertEquals(2, database.update("update EDU_LOGIN_USER set LAST_AT = " + tenDaysAgo
                + " where USER_ID = '" + userIds.get(0) + "'"), "the user's app row and all-applications row");
        assertEquals(USERS, active(nodeB, token), "default 30 days: the login 10 days ago still counts");
        assertEquals(200, nodeB.send(token, "PUT", "/realms/" + REALM + "/kc-edu/reports/settings",
                Map.of("activeDays", 7)).statusCode());
        assertEquals(USERS - 1, active(nodeA, token(nodeA, "boss")), "7 days (read on the other node): it does not");
    }

    // ------------------------------------------------------------------ helpers

    private static long active(KeycloakNode node, String token) throws Exception {
        HttpResponse<String> r = node.send(token, "GET", "/realms/" + REALM + "/kc-edu/reports/activity?domain=STATE:NS"
                + "&application=" + CLIENT, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("active").asLong();
    }

    private static void assertCounted() throws Exception {
        assertEquals(logins, database.queryLong("select coalesce(sum(LOGINS), 0) from EDU_LOGIN_USER where CLIENT_ID = '"
                + CLIENT + "' and USER_ID in (" + quoted(userIds) + ")"), "every acknowledged login exactly once");
        assertEquals(logins, database.queryLong("select coalesce(sum(LOGINS), 0) from EDU_LOGIN_USER where CLIENT_ID = '*'"
                + " and USER_ID in (" + quoted(userIds) + ")"));
        assertEquals(USERS, database.queryLong("select count(*) from EDU_LOGIN_USER where CLIENT_ID = '" + CLIENT + "'"
                + " and USER_ID in (" + quoted(userIds) + ")"));
    }

    private static void awaitInboxEmpty() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (database.queryLong("select count(*) from EDU_LOGIN_INBOX") > 0) {
            assertTrue(System.nanoTime() < deadline, "inbox not aggregated within 2 minutes");
            Thread.sleep(500);
        }
    }

    private static String quoted(List<String> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private static void login(KeycloakNode node, String username) {
        token(node, username);
        logins++;
    }

    private static String token(KeycloakNode node, String username) {
        HttpResponse<String> r = new Http().postForm(node.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", CLIENT, "username", username, "password", PASSWORD));
        assertEquals(200, r.statusCode(), r.body());
        try {
            return JSON.readTree(r.body()).get("access_token").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String createUser(String admin, String username) throws Exception {
        HttpResponse<String> r = nodeA.send(admin, "POST", "/admin/realms/" + REALM + "/users", Map.of("username", username,
                "email", username + "@nodes.kc-edu.example", "emailVerified", true, "firstName", username, "lastName", "Node",
                "enabled", true, "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static KeycloakNode node(String name, int httpPort, int jgroupsPort, long aggregateMs) throws Exception {
        String spi = "--spi-events-listener--kc-edu-reports--";
        return KeycloakNode.create("reports-" + name, database.jdbcUrl(), httpPort, jgroupsPort,
                List.of(spi + "aggregate-interval-ms=" + aggregateMs));
    }
}
