package org.kcedu.it.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kcedu.it.support.KeycloakNode;
import org.kcedu.it.support.ScratchPostgres;

/**
 * Issue 6: Keycloak killed (SIGKILL) in the middle of a bulk import leaves only whole batches behind; started again,
 * it resumes the job after its last committed batch, and the job ends with every row imported exactly once.
 * A child-process Keycloak on a fresh PostgreSQL database (see {@link KeycloakNode}); runs once, in the H2 phase.
 */
class BulkCrashIT {

    private static final int ROWS = Integer.getInteger("kcedu.bulk.crashRows", 20_000);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void killedMidImportResumesWithNothingLostOrDuplicated() throws Exception {
        try (ScratchPostgres db = ScratchPostgres.create("kcedu_bulk_crash")) {
            Path files = Path.of("target", "kc-nodes", "bulk-crash-files").toAbsolutePath();
            KeycloakNode node = KeycloakNode.create("bulk-crash", db.jdbcUrl(), 8580, 7920,
                    List.of("--spi-kc-edu-bulk--default--directory=" + files,
                            "--spi-kc-edu-bulk--default--batch-size=500"));
            try {
                node.start();
                setUpRealm(node);
                StringBuilder csv = new StringBuilder("username,email,first_name,last_name,enabled\r\n");
                for (int i = 1; i <= ROWS; i++) {
                    csv.append(String.format("crash-%07d,crash-%07d@school.example,First%d,Last%d,true\r\n", i, i, i, i));
                }
                HttpResponse<String> submitted = node.send(clientToken(node), "POST", "/realms/crash/kc-edu/bulk/users/imports",
                        csv.toString());
                assertEquals(202, submitted.statusCode(), submitted.body());
                String jobId = JSON.readTree(submitted.body()).get("id").asText();

                while (job(node, jobId).path("rowsRead").asInt() < ROWS / 4) {
                    Thread.sleep(100);
                }
                node.kill();
                long committedRecord = db.queryLong("select last_record from edu_bulk_job where id = '" + jobId + "'");
                long usersAfterKill = db.queryLong("select count(*) from user_entity where username like 'crash-%'");
                assertEquals(committedRecord, usersAfterKill, "the job's progress is exactly what was committed: whole batches");
                assertTrue(usersAfterKill < ROWS, "killed before the end (" + usersAfterKill + " of " + ROWS + ")");

                node.start();
                JsonNode job;
                long deadline = System.currentTimeMillis() + 300_000;
                do {
                    Thread.sleep(500);
                    job = job(node, jobId);
                } while (!List.of("COMPLETED", "FAILED").contains(job.path("status").asText())
                        && System.currentTimeMillis() < deadline);
                assertEquals("COMPLETED", job.path("status").asText(), job.toString());
                assertEquals(ROWS, job.path("rowsRead").asInt(), job.toString());
                assertEquals(0, job.path("rejected").asInt(), job.toString());
                assertEquals(ROWS, db.queryLong("select count(*) from user_entity where username like 'crash-%'"));
                assertEquals(ROWS, db.queryLong("select count(distinct username) from user_entity where username like 'crash-%'"));
                System.out.printf("kc-edu bulk crash: killed after %d of %d rows were committed; resumed and completed: %s%n",
                        usersAfterKill, ROWS, job);
            } finally {
                node.kill();
            }
        }
    }

    private static void setUpRealm(KeycloakNode node) throws Exception {
        String master = node.adminToken();
        ok(node.send(master, "POST", "/admin/realms", Map.of("realm", "crash", "enabled", true, "accessTokenLifespan", 3600)));
        ok(node.send(master, "POST", "/admin/realms/crash/clients", Map.of("clientId", "crash", "secret", "crash-secret",
                "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false)));
        String clientId = JSON.readTree(ok(node.send(master, "GET", "/admin/realms/crash/clients?clientId=crash", null)))
                .get(0).get("id").asText();
        // the documented service-client set-up: the realm's kc-edu-api client scope (created with the realm) as a
        // default scope, so that the client's tokens carry the kc-edu API audience
        String apiScope = null;
        for (JsonNode s : JSON.readTree(ok(node.send(master, "GET", "/admin/realms/crash/client-scopes", null)))) {
            if ("kc-edu-api".equals(s.get("name").asText())) {
                apiScope = s.get("id").asText();
            }
        }
        assertTrue(apiScope != null, "a new realm gets the kc-edu-api client scope");
        ok(node.send(master, "PUT", "/admin/realms/crash/clients/" + clientId + "/default-client-scopes/" + apiScope, null));
        String serviceAccount = JSON.readTree(ok(node.send(master, "GET", "/admin/realms/crash/clients/" + clientId
                + "/service-account-user", null))).get("id").asText();
        JsonNode role = JSON.readTree(ok(node.send(master, "GET", "/admin/realms/crash/roles/kc-edu-admin", null)));
        ok(node.send(master, "POST", "/admin/realms/crash/users/" + serviceAccount + "/role-mappings/realm", List.of(role)));
    }

    private static String ok(HttpResponse<String> r) {
        assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.body());
        return r.body();
    }

    private static String clientToken(KeycloakNode node) throws Exception {
        String form = "grant_type=client_credentials&client_id=crash&client_secret="
                + URLEncoder.encode("crash-secret", StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                        + "/realms/crash/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static JsonNode job(KeycloakNode node, String jobId) throws Exception {
        return JSON.readTree(ok(node.send(clientToken(node), "GET", "/realms/crash/kc-edu/bulk/users/imports/" + jobId, null)));
    }
}
