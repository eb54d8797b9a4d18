package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.EntryPoint;
import org.kcedu.audit.syslog.Facility;
import org.kcedu.audit.syslog.Rfc5424Formatter;
import org.kcedu.audit.syslog.StrictRfc5424Parser.Message;
import org.kcedu.audit.syslog.UdpSyslogTransport;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.Http;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.OidcCodeFlow;
import org.kcedu.it.support.Rsyslog;
import org.kcedu.it.support.Rsyslog.Received;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Issue 7 end to end: changes through Keycloak's stock admin API reach a real rsyslogd as RFC 5424 (checked by the
 * strict parser), exactly once each and correctly attributed; an outage of the receiver loses nothing and keeps order.
 */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class AuditSyslogIT {

    private static final String SD = "kcedu@32473";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Changes made while the receiver is down. */
    static final int OUTAGE_CHANGES = Integer.getInteger("kcedu.audit.outageChanges", 1000);

    private static Rsyslog rsyslog;

    @InjectRealm(config = EduRealmConfig.class)
    ManagedRealm realm;

    private final Http http = new Http();

    @BeforeAll
    static void startReceiver() throws Exception {
        Rsyslog.requireInstalled("audit syslog integration test");
        Path dir = Path.of("target", "rsyslog-it");
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        rsyslog = new Rsyslog(dir, KcEduServerConfig.AUDIT_SYSLOG_PORT);
        rsyslog.start();
    }

    @AfterAll
    static void stopReceiver() {
        if (rsyslog != null) {
            rsyslog.stop();
        }
    }

    private static List<Message> about(List<Received> all, String targetId) {
        return all.stream().map(Received::message).filter(m -> targetId.equals(m.param(SD, "target-id"))).toList();
    }

    private static Message one(List<Message> messages, String action) {
        List<Message> matching = messages.stream().filter(m -> action.equals(m.msgId())).toList();
        assertEquals(1, matching.size(), "exactly one " + action + " record, got " + matching);
        return matching.get(0);
    }

    private static String create(RealmResource admin, UserRepresentation u) {
        try (Response r = admin.users().create(u)) {
            assertEquals(201, r.getStatus(), "create user " + u.getUsername());
            String path = r.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private static UserRepresentation newUser(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation u = new UserRepresentation();
        u.setUsername(name);
        u.setEmail(name + "@school.kc-edu.example");
        u.setFirstName("Zoë");
        u.setLastName("Ångström");
        u.setEnabled(true);
        return u;
    }

    @Test
    void stockAdminApiChangesReachSyslogOnceEachAndAttributed() throws Exception {
        RealmResource admin = realm.admin();
        UserRepresentation u = newUser("audit");
        String userId = create(admin, u);
        UserResource user = admin.users().get(userId);

        UserRepresentation rep = user.toRepresentation();
        rep.setLastName("Nguyễn-Łódź");
        user.update(rep);

        rep = user.toRepresentation();
        String newEmail = "moved-" + u.getEmail();
        rep.setEmail(newEmail);
        user.update(rep);

        RoleRepresentation viewer = admin.roles().get("kc-edu-viewer").toRepresentation();
        user.roles().realmLevel().add(List.of(viewer));
        user.roles().realmLevel().remove(List.of(viewer));

        GroupRepresentation g = new GroupRepresentation();
        g.setName("audit-group [\"x\"] \\ " + UUID.randomUUID().toString().substring(0, 8));
        String groupId;
        try (Response r = admin.groups().add(g)) {
            assertEquals(201, r.getStatus());
            String path = r.getLocation().getPath();
            groupId = path.substring(path.lastIndexOf('/') + 1);
        }
        user.joinGroup(groupId);
        user.leaveGroup(groupId);

        CredentialRepresentation pw = new CredentialRepresentation();
        pw.setType(CredentialRepresentation.PASSWORD);
        pw.setValue("Very-Secret-Audit-Pw-2026");
        pw.setTemporary(false);
        user.resetPassword(pw);

        user.remove();
        admin.groups().group(groupId).remove();

        // Delivery is in order, so once the delete is there everything before it is too.
        List<Received> all = rsyslog.await(r -> about(r, userId).stream().anyMatch(m -> "USER_DELETE".equals(m.msgId())), WAIT);
        List<Message> mine = about(all, userId);
        Map<String, Long> counts = mine.stream().collect(Collectors.groupingBy(Message::msgId, Collectors.counting()));
        assertEquals(Map.of("USER_CREATE", 1L, "USER_UPDATE", 1L, "EMAIL_CHANGE", 1L, "ROLE_GRANT", 1L,
                "ROLE_REVOKE", 1L, "GROUP_MEMBER_ADD", 1L, "GROUP_MEMBER_REMOVE", 1L, "PASSWORD_RESET", 1L,
                "USER_DELETE", 1L), counts, "one record per change: " + mine);
        assertEquals(List.of("USER_CREATE", "USER_UPDATE", "EMAIL_CHANGE", "ROLE_GRANT", "ROLE_REVOKE",
                "GROUP_MEMBER_ADD", "GROUP_MEMBER_REMOVE", "PASSWORD_RESET", "USER_DELETE"),
                mine.stream().map(Message::msgId).toList(), "in the order they happened");

        Set<String> eventIds = new HashSet<>();
        String actorId = null;
        for (Message m : mine) {
            assertEquals(10, m.facility(), "authpriv");
            assertEquals(5, m.severity(), "notice");
            assertEquals("kc-edu", m.appName());
            assertEquals("kc-edu-it", m.hostname());
            assertEquals(m.msgId(), m.param(SD, "action"));
            assertEquals("ADMIN_CONSOLE", m.param(SD, "entry-point"));
            assertEquals("SUCCESS", m.param(SD, "outcome"));
            assertEquals("edu", m.param(SD, "realm"));
            assertEquals("user", m.param(SD, "target-type"));
            assertNotNull(m.param(SD, "actor-user-id"), "actor " + m);
            assertEquals("temp-admin", m.param(SD, "actor-client-id"), "the clientId, not the client's internal id");
            assertNotNull(m.param(SD, "actor-ip"), "actor ip " + m);
            assertTrue(m.param(SD, "actor-username").startsWith("service-account-"),
                    "the test's admin client acts through its service account: " + m.param(SD, "actor-username"));
            actorId = actorId == null ? m.param(SD, "actor-user-id") : actorId;
            assertEquals(actorId, m.param(SD, "actor-user-id"));
            assertTrue(eventIds.add(m.param(SD, "event-id")), "event ids unique");
            assertTrue(m.bom());
            assertFalse(m.toString().contains("Very-Secret-Audit-Pw-2026"), "no password in the trail");
        }
        Message created = one(mine, "USER_CREATE");
        assertEquals(u.getUsername(), created.param(SD, "after.username"));
        assertEquals("Zoë", created.param(SD, "after.firstName"), "non-ASCII through rsyslog");
        Message updated = one(mine, "USER_UPDATE");
        assertEquals("Ångström", updated.param(SD, "before.lastName"));
        assertEquals("Nguyễn-Łódź", updated.param(SD, "after.lastName"));
        Message email = one(mine, "EMAIL_CHANGE");
        assertEquals(u.getEmail(), email.param(SD, "before.email"));
        assertEquals(newEmail, email.param(SD, "after.email"));
        assertEquals("kc-edu-viewer", one(mine, "ROLE_GRANT").param(SD, "after.realmRoles"));
        assertEquals("kc-edu-viewer", one(mine, "ROLE_REVOKE").param(SD, "before.realmRoles"));
        assertEquals("/" + g.getName(), one(mine, "GROUP_MEMBER_ADD").param(SD, "after.group"));
        assertEquals("/" + g.getName(), one(mine, "GROUP_MEMBER_REMOVE").param(SD, "before.group"));
        assertEquals(newEmail, one(mine, "USER_DELETE").param(SD, "before.email"));
        assertTrue(all.stream().filter(r -> about(List.of(r), userId).size() == 1).allMatch(r -> "imtcp".equals(r.input())));
    }

    @Test
    void kcEduApiAndBulkChangesAreRecordedOnceWithTheirEntryPoint() throws Exception {
        String adminToken = token("state.admin@kc-edu.example");
        String adminId = realm.admin().users().searchByUsername("state.admin@kc-edu.example", true).get(0).getId();
        Api api = new Api(realm.getBaseUrl(), adminToken);
        String x = UUID.randomUUID().toString().substring(0, 8);
        String domainId = ok(api.post("domains", Map.of("type", "STATE", "name", "Audit State " + x, "identifier", "AU" + x)), 201)
                .get("id").asText();
        for (String role : List.of("Auditor " + x, "Proctor " + x)) {
            ok(api.post("roles", Map.of("name", role, "domainTypes", List.of("STATE"))), 201);
        }
        String userId = ok(api.post("users", Map.of("email", "api-" + x + "@school.kc-edu.example", "firstName", "Api",
                "lastName", "User", "assignments", List.of(Map.of("role", "Auditor " + x, "domainId", domainId)))), 201)
                .get("id").asText();
        ok(api.put("users/" + userId, Map.of("firstName", "Renamed")), 200);
        ok(api.put("users/" + userId, Map.of("email", "changed-" + x + "@school.kc-edu.example")), 200);
        String grantId = ok(api.post("assignments", Map.of("userId", userId, "role", "Proctor " + x, "domainId", domainId)), 201)
                .get("id").asText();
        assertEquals(204, api.delete("assignments/" + grantId).statusCode());
        String groupId = ok(api.post("groups", Map.of("name", "Audit group " + x, "domainId", domainId)), 201).get("id").asText();
        assertEquals(204, api.put("groups/" + groupId + "/members/" + userId, null).statusCode());
        assertEquals(204, api.delete("groups/" + groupId + "/members/" + userId).statusCode());

        List<Received> all = rsyslog.await(r -> about(r, groupId).size() >= 3 && about(r, userId).size() >= 6, WAIT);
        Map<String, Long> userActions = about(all, userId).stream().collect(Collectors.groupingBy(Message::msgId, Collectors.counting()));
        assertEquals(Map.of("USER_CREATE", 1L, "ROLE_GRANT", 2L, "USER_UPDATE", 1L, "EMAIL_CHANGE", 1L, "ROLE_REVOKE", 1L),
                userActions, "one record per change (the create grants its first assignment)");
        Map<String, Long> groupActions = about(all, groupId).stream().collect(Collectors.groupingBy(Message::msgId, Collectors.counting()));
        assertEquals(Map.of("GROUP_CREATE", 1L, "GROUP_MEMBER_ADD", 1L, "GROUP_MEMBER_REMOVE", 1L), groupActions);
        for (Message m : Stream.concat(about(all, userId).stream(), about(all, groupId).stream()).toList()) {
            assertEquals("API", m.param(SD, "entry-point"), m.toString());
            assertEquals(adminId, m.param(SD, "actor-user-id"));
            assertEquals("state.admin@kc-edu.example", m.param(SD, "actor-username"));
            assertEquals("SUCCESS", m.param(SD, "outcome"));
        }
        Message email = one(about(all, userId), "EMAIL_CHANGE");
        assertEquals("api-" + x + "@school.kc-edu.example", email.param(SD, "before.email"));
        assertEquals("changed-" + x + "@school.kc-edu.example", email.param(SD, "after.email"));
        assertEquals(userId, one(about(all, groupId), "GROUP_MEMBER_ADD").param(SD, "after.member"));

        assertEquals(204, api.delete("users/" + userId).statusCode());
        one(about(rsyslog.await(r -> about(r, userId).stream().anyMatch(m -> "USER_DELETE".equals(m.msgId())), WAIT), userId),
                "USER_DELETE");

        // bulk: a created row and an e-mail change, attributed to the job and its row
        String username = "bulk-audit-" + x;
        String created = bulkImport(adminToken, "username,email,first_name,last_name\r\n" + username + ","
                + username + "@school.kc-edu.example,Bulk,Audit\r\n");
        String bulkUserId = realm.admin().users().searchByUsername(username, true).get(0).getId();
        String changed = bulkImport(adminToken, "email,username\r\nnew-" + username + "@school.kc-edu.example," + username + "\r\n");
        all = rsyslog.await(r -> about(r, bulkUserId).stream().anyMatch(m -> "EMAIL_CHANGE".equals(m.msgId())), WAIT);
        Message bulkCreate = one(about(all, bulkUserId), "USER_CREATE");
        Message bulkEmail = one(about(all, bulkUserId), "EMAIL_CHANGE");
        assertEquals("BULK", bulkCreate.param(SD, "entry-point"));
        assertEquals("BULK", bulkEmail.param(SD, "entry-point"));
        assertEquals(created, bulkCreate.param(SD, "bulk-job-id"));
        assertEquals(changed, bulkEmail.param(SD, "bulk-job-id"));
        assertNotNull(bulkEmail.param(SD, "bulk-row"));
        assertEquals(adminId, bulkEmail.param(SD, "actor-user-id"));
        assertEquals("new-" + username + "@school.kc-edu.example", bulkEmail.param(SD, "after.email"));

        // bulk assignments (written without re-reading them) are audited with the same labels as the API's
        String grantRow = username + ",Proctor " + x + ",STATE,AU" + x + "\r\n";
        String granted = bulkImport(adminToken, "assignments", "username,role,domain_type,domain_identifier\r\n" + grantRow);
        String revoked = bulkImport(adminToken, "assignments", "username,role,domain_type,domain_identifier,action\r\n"
                + grantRow.replace("\r\n", ",DELETE\r\n"));
        all = rsyslog.await(r -> about(r, bulkUserId).stream().anyMatch(m -> "ROLE_REVOKE".equals(m.msgId())), WAIT);
        Message bulkGrant = one(about(all, bulkUserId), "ROLE_GRANT");
        Message bulkRevoke = one(about(all, bulkUserId), "ROLE_REVOKE");
        assertEquals("BULK", bulkGrant.param(SD, "entry-point"));
        assertEquals(granted, bulkGrant.param(SD, "bulk-job-id"));
        assertEquals(revoked, bulkRevoke.param(SD, "bulk-job-id"));
        assertEquals("Proctor " + x, bulkGrant.param(SD, "after.role"));
        assertEquals("STATE:AU" + x, bulkGrant.param(SD, "after.domain"));
        assertEquals("Proctor " + x, bulkRevoke.param(SD, "before.role"));
        assertEquals("STATE:AU" + x, bulkRevoke.param(SD, "before.domain"));
        assertEquals(bulkGrant.param(SD, "after.assignmentId"), bulkRevoke.param(SD, "before.assignmentId"));
        realm.admin().users().get(bulkUserId).remove();
    }

    /** Imports a users CSV through kc-edu's bulk API and waits for the job; returns the job id. */
    private String bulkImport(String token, String csv) throws Exception {
        return bulkImport(token, "users", csv);
    }

    private String bulkImport(String token, String kind, String csv) throws Exception {
        String base = realm.getBaseUrl() + "/kc-edu/bulk/" + kind + "/imports";
        HttpResponse<String> res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv; charset=UTF-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv)));
        assertEquals(202, res.statusCode(), res.body());
        String id = JSON.readTree(res.body()).get("id").asText();
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            JsonNode job = JSON.readTree(http.get(base + "/" + id, token).body());
            if ("COMPLETED".equals(job.path("status").asText())) {
                assertEquals(0, job.path("rejected").asInt(), job.toString());
                return id;
            }
            assertFalse("FAILED".equals(job.path("status").asText()), job.toString());
            Thread.sleep(200);
        }
        throw new AssertionError("bulk job " + id + " did not complete");
    }

    @Test
    void udpTransportIsAcceptedByRsyslog() throws Exception {
        String marker = "udp-" + UUID.randomUUID();
        Rfc5424Formatter f = new Rfc5424Formatter(Facility.LOCAL4, 32473, "kc-edu-it", "kc-edu", "1", 2000);
        UdpSyslogTransport udp = new UdpSyslogTransport("127.0.0.1", KcEduServerConfig.AUDIT_SYSLOG_PORT);
        try {
            udp.send(List.of(f.format(AuditEvent.builder(EntryPoint.API, "USER_UPDATE").target("user", marker)
                    .change("lastName", "Łódź ]\"\\", "Zürich").build())));
        } finally {
            udp.close();
        }
        List<Received> all = rsyslog.await(r -> !about(r, marker).isEmpty(), Duration.ofSeconds(20));
        Received r = all.stream().filter(x -> marker.equals(x.message().param(SD, "target-id"))).findFirst().orElseThrow();
        assertEquals("imudp", r.input());
        assertEquals(20, r.message().facility());
        assertEquals("Łódź ]\"\\", r.message().param(SD, "before.lastName"));
    }

    @Test
    void outageLosesNothingAndKeepsOrder() throws Exception {
        RealmResource admin = realm.admin();
        String userId = create(admin, newUser("outage"));
        rsyslog.await(r -> !about(r, userId).isEmpty(), WAIT);
        UserResource user = admin.users().get(userId);
        UserRepresentation rep = user.toRepresentation();

        rsyslog.stop();
        long start = System.nanoTime();
        for (int i = 0; i < OUTAGE_CHANGES; i++) {
            rep.setFirstName("n-" + i);
            user.update(rep);
        }
        long changesMillis = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(2000); // let the sender notice the receiver is gone and retry against a closed port

        long back = System.nanoTime();
        rsyslog.start();
        List<Received> all = rsyslog.await(r -> about(r, userId).stream()
                .anyMatch(m -> ("n-" + (OUTAGE_CHANGES - 1)).equals(m.param(SD, "after.firstName"))), Duration.ofMinutes(3));
        long catchUpMillis = (System.nanoTime() - back) / 1_000_000;
        List<String> firstNames = about(all, userId).stream().filter(m -> "USER_UPDATE".equals(m.msgId()))
                .map(m -> m.param(SD, "after.firstName")).toList();
        List<String> expected = java.util.stream.IntStream.range(0, OUTAGE_CHANGES).mapToObj(i -> "n-" + i).toList();
        assertEquals(expected, firstNames, "every change exactly once, in order");
        System.out.printf("kc-edu audit outage: %d admin updates in %d ms while the receiver was down;"
                + " all delivered %d ms after it came back%n", OUTAGE_CHANGES, changesMillis, catchUpMillis);
        user.remove();
    }

    @Test
    void aBurstOfFailedLoginsIsOneSelfServiceRecord() throws Exception {
        RealmResource admin = realm.admin();
        UserRepresentation u = newUser("burst");
        CredentialRepresentation pw = new CredentialRepresentation();
        pw.setType(CredentialRepresentation.PASSWORD);
        pw.setValue("Burst-Test-Password-2026");
        pw.setTemporary(false);
        u.setCredentials(List.of(pw));
        String userId = create(admin, u);
        // the burst window is the clock minute: do not start just before a minute ends
        long second = java.time.LocalTime.now().getSecond();
        if (second > 40) {
            Thread.sleep((61 - second) * 1000);
        }
        OidcCodeFlow flow = new OidcCodeFlow(realm.getBaseUrl(), "demo-portal", EduRealmConfig.clientSecret("demo-portal"),
                "http://localhost:3000/callback");
        for (int i = 0; i < 7; i++) {
            try {
                flow.login(u.getUsername(), "wrong-" + i);
            } catch (IllegalStateException expected) {
                // no code for a wrong password
            }
        }
        admin.users().get(userId).remove(); // its USER_DELETE arrives after the burst record
        List<Received> all = rsyslog.await(r -> about(r, userId).stream().anyMatch(m -> "USER_DELETE".equals(m.msgId())), WAIT);
        Message burst = one(about(all, userId), "LOGIN_FAILURE_BURST");
        assertEquals("SELF_SERVICE", burst.param(SD, "entry-point"));
        assertEquals("FAILED", burst.param(SD, "outcome"));
        assertEquals(3, burst.severity(), "err");
        assertEquals("demo-portal", burst.param(SD, "actor-client-id"));
        assertTrue(burst.param(SD, "reason").startsWith("5 failed logins within one minute"), burst.param(SD, "reason"));
    }

    @Test
    void selfServiceProfileChangeIsRecordedAsTheUser() throws Exception {
        RealmResource admin = realm.admin();
        UserRepresentation u = newUser("self");
        CredentialRepresentation pw = new CredentialRepresentation();
        pw.setType(CredentialRepresentation.PASSWORD);
        pw.setValue("Self-Service-Password-2026");
        pw.setTemporary(false);
        u.setCredentials(List.of(pw));
        u.setEmailVerified(true);
        String userId = create(admin, u);
        String token = new OidcCodeFlow(realm.getBaseUrl(), "demo-portal", EduRealmConfig.clientSecret("demo-portal"),
                "http://localhost:3000/callback").login(u.getUsername(), "Self-Service-Password-2026")
                .get("access_token").asText();
        String account = realm.getBaseUrl() + "/account/";
        HttpResponse<String> me = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(account))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET());
        assertEquals(200, me.statusCode(), me.body());
        com.fasterxml.jackson.databind.node.ObjectNode profile = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(me.body());
        profile.put("lastName", "Selfchanged");
        HttpResponse<String> saved = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(account))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(profile.toString())));
        assertEquals(204, saved.statusCode(), saved.body());
        admin.users().get(userId).remove();
        List<Received> all = rsyslog.await(r -> about(r, userId).stream().anyMatch(m -> "USER_DELETE".equals(m.msgId())), WAIT);
        List<Message> selfService = about(all, userId).stream()
                .filter(m -> "SELF_SERVICE".equals(m.param(SD, "entry-point"))).toList();
        Message update = one(selfService, "USER_UPDATE");
        assertEquals(1, selfService.size(), "one record for one profile change: " + selfService);
        assertEquals(userId, update.param(SD, "actor-user-id"), "the user acted on their own account");
        assertEquals(u.getUsername(), update.param(SD, "actor-username"));
        assertEquals("Ångström", update.param(SD, "before.lastName"));
        assertEquals("Selfchanged", update.param(SD, "after.lastName"));
    }

    @Test
    void readApiServesTheTrailToAdminsAndViewersOnly() throws Exception {
        RealmResource admin = realm.admin();
        String userId = create(admin, newUser("readapi"));
        String base = realm.getBaseUrl() + "/kc-edu/audit";

        String adminToken = token("state.admin@kc-edu.example");
        HttpResponse<String> res = http.get(base + "?target=" + userId, adminToken);
        assertEquals(200, res.statusCode(), res.body());
        JsonNode list = JSON.readTree(res.body());
        assertEquals(1, list.size(), res.body());
        assertEquals("USER_CREATE", list.get(0).get("action").asText());
        assertEquals("ADMIN_CONSOLE", list.get(0).get("entryPoint").asText());
        assertTrue(list.get(0).get("sequence").asLong() > 0);

        assertEquals(200, http.get(base + "?action=user_create&max=5", token("viewer@kc-edu.example")).statusCode());
        assertEquals(1, JSON.readTree(http.get(base + "?action=USER_CREATE&max=1", adminToken).body()).size());
        assertEquals(0, JSON.readTree(http.get(base + "?target=" + userId + "&from=2999-01-01T00:00:00Z", adminToken)
                .body()).size());
        // the entry point is a server-side filter, case-insensitive, and an unknown one is refused naming the field
        assertEquals(1, JSON.readTree(http.get(base + "?target=" + userId + "&entryPoint=admin_console", adminToken)
                .body()).size());
        assertEquals(0, JSON.readTree(http.get(base + "?target=" + userId + "&entryPoint=BULK", adminToken)
                .body()).size());
        HttpResponse<String> badEntry = http.get(base + "?entryPoint=FAX", adminToken);
        assertEquals(400, badEntry.statusCode(), badEntry.body());
        assertEquals("entryPoint", JSON.readTree(badEntry.body()).get("field").asText());

        HttpResponse<String> bad = http.get(base + "?max=0", adminToken);
        assertEquals(400, bad.statusCode());
        assertEquals("max", JSON.readTree(bad.body()).get("field").asText());
        assertEquals("from", JSON.readTree(http.get(base + "?from=yesterday", adminToken).body()).get("field").asText());

        assertEquals(401, http.get(base).statusCode());
        String teacherToken = token("teacher@kc-edu.example");
        HttpResponse<String> denied = http.get(base, teacherToken);
        assertEquals(403, denied.statusCode(), denied.body());

        // the refusal itself is in the trail, although the request's transaction was rolled back
        String teacherId = admin.users().searchByUsername("teacher@kc-edu.example", true).get(0).getId();
        JsonNode denials = JSON.readTree(http.get(base + "?action=ACCESS_DENIED&actor=" + teacherId, adminToken).body());
        assertTrue(denials.size() >= 1, denials.toString());
        assertEquals("DENIED", denials.get(0).get("outcome").asText());
        assertEquals("API", denials.get(0).get("entryPoint").asText());
        admin.users().get(userId).remove();
    }

    /** A token for kc-edu's API: demo-portal's tokens are not meant for kc-edu (no kc-edu-api audience). */
    private String token(String username) throws Exception {
        DirectoryRealmConfig.ensureTestClient(realm.admin());
        return Api.token(realm.getBaseUrl(), username, EduRealmConfig.DEMO_PASSWORD);
    }
}
