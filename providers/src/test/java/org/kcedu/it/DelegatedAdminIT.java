package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
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
import org.kcedu.it.support.SmtpSink;
import org.kcedu.it.support.TestUsers;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The delegated-administration matrix (requirements §5, §6), in the style of Keycloak's PermissionsTest: actors ×
 * actions × targets {in scope, out of scope, straddling, higher level}, each cell asserting the HTTP status and, for
 * lists, the exact set returned. Hierarchy: ST > {DA > SA1, DB > SB1}.
 */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DelegatedAdminIT {

    private static final String PASSWORD = "matrix-password-2026";

    @InjectRealm(config = DirectoryRealmConfig.class)
    ManagedRealm realm;

    private Api root;
    private final Map<String, String> domains = new HashMap<>();
    private final Map<String, String> users = new HashMap<>();
    private final Map<String, Api> as = new HashMap<>();
    private SmtpSink smtp;

    /** The framework injects the realm per test, so the shared state is built on the first test's setup. */
    @BeforeEach
    void buildStateOnce() throws Exception {
        if (root != null) {
            return;
        }
        smtp = new SmtpSink(1025);
        root = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        domain("ST", "STATE", null);
        domain("DA", "DISTRICT", "ST");
        domain("DB", "DISTRICT", "ST");
        domain("SA1", "SCHOOL", "DA");
        domain("SB1", "SCHOOL", "DB");
        ok(root.post("subjects", Map.of("code", "MATH", "name", "Mathematics")), 201);
        ok(root.post("subjects", Map.of("code", "ELA", "name", "English Language Arts")), 201);
        role("Teacher", false, false, List.of());
        role("Report Viewer", false, false, List.of());
        role("Test Administrator", true, false, List.of());
        role("Account Administrator", false, true, List.of());
        role("Reporting Administrator", false, true, List.of("Report Viewer"));
        role("Subject Administrator", true, true, List.of());

        user("stateAdmin", "Account Administrator", "ST", null);
        user("distAdminA", "Account Administrator", "DA", null);
        user("distAdminB", "Account Administrator", "DB", null);
        user("schoolAdminA1", "Account Administrator", "SA1", null);
        user("roleLimited", "Reporting Administrator", "DA", null);
        user("subjectLimited", "Subject Administrator", "DA", "MATH");
        user("plain", "Teacher", "SA1", null);
        user("tInA", "Teacher", "SA1", null);
        user("tInB", "Teacher", "SB1", null);
        user("tStraddle", "Teacher", "SA1", null);
        grant("tStraddle", "Teacher", "SB1", null);
        user("tHigher", "Report Viewer", "ST", null);
        user("tMathA", "Test Administrator", "SA1", "MATH");
        user("tReportA", "Report Viewer", "SA1", null);
        for (String actor : List.of("stateAdmin", "distAdminA", "distAdminB", "schoolAdminA1", "roleLimited", "subjectLimited", "plain")) {
            as.put(actor, new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), email(actor), PASSWORD)));
        }
    }

    @AfterAll
    void stopSmtp() throws Exception {
        if (smtp != null) {
            smtp.close();
        }
    }

    // ---- visibility: lists return exactly the users with an assignment the actor may see ----

    @Test
    @Order(1)
    void userListsAreExactlyTheActorsScope() {
        Set<String> all = Set.of("stateAdmin", "distAdminA", "distAdminB", "schoolAdminA1", "roleLimited", "subjectLimited",
                "plain", "tInA", "tInB", "tStraddle", "tHigher", "tMathA", "tReportA");
        assertEquals(new TreeSet<>(all), listedUsers("stateAdmin"));
        assertEquals(new TreeSet<>(Set.of("distAdminA", "schoolAdminA1", "roleLimited", "subjectLimited", "plain", "tInA",
                "tStraddle", "tMathA", "tReportA")), listedUsers("distAdminA"));
        assertEquals(new TreeSet<>(Set.of("distAdminB", "tInB", "tStraddle")), listedUsers("distAdminB"));
        assertEquals(new TreeSet<>(Set.of("schoolAdminA1", "plain", "tInA", "tStraddle", "tMathA", "tReportA")), listedUsers("schoolAdminA1"));
        assertEquals(new TreeSet<>(Set.of("tReportA")), listedUsers("roleLimited"), "role-limited: only its grantable roles");
        assertEquals(new TreeSet<>(Set.of("subjectLimited", "tMathA")), listedUsers("subjectLimited"), "subject-limited: only MATH");
        assertEquals(403, as.get("plain").get("users").statusCode(), "a plain user is no admin");
        assertEquals(401, new Api(realm.getBaseUrl(), null).get("users").statusCode());
    }

    @Test
    @Order(2)
    void singleUserReadsAgreeWithLists() {
        for (String actor : List.of("distAdminA", "distAdminB", "schoolAdminA1", "roleLimited", "subjectLimited")) {
            Set<String> listed = listedUsers(actor);
            for (String target : users.keySet()) {
                int expected = listed.contains(target) ? 200 : 404; // invisible answers like absent (opacity)
                assertEquals(expected, as.get(actor).get("users/" + users.get(target)).statusCode(), actor + " reads " + target);
            }
        }
    }

    @Test
    @Order(3)
    void assignmentsOfAStraddlingUserShowOnlyTheInScopeOnes() {
        JsonNode a = ok(as.get("distAdminA").get("users/" + users.get("tStraddle") + "/assignments"), 200);
        assertEquals(1, a.size());
        assertEquals("SA1", a.get(0).get("domainIdentifier").asText());
        JsonNode full = ok(as.get("stateAdmin").get("users/" + users.get("tStraddle") + "/assignments"), 200);
        assertEquals(2, full.size());
        JsonNode view = ok(as.get("distAdminA").get("users/" + users.get("tStraddle")), 200);
        assertTrue(view.get("hasRolesOutside").asBoolean(), "UI hint: e-mail field must be disabled");
        assertFalse(ok(as.get("distAdminA").get("users/" + users.get("tInA")), 200).get("hasRolesOutside").asBoolean());
    }

    // ---- hijack-safe e-mail (§5.2.2.1) and self-service e-mail change (§5.2.2.2) ----

    @Test
    @Order(4)
    void auditTrailShowsOnlyWhatTheAdminCanSee() {
        assertFalse(auditAbout("distAdminA", users.get("tInA")).isEmpty());
        assertFalse(auditAbout("distAdminA", users.get("tStraddle")).isEmpty(), "straddling users are visible to both");
        assertFalse(auditAbout("distAdminB", users.get("tStraddle")).isEmpty());
        assertEquals(Set.of(), auditAbout("distAdminA", users.get("tInB")), "another district's user");
        assertEquals(Set.of(), auditAbout("distAdminB", users.get("tInA")));
        assertEquals(Set.of(), auditAbout("subjectLimited", users.get("tReportA")), "subject-limited: only MATH holders");
        assertEquals(Set.of("DOMAIN_CREATE"), auditAbout("distAdminA", domains.get("SA1")));
        assertEquals(Set.of(), auditAbout("distAdminA", domains.get("SB1")));
        assertEquals(Set.of(), auditAbout("schoolAdminA1", domains.get("DA")), "the district above a school admin");
        assertEquals(Set.of("DOMAIN_CREATE"), auditAbout("stateAdmin", domains.get("SB1")));

        // their own refused attempt to read tInB (order 2) is theirs to see: actions of the reader always are
        assertTrue(ok(as.get("distAdminA").get("audit?action=ACCESS_DENIED&target=" + users.get("tInB")), 200).size() > 0);
        Set<String> outOfScope = Set.of(users.get("tInB"), users.get("distAdminB"), users.get("tHigher"), domains.get("DB"),
                domains.get("SB1"), domains.get("ST"));
        for (JsonNode e : ok(as.get("distAdminA").get("audit?max=1000"), 200)) {
            assertFalse(outOfScope.contains(e.path("targetId").asText()) && !users.get("distAdminA").equals(
                    e.path("actorUserId").asText()), "district admin A must not read " + e);
        }
        assertEquals(403, as.get("plain").get("audit").statusCode(), "a plain user reads no audit trail");
    }

    /** Actions of the records about {@code targetId} that {@code actor} reads, leaving out the actor's own. */
    private Set<String> auditAbout(String actor, String targetId) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode e : ok(as.get(actor).get("audit?target=" + targetId), 200)) {
            if (!users.get(actor).equals(e.path("actorUserId").asText())) {
                actions.add(e.get("action").asText());
            }
        }
        return actions;
    }

    @Test
    @Order(9)
    void usersChangeTheirOwnEmailThroughTheVerifiedFlow() {
        assertTrue(realm.admin().toRepresentation().isVerifyEmail(), "the new address must be confirmed");
        var updateEmail = realm.admin().flows().getRequiredAction("UPDATE_EMAIL");
        assertNotNull(updateEmail, "Keycloak's update-email action is registered in the realm");
        assertTrue(updateEmail.isEnabled(), "and enabled, so the account console offers the verified change");
    }


    @Test
    @Order(10)
    void emailChangeOnlyForUsersFullyInScope() {
        assertEquals(200, changeEmail("distAdminA", "tInA", "tina.new@kc-edu.example").statusCode());
        HttpResponse<String> straddle = changeEmail("distAdminA", "tStraddle", "evil@attacker.example");
        assertEquals(403, straddle.statusCode());
        assertTrue(straddle.body().contains("roles_outside_scope"), straddle.body());
        assertTrue(straddle.body().contains("/account"), "tells how the user can change it themself: " + straddle.body());
        assertEquals(403, changeEmail("distAdminB", "tStraddle", "evil@attacker.example").statusCode());
        assertEquals(404, changeEmail("distAdminA", "tInB", "evil@attacker.example").statusCode(),
                "out of scope: answered like an absent user");
        assertEquals(404, changeEmail("distAdminA", "tHigher", "evil@attacker.example").statusCode(), "higher level");
        assertEquals(404, changeEmail("schoolAdminA1", "distAdminA", "evil@attacker.example").statusCode(),
                "a school admin cannot take over their district admin (nor see them)");
        assertEquals(200, changeEmail("stateAdmin", "tStraddle", "t.straddle.new@kc-edu.example").statusCode(),
                "the state admin's scope covers both districts");
        assertEquals("t.straddle.new@kc-edu.example", ok(root.get("users/" + users.get("tStraddle")), 200).get("email").asText());
        assertEquals("t.straddle.new@kc-edu.example", ok(root.get("users/" + users.get("tStraddle")), 200).get("username").asText(),
                "username follows the e-mail where they were equal");
    }

    @Test
    @Order(11)
    void refusedEmailChangeThenResetStillMailsTheOwner() throws Exception {
        String victim = users.get("tStraddle");
        String ownerEmail = ok(root.get("users/" + victim), 200).get("email").asText();
        assertEquals(403, changeEmail("distAdminA", "tStraddle", "evil2@attacker.example").statusCode());
        assertEquals(202, as.get("distAdminA").post("users/" + victim + "/reset-password-email", null).statusCode(),
                "an admin who can see the user may trigger a reset");
        SmtpSink.Mail mail = smtp.await(ownerEmail, 15000);
        assertNotNull(mail, "the reset mail reached the owner's address");
        assertTrue(mail.data().contains("initiated by"), "names the admin (§5.2.2.3)");
        assertTrue(mail.data().contains(email("distAdminA")), mail.data());
        assertTrue(smtp.mails().stream().noneMatch(m -> m.to().contains("attacker")));
        assertEquals(429, as.get("distAdminA").post("users/" + victim + "/reset-password-email", null).statusCode(),
                "rate limited per target user");
        assertEquals(404, as.get("distAdminA").post("users/" + users.get("tInB") + "/reset-password-email", null).statusCode(),
                "no reset for users the admin cannot see (answered like an absent user)");
    }

    // ---- granting (§5.1.1, §6) and escalation ----

    @Test
    @Order(20)
    void grantsRespectDomainRoleAndSubjectLimits() {
        assertEquals(201, grantAs("distAdminA", "tInA", "Report Viewer", "SA1", null).statusCode());
        assertEquals(400, grantAs("distAdminA", "tInA", "Report Viewer", "SB1", null).statusCode(),
                "other district: answered like an unknown domain");
        assertEquals(403, grantAs("distAdminA", "tInA", "Report Viewer", "ST", null).statusCode(), "higher level");
        assertEquals(201, grantAs("roleLimited", "tReportA", "Report Viewer", "DA", null).statusCode());
        assertEquals(403, grantAs("roleLimited", "tReportA", "Teacher", "SA1", null).statusCode(), "role-limited");
        assertEquals(201, grantAs("subjectLimited", "tMathA", "Test Administrator", "DA", "MATH").statusCode());
        assertEquals(403, grantAs("subjectLimited", "tMathA", "Test Administrator", "SA1", "ELA").statusCode(), "subject-limited");
        assertEquals(403, grantAs("plain", "tInA", "Teacher", "SA1", null).statusCode());
    }

    @Test
    @Order(21)
    void noPrivilegeEscalation() {
        assertEquals(403, grantAs("schoolAdminA1", "schoolAdminA1", "Account Administrator", "DA", null).statusCode(),
                "own admin role one level up");
        assertEquals(403, grantAs("distAdminA", "distAdminA", "Account Administrator", "ST", null).statusCode());
        assertEquals(403, grantAs("roleLimited", "tReportA", "Account Administrator", "SA1", null).statusCode(),
                "a role-limited admin cannot mint an unrestricted admin");
        assertEquals(403, grantAs("subjectLimited", "tMathA", "Account Administrator", "SA1", null).statusCode());
        assertEquals(201, grantAs("distAdminA", "tInA", "Account Administrator", "SA1", null).statusCode(),
                "an admin may appoint admins below themself");
        HttpResponse<String> move = as.get("distAdminA").post("domains/" + domains.get("SB1") + "/move",
                Map.of("parentId", domains.get("DA")));
        assertEquals(404, move.statusCode(), "cannot pull another district's school into own scope (nor see it)");
        assertEquals(403, as.get("distAdminA").post("domains/" + domains.get("DA") + "/move",
                Map.of("parentId", domains.get("ST"))).statusCode(), "cannot move own root");
        assertEquals(400, as.get("distAdminA").post("domains/" + domains.get("DA") + "/move",
                Map.of("parentId", domains.get("DB"))).statusCode(), "a sibling district is answered like an unknown parent");
    }

    @Test
    @Order(22)
    void revokingFollowsTheSameRules() {
        String inB = ok(root.get("users/" + users.get("tInB") + "/assignments"), 200).get(0).get("id").asText();
        assertEquals(404, as.get("distAdminA").delete("assignments/" + inB).statusCode(), "invisible: like absent");
        String teacherA = ok(as.get("distAdminA").post("assignments", Map.of("userId", users.get("tReportA"), "role", "Teacher",
                "domainType", "SCHOOL", "domainIdentifier", "SA1", "expiresAt", "2099-01-01")), 201).get("id").asText();
        assertEquals(404, as.get("roleLimited").delete("assignments/" + teacherA).statusCode(),
                "not a grantable role, so not even visible to the role-limited admin");
        assertEquals(204, as.get("schoolAdminA1").delete("assignments/" + teacherA).statusCode());
    }

    // ---- user lifecycle ----

    @Test
    @Order(30)
    void createUsersOnlyWithAnInScopeAssignment() {
        Map<String, Object> inScope = newUser("new.a1@kc-edu.example", "SA1");
        assertEquals(201, as.get("schoolAdminA1").post("users", inScope).statusCode());
        assertEquals(400, as.get("schoolAdminA1").post("users", newUser("new.b1@kc-edu.example", "SB1")).statusCode(),
                "another district's school is answered like an unknown domain");
        assertEquals(403, as.get("plain").post("users", newUser("new.p@kc-edu.example", "SA1")).statusCode());
        assertEquals(403, as.get("roleLimited").post("users", newUser("new.r@kc-edu.example", "SA1")).statusCode(),
                "Teacher is not grantable by the reporting admin");
    }

    @Test
    @Order(31)
    void disableAndDeleteOnlyUsersFullyInScope() {
        assertEquals(200, as.get("distAdminA").put("users/" + users.get("tReportA"), Map.of("enabled", false)).statusCode());
        assertEquals(403, as.get("distAdminA").put("users/" + users.get("tStraddle"), Map.of("enabled", false)).statusCode());
        assertEquals(200, as.get("distAdminA").put("users/" + users.get("tStraddle"), Map.of("firstName", "Renamed")).statusCode(),
                "names of a visible user may change");
        assertEquals(404, as.get("distAdminA").put("users/" + users.get("tInB"), Map.of("firstName", "X")).statusCode());
        assertEquals(403, as.get("distAdminA").delete("users/" + users.get("tStraddle")).statusCode());
        assertEquals(404, as.get("distAdminB").delete("users/" + users.get("tInA")).statusCode());
        String created = ok(root.get("users?search=new.a1@kc-edu.example"), 200).get(0).get("id").asText();
        assertEquals(204, as.get("schoolAdminA1").delete("users/" + created).statusCode());
    }

    // ---- domains ----

    @Test
    @Order(40)
    void domainsOnlyInsideOwnSubtree() {
        assertEquals(201, as.get("distAdminA").post("domains", Map.of("type", "SCHOOL", "name", "New A2", "identifier", "SA2",
                "parentId", domains.get("DA"))).statusCode());
        assertEquals(400, as.get("distAdminA").post("domains", Map.of("type", "SCHOOL", "name", "New B2", "identifier", "SB2",
                "parentId", domains.get("DB"))).statusCode(), "another district: answered like an unknown parent");
        assertEquals(403, as.get("distAdminA").post("domains", Map.of("type", "STATE", "name", "Other", "identifier", "ST2")).statusCode());
        assertEquals(403, as.get("distAdminA").put("domains/" + domains.get("DA"), Map.of("name", "Mine now")).statusCode(),
                "own root is not editable");
        assertEquals(403, as.get("roleLimited").post("domains", Map.of("type", "SCHOOL", "name", "RL", "identifier", "SRL",
                "parentId", domains.get("DA"))).statusCode(), "limited admins do not manage the hierarchy");
        Set<String> visible = new TreeSet<>();
        ok(as.get("distAdminA").get("domains?max=100"), 200).forEach(d -> visible.add(d.get("identifier").asText()));
        assertEquals(new TreeSet<>(Set.of("DA", "SA1", "SA2")), visible);
        assertEquals(404, as.get("distAdminA").get("domains/" + domains.get("SB1")).statusCode());
        assertEquals(403, as.get("distAdminA").post("roles", Map.of("name", "Sneaky", "domainTypes", List.of("SCHOOL"))).statusCode());
    }

    @Test
    @Order(45)
    void bulkUsersExportIsExactlyTheAdminsUserList() {
        for (String actor : List.of("distAdminA", "distAdminB", "schoolAdminA1", "roleLimited", "subjectLimited")) {
            Set<String> exported = exportedUsernames(as.get(actor), "bulk/users/export");
            Set<String> listed = new TreeSet<>();
            ok(as.get(actor).get("users?max=1000"), 200).forEach(u -> listed.add(u.get("username").asText()));
            assertEquals(listed, exported, actor + "'s export is exactly their user list");
            assertFalse(exported.contains(email("tInB")) && !actor.equals("distAdminB"), actor + " exported tInB");
        }
        assertEquals(403, as.get("plain").get("bulk/users/export").statusCode(), "a plain user exports nothing");
    }

    @Test
    @Order(46)
    void exportsLimitedToADomainStayInsideTheAdminsScope() {
        Set<String> sb1 = exportedUsernames(root, "bulk/users/export?domain=SCHOOL:SB1");
        assertTrue(sb1.containsAll(Set.of(username("tInB"), username("tStraddle"))), sb1.toString());
        assertFalse(sb1.contains(username("tInA")) || sb1.contains(username("tHigher")), "only users holding roles in SB1: " + sb1);

        Set<String> sa1ByA = exportedUsernames(as.get("distAdminA"), "bulk/users/export?domain=SCHOOL:SA1");
        assertTrue(sa1ByA.containsAll(Set.of(username("tInA"), username("tStraddle"), username("tMathA"))), sa1ByA.toString());
        assertFalse(sa1ByA.contains(username("tInB")), sa1ByA.toString());
        HttpResponse<String> outside = as.get("distAdminA").get("bulk/users/export?domainId=" + domains.get("DB"));
        String random = java.util.UUID.randomUUID().toString();
        HttpResponse<String> absent = as.get("distAdminA").get("bulk/users/export?domainId=" + random);
        assertEquals(400, outside.statusCode(), "a domain outside the admin's scope exports nothing: " + outside.body());
        assertEquals(absent.body().replace(random, "{id}"), outside.body().replace(domains.get("DB"), "{id}"),
                "and is answered exactly like a domain that does not exist");
        assertEquals(exportedUsernames(as.get("distAdminA"), "bulk/users/export"),
                exportedUsernames(as.get("distAdminA"), "bulk/users/export?domain=STATE:ST"),
                "a domain above the admin's scope narrows nothing: still exactly their users");
        Set<String> mathOnly = exportedUsernames(as.get("subjectLimited"), "bulk/users/export?domain=SCHOOL:SA1");
        assertTrue(mathOnly.contains(username("tMathA")), mathOnly.toString());
        assertFalse(mathOnly.contains(username("tInA")), "the subject limit still applies: " + mathOnly);

        HttpResponse<String> assignments = root.get("bulk/assignments/export?domain=SCHOOL:SB1");
        assertEquals(200, assignments.statusCode(), assignments.body());
        List<String> rows = assignments.body().lines().skip(1).toList();
        assertFalse(rows.isEmpty(), assignments.body());
        rows.forEach(r -> assertTrue(r.contains(",SCHOOL,SB1,"), "assignment outside SB1 exported: " + r));

        HttpResponse<String> roles = root.get("bulk/roles/export?domain=SCHOOL:SA1");
        assertEquals(400, roles.statusCode(), roles.body());
        assertEquals("domain", Api.json(roles.body()).get("field").asText(), roles.body());
        HttpResponse<String> unknown = as.get("distAdminA").get("bulk/users/export?domain=SCHOOL:NOPE");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals("domain", Api.json(unknown.body()).get("field").asText(), unknown.body());
        assertEquals(403, as.get("plain").get("bulk/users/export?domain=SCHOOL:SA1").statusCode());
    }

    /** The current username (earlier tests rename some users). */
    private String username(String key) {
        return ok(root.get("users/" + users.get(key)), 200).get("username").asText();
    }

    private static Set<String> exportedUsernames(Api api, String path) {
        HttpResponse<String> csv = api.get(path);
        assertEquals(200, csv.statusCode(), csv.body());
        List<String> lines = csv.body().lines().toList();
        int column = List.of(lines.get(0).split(",")).indexOf("username");
        Set<String> out = new TreeSet<>();
        lines.stream().skip(1).forEach(l -> out.add(l.split(",")[column]));
        return out;
    }

    // ---- bulk import obeys the same rules (§5.2.2.1: "MUST also apply to API access and bulk uploads") ----

    @Test
    @Order(50)
    void bulkRowsObeyScopeAndTheEmailRule() throws Exception {
        String inA = ok(root.get("users/" + users.get("tMathA")), 200).get("username").asText();
        String straddle = ok(root.get("users/" + users.get("tStraddle")), 200).get("username").asText();
        String before = ok(root.get("users/" + users.get("tStraddle")), 200).get("email").asText();
        String csv = "username,email\r\n"
                + inA + ",tmatha.bulk@kc-edu.example\r\n"
                + straddle + ",evil.bulk@attacker.example\r\n"
                + "brand.new@kc-edu.example,brand.new@kc-edu.example\r\n";
        HttpResponse<String> submitted = as.get("distAdminA").postRaw("bulk/users/imports", csv, "text/csv");
        assertEquals(202, submitted.statusCode(), submitted.body());
        String job = Api.json(submitted.body()).get("id").asText();
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = ok(as.get("distAdminA").get("bulk/users/imports/" + job), 200);
            if (status.get("status").asText().matches("COMPLETED|FAILED")) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("COMPLETED", status.get("status").asText(), status.toString());
        assertEquals(1, status.get("updated").asLong(), status.toString());
        assertEquals(2, status.get("rejected").asLong(), status.toString());
        assertEquals("tmatha.bulk@kc-edu.example", ok(root.get("users/" + users.get("tMathA")), 200).get("email").asText());
        assertEquals(before, ok(root.get("users/" + users.get("tStraddle")), 200).get("email").asText(),
                "the straddling user's e-mail is untouched");
        String errors = as.get("distAdminA").get("bulk/users/imports/" + job + "/errors").body();
        assertTrue(errors.contains("roles_outside_scope"), errors);
        assertTrue(errors.contains("not_found_or_out_of_scope"), "a free username is answered like a hidden user: " + errors);
        assertFalse(errors.contains("realm_admin_only"), errors);
        assertEquals(404, as.get("distAdminB").get("bulk/users/imports/" + job).statusCode(), "another admin's job");
        assertFalse(as.get("distAdminA").get("bulk/users/export").body().contains(email("tInB")),
                "a delegated admin's export is scoped (see bulkUsersExportIsExactlyTheAdminsUserList)");
    }

    // ---- opacity (issue 14): what an admin may not see answers exactly like what does not exist ----

    /**
     * One kc-edu route with placeholders {user}, {domain}, {ident}, {group}, {assignment}, {job} for the target id.
     * A new route is one line in {@link #routes}.
     */
    record Route(String method, String path, String body) {
        String placeholder() {
            for (String p : List.of("{user}", "{domain}", "{ident}", "{group}", "{assignment}", "{job}")) {
                if (path.contains(p) || (body != null && body.contains(p))) {
                    return p;
                }
            }
            throw new IllegalStateException("route without a target: " + this);
        }
    }

    /** Every kc-edu route that takes the id of a user, domain, group, assignment or job, with a typical body. */
    private List<Route> routes() {
        String sa1 = domains.get("SA1");
        return List.of(
                new Route("GET", "users/{user}", null),
                new Route("PUT", "users/{user}", "{}"),
                new Route("PUT", "users/{user}", "{\"firstName\":\"tInB\",\"lastName\":\"Matrix\"}"),
                new Route("PUT", "users/{user}", "{\"firstName\":\"Changed\"}"),
                new Route("PUT", "users/{user}", "{\"email\":\"evil@attacker.example\"}"),
                new Route("PUT", "users/{user}", "{\"enabled\":false}"),
                new Route("PUT", "users/{user}", "{\"emial\":\"typo@x.example\"}"),
                new Route("DELETE", "users/{user}", null),
                new Route("POST", "users/{user}/reset-password-email", null),
                new Route("GET", "users/{user}/assignments", null),
                new Route("GET", "users/{user}/groups", null),
                new Route("GET", "assignments?userId={user}", null),
                new Route("POST", "assignments", "{\"userId\":\"{user}\",\"role\":\"Teacher\",\"domainId\":\"" + sa1 + "\"}"),
                new Route("PUT", "groups/" + ownGroup + "/members/{user}", null),
                new Route("DELETE", "groups/" + ownGroup + "/members/{user}", null),
                new Route("GET", "audit?target={user}&action=USER_CREATE", null),
                new Route("GET", "domains/{domain}", null),
                new Route("PUT", "domains/{domain}", "{\"name\":\"Taken over\"}"),
                new Route("PUT", "domains/{domain}", "{}"),
                new Route("DELETE", "domains/{domain}", null),
                new Route("POST", "domains/{domain}/move", "{\"parentId\":\"" + domains.get("DA") + "\"}"),
                new Route("GET", "domains/{domain}/ancestors", null),
                new Route("GET", "domains/{domain}/children", null),
                new Route("GET", "domains/{domain}/descendants", null),
                new Route("GET", "domains/{domain}/assignments", null),
                new Route("GET", "assignments?domainId={domain}", null),
                new Route("GET", "users?domain={domain}", null),
                new Route("GET", "bulk/users/export?domainId={domain}", null),
                new Route("GET", "audit?target={domain}&action=DOMAIN_CREATE", null),
                new Route("POST", "assignments", "{\"userId\":\"" + users.get("tInA") + "\",\"role\":\"Teacher\",\"domainId\":\"{domain}\"}"),
                new Route("POST", "domains", "{\"type\":\"SCHOOL\",\"name\":\"X\",\"identifier\":\"SX1\",\"parentId\":\"{domain}\"}"),
                new Route("POST", "groups", "{\"name\":\"X\",\"domainId\":\"{domain}\"}"),
                new Route("POST", "domains/" + domains.get("SA1") + "/move", "{\"parentId\":\"{domain}\"}"),
                new Route("POST", "users", "{\"email\":\"m@matrix.kc-edu.example\",\"firstName\":\"M\",\"lastName\":\"X\","
                        + "\"assignments\":[{\"role\":\"Teacher\",\"domainId\":\"{domain}\"}]}"),
                new Route("GET", "domains/by-identifier/SCHOOL/{ident}", null),
                new Route("PUT", "domains/by-identifier/SCHOOL/{ident}", "{\"name\":\"Taken over\"}"),
                new Route("GET", "groups/{group}", null),
                new Route("PUT", "groups/{group}", "{\"name\":\"Taken over\"}"),
                new Route("DELETE", "groups/{group}", null),
                new Route("GET", "groups/{group}/members", null),
                new Route("PUT", "groups/{group}/members/" + users.get("tInA"), null),
                new Route("DELETE", "groups/{group}/members/" + users.get("tInA"), null),
                new Route("GET", "groups/{group}/assignments", null),
                new Route("GET", "assignments?groupId={group}", null),
                new Route("GET", "assignments/{assignment}", null),
                new Route("PUT", "assignments/{assignment}", "{\"expiresAt\":\"2099-01-01\"}"),
                new Route("PUT", "assignments/{assignment}", "{}"),
                new Route("DELETE", "assignments/{assignment}", null),
                new Route("GET", "bulk/users/imports/{job}", null),
                new Route("GET", "bulk/users/imports/{job}/errors", null),
                new Route("POST", "bulk/users/imports/{job}/resume", null),
                new Route("POST", "bulk/users/imports/{job}/set-password-emails", null));
    }

    private String ownGroup;
    private final Map<String, String> hidden = new HashMap<>();

    /** Targets outside the scope of every matrix actor (district A, school A1, role- and subject-limited). */
    private void hiddenTargets() throws Exception {
        if (!hidden.isEmpty()) {
            return;
        }
        ownGroup = ok(root.post("groups", Map.of("name", "Own A1", "domainId", domains.get("SA1"))), 201).get("id").asText();
        hidden.put("{user}", users.get("tInB"));
        hidden.put("{domain}", domains.get("SB1"));
        hidden.put("{ident}", "SB1");
        hidden.put("{group}", ok(root.post("groups", Map.of("name", "Hidden B1", "domainId", domains.get("SB1"))), 201)
                .get("id").asText());
        hidden.put("{assignment}", ok(root.get("users/" + users.get("tInB") + "/assignments"), 200).get(0).get("id").asText());
        HttpResponse<String> job = as.get("distAdminB").postRaw("bulk/users/imports?dryRun=true",
                "username,first_name\r\n" + email("tInB") + ",Same\r\n", "text/csv");
        hidden.put("{job}", ok(job, 202).get("id").asText());
    }

    private HttpResponse<String> call(Api api, Route r, String placeholder, String id) {
        String path = r.path().replace(placeholder, id);
        String body = r.body() == null ? null : r.body().replace(placeholder, id);
        return api.send(r.method(), path, body, null);
    }

    @Test
    @Order(60)
    void everyRouteAnswersAHiddenTargetExactlyLikeAnAbsentOne() throws Exception {
        hiddenTargets();
        for (String actor : List.of("distAdminA", "schoolAdminA1", "roleLimited", "subjectLimited")) {
            for (Route r : routes()) {
                String placeholder = r.placeholder();
                String hiddenId = hidden.get(placeholder);
                String randomId = "{ident}".equals(placeholder) ? "NOPE" + UUID.randomUUID().toString().substring(0, 8)
                        : UUID.randomUUID().toString();
                HttpResponse<String> outside = call(as.get(actor), r, placeholder, hiddenId);
                HttpResponse<String> absent = call(as.get(actor), r, placeholder, randomId);
                String cell = actor + " " + r.method() + " " + r.path() + " " + r.body();
                assertEquals(absent.statusCode(), outside.statusCode(), cell + ": " + outside.body() + " vs " + absent.body());
                assertEquals(absent.body().replace(randomId, "{id}"), outside.body().replace(hiddenId, "{id}"), cell);
                assertTrue(outside.statusCode() >= 400 || "[]".equals(outside.body()), cell + " must not act: " + outside.body());
            }
        }
        assertEquals("tInB", ok(root.get("users/" + users.get("tInB")), 200).get("firstName").asText(), "nothing changed");
        assertEquals("Domain SB1", ok(root.get("domains/" + domains.get("SB1")), 200).get("name").asText());
    }

    @Test
    @Order(61)
    void auditOfAVisibleUserShowsOnlyInScopeGrants() {
        String straddle = users.get("tStraddle");
        Set<String> seenByA = new TreeSet<>();
        for (JsonNode e : ok(as.get("distAdminA").get("audit?target=" + straddle + "&max=1000"), 200)) {
            if (e.get("action").asText().startsWith("ROLE_")) {
                seenByA.add(e.path("changes").path("domain").path("after").asText());
            }
        }
        assertTrue(seenByA.contains("SCHOOL:SA1"), seenByA.toString());
        assertFalse(seenByA.contains("SCHOOL:SB1"), "the grant in district B is not district A's to read: " + seenByA);
        Set<String> seenByRoot = new TreeSet<>();
        for (JsonNode e : ok(root.get("audit?target=" + straddle + "&max=1000"), 200)) {
            seenByRoot.add(e.path("changes").path("domain").path("after").asText());
        }
        assertTrue(seenByRoot.containsAll(Set.of("SCHOOL:SA1", "SCHOOL:SB1")), seenByRoot.toString());
        for (JsonNode e : ok(as.get("subjectLimited").get("audit?target=" + users.get("tMathA") + "&max=1000"), 200)) {
            if (e.get("action").asText().startsWith("ROLE_") && !users.get("subjectLimited").equals(e.path("actorUserId").asText())) {
                assertEquals("MATH", e.path("changes").path("subject").path("after").asText(), "subject-limited: " + e);
            }
        }
    }

    @Test
    @Order(62)
    void bulkRowsAboutHiddenAbsentAndInScopeAbsentTargetsAreIdentical() throws Exception {
        String holder = extraUser("tBulkB", "Teacher", "SB1", null);
        String visible = email("tInA");
        // DELETE rows: a role held at an out-of-scope domain, one not held there, and both for an absent user
        String csv = "action,username,role,domain_type,domain_identifier\r\n"
                + "DELETE," + email("tBulkB") + ",Teacher,SCHOOL,SB1\r\n"
                + "DELETE," + visible + ",Report Viewer,SCHOOL,SB1\r\n"
                + "DELETE," + visible + ",Teacher,SCHOOL,SB1\r\n"
                + "DELETE,nobody-" + UUID.randomUUID() + "@matrix.kc-edu.example,Teacher,SCHOOL,SB1\r\n"
                + "DELETE," + visible + ",Teacher,SCHOOL,NOPE\r\n";
        JsonNode job = importAndWait("distAdminA", "assignments", csv);
        assertEquals(0, job.get("unchanged").asLong(), job.toString());
        // issue 16: a DELETE that matches nothing is "not found" (a warning row), and so is one about something hidden
        assertEquals(0, job.get("rejected").asLong(), job.toString());
        assertEquals(5, job.get("notFound").asLong(), job.toString());
        assertOneMessage(errorMessages("distAdminA", "assignments", job), 5);
        assertEquals(1, ok(root.get("users/" + holder + "/assignments"), 200).size(), "nothing revoked");

        // users rows: an existing account outside the scope (unchanged and changed) and a free address
        String users = "username,first_name\r\n" + email("tBulkB") + ",tBulkB\r\n" + email("tInB") + ",Renamed\r\n"
                + "free-" + UUID.randomUUID() + "@matrix.kc-edu.example,Free\r\n";
        job = importAndWait("distAdminA", "users", users);
        assertEquals(0, job.get("unchanged").asLong(), job.toString());
        assertEquals(3, job.get("rejected").asLong(), job.toString());
        assertOneMessage(errorMessages("distAdminA", "users", job), 3);
    }

    private static void assertOneMessage(List<String> messages, int rows) {
        assertEquals(rows, messages.size(), messages.toString());
        assertEquals(1, new TreeSet<>(messages).size(), "one neutral message for every hidden or absent target: " + messages);
        assertTrue(messages.get(0).contains("not_found_or_out_of_scope"), messages.get(0));
    }

    /** The message column of a job's error report (the last column), one per rejected row. */
    private List<String> errorMessages(String actor, String kind, JsonNode job) {
        String report = as.get(actor).get("bulk/" + kind + "/imports/" + job.get("id").asText() + "/errors").body();
        return report.lines().skip(1).map(l -> l.substring(l.lastIndexOf(",\"") >= 0 ? l.lastIndexOf(",\"") + 1
                : l.lastIndexOf(',') + 1).replace("\"", "")).toList();
    }

    private JsonNode importAndWait(String actor, String kind, String csv) throws Exception {
        HttpResponse<String> submitted = as.get(actor).postRaw("bulk/" + kind + "/imports", csv, "text/csv");
        String job = ok(submitted, 202).get("id").asText();
        for (int i = 0; i < 150; i++) {
            JsonNode status = ok(as.get(actor).get("bulk/" + kind + "/imports/" + job), 200);
            if (status.get("status").asText().matches("COMPLETED|FAILED")) {
                assertEquals("COMPLETED", status.get("status").asText(), status.toString());
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + job + " did not finish");
    }

    // ---- "outside" includes expired and not-yet-started assignments (§5.2.2.1) ----

    @Test
    @Order(63)
    void anExpiredOrFutureRoleElsewhereBlocksTheEmailChange() throws Exception {
        String victim = extraUser("tHijack", "Teacher", "SA1", null);
        String reportViewer = extraUser("tRvOnly", "Report Viewer", "SA1", null);
        // a past expiry cannot be granted (issue 15): these two expire a few seconds from now
        java.time.Instant soon = java.time.Instant.now().plusSeconds(3);
        String expired = ok(root.post("assignments", Map.of("userId", victim, "role", "Teacher", "domainId",
                domains.get("SB1"), "startsAt", "2020-01-01", "expiresAt", soon.toString())), 201).get("id").asText();
        ok(root.post("assignments", Map.of("userId", reportViewer, "role", "Teacher", "domainId", domains.get("SA1"),
                "startsAt", "2020-01-01", "expiresAt", soon.toString())), 201);
        while (java.time.Instant.now().isBefore(soon.plusMillis(300))) {
            Thread.sleep(100);
        }
        assertTrue(ok(as.get("distAdminA").get("users/" + victim), 200).get("hasRolesOutside").asBoolean());
        HttpResponse<String> api = as.get("distAdminA").put("users/" + victim, Map.of("email", "evil3@attacker.example"));
        assertEquals(403, api.statusCode(), api.body());
        assertTrue(api.body().contains("roles_outside_scope"), api.body());
        JsonNode job = importAndWait("distAdminA", "users", "username,email\r\n" + email("tHijack")
                + ",evil4@attacker.example\r\n");
        assertEquals(1, job.get("rejected").asLong(), job.toString());
        assertTrue(errorMessages("distAdminA", "users", job).get(0).contains("roles_outside_scope"));
        assertEquals(email("tHijack"), ok(root.get("users/" + victim), 200).get("email").asText());

        // district B cannot see the user (its only role there expired), so it can neither read nor renew it
        assertEquals(404, as.get("distAdminB").get("users/" + victim).statusCode());
        assertEquals(404, as.get("distAdminB").put("assignments/" + expired, Map.of("expiresAt", "2099-01-01")).statusCode(),
                "renewing needs to see the user");
        // the state admin sees both districts and renews it: the account stays safe from district A
        assertEquals(200, as.get("stateAdmin").put("assignments/" + expired, Map.of("expiresAt", "2099-01-01")).statusCode());
        assertEquals(200, as.get("distAdminB").get("users/" + victim).statusCode(), "renewed: visible to B again");
        assertEquals(403, as.get("distAdminA").put("users/" + victim, Map.of("email", "evil5@attacker.example")).statusCode());

        String future = extraUser("tFuture", "Teacher", "SA1", null);
        ok(root.post("assignments", Map.of("userId", future, "role", "Teacher", "domainId", domains.get("SB1"),
                "startsAt", "2099-01-01")), 201);
        assertEquals(403, as.get("distAdminA").put("users/" + future, Map.of("email", "evil6@attacker.example")).statusCode(),
                "a role not yet started elsewhere is outside too");

        HttpResponse<String> limited = as.get("roleLimited").put("users/" + reportViewer, Map.of("email", "evil7@attacker.example"));
        assertEquals(403, limited.statusCode(), "an expired role the role-limited admin cannot see is outside: " + limited.body());
    }

    // ---- adding a role to an existing account by e-mail ----

    @Test
    @Order(64)
    void adoptionByEmailAddsOnlyTheRoleAndRevealsNothing() throws Exception {
        String existing = extraUser("tAdopt", "Teacher", "SB1", null);
        Map<String, Object> request = new HashMap<>(newUser(email("tAdopt"), "SA1"));
        request.put("firstName", "Someone");
        request.put("lastName", "Else");
        HttpResponse<String> adopted = as.get("distAdminA").post("users", request);
        JsonNode out = ok(adopted, 201);
        assertEquals(existing, out.get("id").asText(), "the existing account, no second one");
        assertFalse(adopted.body().contains("tAdopt") || adopted.body().contains("Matrix"),
                "no data of the account in the answer: " + adopted.body());
        assertEquals("Someone", out.get("firstName").asText());
        assertEquals(1, out.get("assignments").size());
        assertEquals("SA1", out.get("assignments").get(0).get("domainIdentifier").asText());

        Map<String, Object> fresh = new HashMap<>(newUser("fresh." + UUID.randomUUID() + "@matrix.kc-edu.example", "SA1"));
        fresh.put("firstName", "Someone");
        fresh.put("lastName", "Else");
        JsonNode created = ok(as.get("distAdminA").post("users", fresh), 201);
        assertEquals(fieldNames(created), fieldNames(out), "the same kind of answer as for a new account");
        assertEquals(fieldNames(created.get("assignments").get(0)), fieldNames(out.get("assignments").get(0)));

        JsonNode account = ok(root.get("users/" + existing), 200);
        assertEquals("tAdopt", account.get("firstName").asText(), "the account keeps its names");
        assertEquals("Matrix", account.get("lastName").asText());
        assertEquals(1, ok(root.get("users?search=" + email("tAdopt")), 200).size(), "no duplicate account");
        assertEquals(2, ok(root.get("users/" + existing + "/assignments"), 200).size());
        JsonNode seen = ok(as.get("distAdminA").get("users/" + existing), 200);
        assertTrue(seen.get("hasRolesOutside").asBoolean(), "now visible, with every e-mail rule");
        assertEquals(403, as.get("distAdminA").put("users/" + existing, Map.of("email", "evil8@attacker.example")).statusCode());
        assertEquals(409, as.get("distAdminA").post("users", request).statusCode(), "a visible account: the usual conflict");
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ---- reject what would be ignored ----

    @Test
    @Order(65)
    void fieldsARouteWouldIgnoreAre400NamingTheField() {
        String user = users.get("tReportA");
        String assignment = ok(root.get("users/" + user + "/assignments"), 200).get(0).get("id").asText();
        assertField(root.put("users/" + user, Map.of("id", users.get("tInA"))), "id");
        assertField(root.put("users/" + user, Map.of("emial", "x@y.example")), "emial");
        assertField(root.put("users/" + user, Map.of("assignments", List.of())), "assignments");
        assertField(root.put("assignments/" + assignment, Map.of("subject", "ELA")), "subject");
        assertField(root.put("assignments/" + assignment, Map.of("domainType", "DISTRICT")), "domainType");
        assertField(root.put("assignments/" + assignment, Map.of("domainIdentifier", "DA")), "domainIdentifier");
        assertField(root.put("assignments/" + assignment, Map.of("id", UUID.randomUUID().toString())), "id");
        assertField(root.put("assignments/" + assignment, Map.of("expiresAt", "2099-01-01", "colour", "red")), "colour");
        assertField(root.put("domains/" + domains.get("SA1"), Map.of("id", domains.get("SB1"))), "id");
        assertField(root.put("groups/" + ownGroup, Map.of("id", UUID.randomUUID().toString())), "id");
        assertField(root.post("domains", Map.of("type", "SCHOOL", "name", "X", "identifier", "SX", "parentId",
                domains.get("DA"), "colour", "red")), "colour");
        Map<String, Object> nested = new HashMap<>(newUser("nested@matrix.kc-edu.example", "SA1"));
        nested.put("assignments", List.of(Map.of("role", "Teacher", "domainType", "SCHOOL", "domainIdentifier", "SA1",
                "bogus", 1)));
        assertField(root.post("users", nested), "assignments[0].bogus");
        // what is sent back unchanged is no change: a client may PUT what it read
        JsonNode read = ok(root.get("assignments/" + assignment), 200);
        assertEquals(200, root.put("assignments/" + assignment, read.toString()).statusCode());
    }

    private static void assertField(HttpResponse<String> res, String field) {
        assertEquals(400, res.statusCode(), res.body());
        assertEquals(field, Api.json(res.body()).get("field").asText(), res.body());
    }

    // ---- tokens meant for kc-edu only ----

    @Test
    @Order(66)
    void tokensOfOtherClientsGet401OnEveryRoute() throws Exception {
        String demoSpa = "http://localhost:5173/callback";
        String account = realm.getBaseUrl() + "/account/";
        List<String> tokens = List.of(
                new OidcCodeFlow(realm.getBaseUrl(), "demo-spa", null, demoSpa)
                        .login("state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD).get("access_token").asText(),
                new OidcCodeFlow(realm.getBaseUrl(), "demo-spa", null, demoSpa)
                        .login(email("distAdminA"), PASSWORD).get("access_token").asText(),
                new OidcCodeFlow(realm.getBaseUrl(), "account-console", null, account)
                        .login("state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD).get("access_token").asText(),
                new OidcCodeFlow(realm.getBaseUrl(), "account-console", null, account)
                        .login(email("distAdminA"), PASSWORD).get("access_token").asText());
        List<Route> all = new java.util.ArrayList<>(routes());
        for (String list : List.of("users", "domains", "groups", "roles", "subjects", "domain-types", "audit",
                "bulk/users/export")) {
            all.add(new Route("GET", list, null));
        }
        all.add(new Route("POST", "domains", "{\"type\":\"STATE\",\"name\":\"Replayed\",\"identifier\":\"RP\"}"));
        for (String token : tokens) {
            Api replay = new Api(realm.getBaseUrl(), token);
            for (Route r : all) {
                // in-scope targets: the token alone decides
                String target = users.get("tInA");
                HttpResponse<String> res = replay.send(r.method(), r.path().replaceAll("\\{[a-z]+}", target),
                        r.body() == null ? null : r.body().replaceAll("\\{[a-z]+}", target), null);
                String cell = r.method() + " " + r.path();
                assertEquals(401, res.statusCode(), cell + ": " + res.body());
                JsonNode body = Api.json(res.body());
                assertEquals("invalid_token", body.get("error").asText(), cell);
                assertTrue(body.get("message").asText().contains("kc-edu-api"), body.toString());
            }
        }
        assertTrue(ok(root.get("domains?identifier=RP"), 200).isEmpty(), "no replayed write happened");
    }

    @Test
    @Order(67)
    void aServiceClientWithTheApiScopeWorks() {
        var clients = realm.admin().clients();
        org.keycloak.representations.idm.ClientRepresentation c = new org.keycloak.representations.idm.ClientRepresentation();
        c.setClientId("matrix-sync");
        c.setSecret("matrix-sync-secret");
        c.setPublicClient(false);
        c.setServiceAccountsEnabled(true);
        c.setStandardFlowEnabled(false);
        clients.create(c).close();
        String id = clients.findByClientId("matrix-sync").get(0).getId();
        var sa = clients.get(id).getServiceAccountUser();
        realm.admin().users().get(sa.getId()).roles().realmLevel()
                .add(List.of(realm.admin().roles().get("kc-edu-admin").toRepresentation()));
        assertEquals(401, new Api(realm.getBaseUrl(), serviceToken()).get("domains").statusCode(),
                "without the kc-edu-api scope the token is not for kc-edu");
        String scope = realm.admin().clientScopes().findAll().stream().filter(s -> "kc-edu-api".equals(s.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("the realm got the kc-edu-api client scope")).getId();
        clients.get(id).addDefaultClientScope(scope);
        assertEquals(200, new Api(realm.getBaseUrl(), serviceToken()).get("domains").statusCode(),
                "the documented set-up: the client scope kc-edu-api as a default scope");
        assertNotNull(realm.admin().clients().findByClientId("kc-edu-api").stream().findFirst().orElse(null),
                "the realm names its API audience with a client");
    }

    private String serviceToken() {
        HttpResponse<String> res = new org.kcedu.it.support.Http().postForm(realm.getBaseUrl()
                + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials", "client_id", "matrix-sync",
                "client_secret", "matrix-sync-secret"));
        return ok(res, 200).get("access_token").asText();
    }

    /** A user outside {@link #users} (so the list assertions above stay exact), created by the realm admin. */
    private String extraUser(String key, String role, String domain, String subject) {
        Map<String, Object> assignment = new HashMap<>(Map.of("role", role, "domainId", domains.get(domain)));
        if (subject != null) {
            assignment.put("subject", subject);
        }
        return ok(root.post("users", Map.of("email", email(key), "firstName", key, "lastName", "Matrix",
                "assignments", List.of(assignment))), 201).get("id").asText();
    }

    // ---- helpers ----

    private Set<String> listedUsers(String actor) {
        Map<String, String> byId = new HashMap<>();
        users.forEach((k, v) -> byId.put(v, k));
        Set<String> out = new TreeSet<>();
        ok(as.get(actor).get("users?max=1000"), 200).forEach(u -> {
            String key = byId.get(u.get("id").asText());
            if (key != null) {
                out.add(key);
            }
        });
        return out;
    }

    private HttpResponse<String> changeEmail(String actor, String target, String email) {
        return as.get(actor).put("users/" + users.get(target), Map.of("email", email));
    }

    private HttpResponse<String> grantAs(String actor, String target, String role, String domain, String subject) {
        Map<String, Object> body = new HashMap<>(Map.of("userId", users.get(target), "role", role, "domainId", domains.get(domain)));
        if (subject != null) {
            body.put("subject", subject);
        }
        return as.get(actor).post("assignments", body);
    }

    private static Map<String, Object> newUser(String email, String school) {
        return Map.of("email", email, "firstName", "New", "lastName", "User",
                "assignments", List.of(Map.of("role", "Teacher", "domainType", "SCHOOL", "domainIdentifier", school)));
    }

    private void domain(String identifier, String type, String parent) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "name", "Domain " + identifier, "identifier", identifier));
        if (parent != null) {
            body.put("parentId", domains.get(parent));
        }
        domains.put(identifier, ok(root.post("domains", body), 201).get("id").asText());
    }

    private void role(String name, boolean subjectSpecific, boolean administrative, List<String> grantable) {
        ok(root.post("roles", Map.of("name", name, "subjectSpecific", subjectSpecific, "administrative", administrative,
                "domainTypes", List.of("STATE", "DISTRICT", "SCHOOL"), "grantableRoles", grantable)), 201);
    }

    private static String email(String key) {
        return key.toLowerCase() + "@matrix.kc-edu.example";
    }

    private void user(String key, String role, String domain, String subject) {
        Map<String, Object> assignment = new HashMap<>(Map.of("role", role, "domainId", domains.get(domain)));
        if (subject != null) {
            assignment.put("subject", subject);
        }
        String id = ok(root.post("users", Map.of("email", email(key), "firstName", key, "lastName", "Matrix",
                "assignments", List.of(assignment))), 201).get("id").asText();
        users.put(key, id);
        TestUsers.readyForPasswordLogin(realm.admin().users().get(id), PASSWORD);
    }

    private void grant(String key, String role, String domain, String subject) {
        Map<String, Object> body = new HashMap<>(Map.of("userId", users.get(key), "role", role, "domainId", domains.get(domain)));
        if (subject != null) {
            body.put("subject", subject);
        }
        ok(root.post("assignments", body), 201);
    }
}
