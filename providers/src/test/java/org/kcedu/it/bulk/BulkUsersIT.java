package org.kcedu.it.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.bulk.BulkClient.assertCounts;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.Http;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.SmtpSink;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Bulk CSV import/export of users through the REST API on a real Keycloak. The test server runs with a batch size
 * of 7 (KcEduServerConfig) so that imports span several batch transactions.
 */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class BulkUsersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "state.admin@kc-edu.example";
    static final String NON_ADMIN = "district.admin@kc-edu.example";

    @InjectRealm(config = BulkRealmConfig.class)
    ManagedRealm realm;

    private final Http http = new Http();
    private String p; // unique username prefix per test: tests share the realm
    private String adminToken;

    @BeforeEach
    void setUp() throws Exception {
        p = "u" + UUID.randomUUID().toString().substring(0, 8) + "-";
        adminToken = token(ADMIN);
    }

    // ---- round trip, create/update/delete, counters

    @Test
    void importCreatesThenExportReimportsWithNoChanges() throws Exception {
        StringBuilder csv = new StringBuilder("username,email,first_name,last_name,enabled\r\n");
        for (int i = 0; i < 20; i++) {
            csv.append(p).append(i).append(',').append(p).append(i).append("@school.example,First").append(i)
                    .append(",\"Last, ").append(i).append("\",").append(i % 5 == 0 ? "false" : "true").append("\r\n");
        }
        JsonNode job = importAndWait(csv.toString(), false);
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertCounts(job, 20, 0, 0, 0, 0);
        assertEquals(20, job.get("rowsRead").asLong());

        UserRepresentation u = user(p + "5");
        assertEquals(p + "5@school.example", u.getEmail());
        assertEquals("Last, 5", u.getLastName());
        assertFalse(u.isEnabled());
        assertTrue(realm.admin().users().get(u.getId()).credentials().isEmpty(), "no password for imported users");
        assertTrue(realm.admin().users().get(u.getId()).roles().realmLevel().listAll().stream()
                        .anyMatch(r -> r.getName().equals("default-roles-" + realm.getName())),
                "imported users get the realm's default roles, as users created any other way do");

        String export = export();
        assertTrue(export.startsWith("username,email,first_name,last_name,enabled,external_id\r\n"), export);
        assertTrue(export.contains(p + "5," + p + "5@school.example,First5,\"Last, 5\",false,\r\n"), export);
        assertFalse(export.toLowerCase().contains("password"), "passwords are never exported");
        assertFalse(export.contains("service-account-"), "service accounts are not exported");

        long exportedRows = export.lines().count() - 1;
        JsonNode again = importAndWait(export, false);
        assertEquals("COMPLETED", again.get("status").asText(), again.toString());
        assertCounts(again, 0, 0, 0, exportedRows, 0);
    }

    /**
     * Imported users get what Keycloak gives every new user: default roles, default required actions and, in realms
     * with default groups (where the import takes Keycloak's own addUser), the default groups.
     */
    @Test
    void newUsersGetTheRealmsDefaultsOnBothCreationPaths() throws Exception {
        RequiredActionProviderRepresentation verify = realm.admin().flows().getRequiredAction("VERIFY_EMAIL");
        boolean wasDefault = verify.isDefaultAction();
        verify.setDefaultAction(true);
        realm.admin().flows().updateRequiredAction("VERIFY_EMAIL", verify);
        GroupRepresentation group = new GroupRepresentation();
        group.setName(p + "default-group");
        String groupId;
        try (Response r = realm.admin().groups().add(group)) {
            assertEquals(201, r.getStatus());
            String path = r.getLocation().getPath();
            groupId = path.substring(path.lastIndexOf('/') + 1);
        }
        try {
            assertEquals("COMPLETED", importAndWait("username,email,first_name\r\n" + p + "direct," + p
                    + "direct@school.example,Direct\r\n", false).get("status").asText());
            realm.admin().addDefaultGroup(groupId);
            assertEquals("COMPLETED", importAndWait("username,email,first_name\r\n" + p + "keycloak," + p
                    + "keycloak@school.example,Keycloak\r\n", false).get("status").asText());
            for (String name : List.of("direct", "keycloak")) {
                UserRepresentation u = user(p + name);
                assertEquals(p + name + "@school.example", u.getEmail());
                assertTrue(u.isEnabled());
                assertEquals(List.of("VERIFY_EMAIL"), u.getRequiredActions(), name);
                assertTrue(realm.admin().users().get(u.getId()).roles().realmLevel().listAll().stream()
                        .anyMatch(r -> r.getName().equals("default-roles-" + realm.getName())), name + ": default roles");
            }
            assertTrue(realm.admin().users().get(user(p + "keycloak").getId()).groups().stream()
                    .anyMatch(g -> g.getId().equals(groupId)), "default group joined");
        } finally {
            realm.admin().removeDefaultGroup(groupId);
            realm.admin().groups().group(groupId).remove();
            verify.setDefaultAction(wasDefault);
            realm.admin().flows().updateRequiredAction("VERIFY_EMAIL", verify);
        }
    }

    /** §"optionally the import triggers the set-password e-mail (rate limited)": once per created user, on request. */
    @Test
    void setPasswordEmailGoesOnceToEachCreatedUserWithAnAddress() throws Exception {
        try (SmtpSink smtp = new SmtpSink(1025)) {
            BulkClient bulk = client(adminToken);
            String csv = "username,email,enabled\r\n" + p + "m1," + p + "m1@school.example,true\r\n"
                    + p + "m2," + p + "m2@school.example,true\r\n" + p + "m3,,true\r\n"
                    + p + "m4," + p + "m4@school.example,false\r\n";
            HttpResponse<String> submitted = bulk.post("users", csv.getBytes(StandardCharsets.UTF_8), "setPasswordEmail=true");
            assertEquals(202, submitted.statusCode(), submitted.body());
            JsonNode job = waitFor(JSON.readTree(submitted.body()).get("id").asText());
            assertCounts(job, 4, 0, 0, 0, 0);
            assertTrue(job.get("setPasswordEmail").asBoolean(), job.toString());
            assertEquals(2, job.get("setPasswordEmailsPending").asLong(), "enabled users with an e-mail: " + job);
            String send = "users/imports/" + job.get("id").asText() + "/set-password-emails";

            JsonNode first = JSON.readTree(ok(bulk.postEmpty(send + "?max=1")));
            assertEquals(1, first.get("sent").asInt(), first.toString());
            assertEquals(1, first.get("pending").asLong(), first.toString());
            JsonNode second = JSON.readTree(ok(bulk.postEmpty(send)));
            assertEquals(1, second.get("sent").asInt(), second.toString());
            assertEquals(0, second.get("pending").asLong(), second.toString());
            assertEquals(0, JSON.readTree(ok(bulk.postEmpty(send))).get("sent").asInt(), "each user is mailed once");

            for (String name : List.of("m1", "m2")) {
                SmtpSink.Mail mail = smtp.await(p + name + "@school.example", 15000);
                assertNotNull(mail, name + " got the set-password e-mail");
                String body = mail.data().replace("=\r\n", "").replace("=3D", "=");
                assertTrue(body.contains("/login-actions/action-token?key="), body);
                assertTrue(body.contains("initiated by"), "names the importing admin: " + body);
            }
            Thread.sleep(500);
            assertEquals(2, smtp.mails().stream().filter(m -> m.to().contains(p)).count(),
                    "no e-mail to the user without an address or the disabled one, none twice");

            HttpResponse<String> notRequested = bulk.postEmpty("users/imports/"
                    + bulk.submit("users", ("username\r\n" + p + "m5\r\n").getBytes(StandardCharsets.UTF_8), false)
                    + "/set-password-emails");
            assertEquals(400, notRequested.statusCode(), notRequested.body());
            HttpResponse<String> rolesKind = bulk.post("roles", "name\r\nx\r\n".getBytes(StandardCharsets.UTF_8),
                    "setPasswordEmail=true");
            assertEquals(400, rolesKind.statusCode(), rolesKind.body());
            assertEquals("setPasswordEmail", JSON.readTree(rolesKind.body()).get("field").asText());
            assertEquals(403, client(token(NON_ADMIN)).postEmpty(send).statusCode(), "a non-admin sends nothing");
        }
    }

    private static String ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void absentColumnsLeaveValuesAndEmptyCellsClearThem() throws Exception {
        importAndWait("username,email,first_name,last_name\n" + p + "a," + p + "a@x.example,Ann,Lee\n", false);

        JsonNode job = importAndWait("username,first_name\n" + p + "a,Anna\n", false);
        assertCounts(job, 0, 1, 0, 0, 0);
        UserRepresentation u = user(p + "a");
        assertEquals("Anna", u.getFirstName());
        assertEquals("Lee", u.getLastName(), "absent column: unchanged");
        assertEquals(p + "a@x.example", u.getEmail(), "absent column: unchanged");

        job = importAndWait("username,last_name\n" + p + "a,\n", false);
        assertCounts(job, 0, 1, 0, 0, 0);
        u = user(p + "a");
        assertTrue(u.getLastName() == null || u.getLastName().isEmpty(), "empty cell clears: " + u.getLastName());
        assertEquals("Anna", u.getFirstName());
    }

    @Test
    void headerInAnyOrderWithActionColumnLast() throws Exception {
        JsonNode job = importAndWait("Enabled,LAST_NAME, username ,email,action\nfalse,Zed," + p + "z," + p
                + "z@x.example,\n", false);
        assertCounts(job, 1, 0, 0, 0, 0);
        UserRepresentation u = user(p + "z");
        assertEquals("Zed", u.getLastName());
        assertFalse(u.isEnabled());
    }

    @Test
    void deleteByActionColumnAndByArtConventionAndAgainIsUnchanged() throws Exception {
        importAndWait("username\n" + p + "d1\n" + p + "d2\n" + p + "keep\n", false);

        JsonNode job = importAndWait("username,action\n" + p + "d1,DELETE\n" + p + "keep,\n", false);
        assertCounts(job, 0, 0, 1, 1, 0);
        assertTrue(realm.admin().users().search(p + "d1", true).isEmpty());
        assertNotNull(user(p + "keep"));

        job = importAndWait("DELETE,username\nDELETE," + p + "d2\n", false);
        assertCounts(job, 0, 0, 1, 0, 0);
        assertTrue(realm.admin().users().search(p + "d2", true).isEmpty());

        job = importAndWait("DELETE,username\nDELETE," + p + "d2\n", false);
        assertCounts(job, 0, 0, 0, 0, 0); // issue 16: "not found" with a warning row, not "unchanged"
        BulkClient.assertWarnings(job, 1, 0, 0);
        assertTrue(errors(job).contains(p + "d2,2,warning: nothing deleted: not_found_or_out_of_scope"), errors(job));
    }

    @Test
    void primaryKeyUpdateRenamesUsernameAndEmailAndIsIdempotent() throws Exception {
        importAndWait("username,email\n" + p + "old," + p + "old@x.example\n", false);
        String id = user(p + "old").getId();

        String rename = "username,new_username,email,new_email\n" + p + "old," + p + "new," + p + "old@x.example,"
                + p + "new@x.example\n";
        JsonNode job = importAndWait(rename, false);
        assertCounts(job, 0, 1, 0, 0, 0);
        UserRepresentation u = realm.admin().users().get(id).toRepresentation();
        assertEquals(p + "new", u.getUsername());
        assertEquals(p + "new@x.example", u.getEmail());
        assertTrue(realm.admin().users().search(p + "old", true).isEmpty());

        job = importAndWait(rename, false);
        assertCounts(job, 0, 0, 0, 1, 0);

        // a stale old e-mail is refused rather than overwritten
        job = importAndWait("username,email,new_email\n" + p + "new,someone.else@x.example," + p
                + "third@x.example\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(errors(job).contains("is not the current e-mail"));
    }

    @Test
    void renameOntoATakenUsernameOrEmailIsRejected() throws Exception {
        importAndWait("username,email\n" + p + "a," + p + "a@x.example\n" + p + "b," + p + "b@x.example\n", false);
        JsonNode job = importAndWait("username,new_username\n" + p + "a," + p + "b\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(errors(job).contains("already taken"), errors(job));
        job = importAndWait("username,email\n" + p + "a," + p + "b@x.example\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(errors(job).contains("already belongs to user " + p + "b"), errors(job));
    }

    @Test
    void externalIdsAreImportedUniqueExportedAndCleared() throws Exception {
        JsonNode job = importAndWait("username,email,external_id\n" + p + "a," + p + "a@x.example,SIS-" + p + "1\n"
                + p + "b," + p + "b@x.example,\n", false);
        assertCounts(job, 2, 0, 0, 0, 0);
        // (Keycloak's admin API does not show the attribute unless the realm's user profile declares it)
        String export = export();
        assertTrue(export.contains(p + "a," + p + "a@x.example,,,true,SIS-" + p + "1\r\n"), export);
        assertCounts(importAndWait(export, false), 0, 0, 0, export.lines().count() - 1, 0);

        // another user's external id (in the realm, or earlier in the file) is refused; clearing works
        job = importAndWait("username,external_id\n" + p + "b,SIS-" + p + "1\n" + p + "c,SIS-" + p + "2\n"
                + p + "d,SIS-" + p + "2\n", false);
        assertCounts(job, 0, 0, 0, 0, 3); // both rows naming the same new external id are refused
        assertTrue(errors(job).contains(",2,external_id SIS-" + p + "1 already belongs to another user"), errors(job));
        assertTrue(errors(job).contains(",4,duplicate external_id"), errors(job));
        job = importAndWait("username,external_id\n" + p + "a,\n", false);
        assertCounts(job, 0, 1, 0, 0, 0);
        assertTrue(export().contains(p + "a," + p + "a@x.example,,,true,\r\n"), "cleared");
    }

    @Test
    void usernameColumnIsOptionalOnlyWhereTheEmailIsTheUsername() throws Exception {
        JsonNode job = importAndWait("email,first_name\n" + p + "e@x.example,Eve\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(errors(job).contains("username is required: this realm does not use the e-mail as username"),
                errors(job));
        var rep = realm.admin().toRepresentation();
        rep.setRegistrationEmailAsUsername(true);
        realm.admin().update(rep);
        try {
            job = importAndWait("email,first_name\n" + p + "e@x.example,Eve\n", false);
            assertCounts(job, 1, 0, 0, 0, 0);
            assertEquals("Eve", user(p + "e@x.example").getFirstName());
            assertEquals(p + "e@x.example", user(p + "e@x.example").getUsername());
            // the same file again: the e-mail finds the user, nothing to do
            assertCounts(importAndWait("email,first_name\n" + p + "e@x.example,Eve\n", false), 0, 0, 0, 1, 0);
        } finally {
            rep.setRegistrationEmailAsUsername(false);
            realm.admin().update(rep);
        }
    }

    // ---- bad rows and malformed files

    @Test
    void badRowsGoToTheErrorReportAndGoodRowsAreImported() throws Exception {
        String csv = "username,email,enabled\n"
                + p + "ok1," + p + "ok1@x.example,true\n"
                + p + "bad-mail,not-an-email,true\n"
                + p + "bad-bool,,maybe\n"
                + p + "dup,,true\n"
                + p + "short\n"
                + p + "dup,,false\n"
                + p + "ok2,,true\n";
        JsonNode job = importAndWait(csv, false);
        assertEquals("COMPLETED", job.get("status").asText());
        assertCounts(job, 2, 0, 0, 0, 5);
        assertNotNull(user(p + "ok1"));
        assertNotNull(user(p + "ok2"));
        assertTrue(realm.admin().users().search(p + "dup", true).isEmpty(), "both conflicting duplicate rows rejected");

        String report = client(adminToken).report("users", job);
        List<String> lines = report.lines().toList();
        assertEquals("username,email,enabled,error_line,error_field,error_message", lines.get(0));
        assertEquals(6, lines.size(), report);
        assertTrue(lines.get(1).startsWith(p + "bad-mail,not-an-email,true,3,email,"), report);
        assertTrue(lines.get(2).startsWith(p + "bad-bool,,maybe,4,enabled,enabled must be true or false"), report);
        String dup = "duplicate username " + p.toLowerCase() + "dup in this file with different values on line ";
        assertTrue(lines.get(3).startsWith(p + "dup,,true,5,username," + dup + "7;"), "points at the other line: " + report);
        assertTrue(lines.get(4).startsWith(p + "short,,,6,,expected 3 fields"), "in line order: " + report);
        assertTrue(lines.get(5).startsWith(p + "dup,,false,7,username," + dup + "5;"), report);
    }

    /** The file of {@link #errorReportFixedInPlaceAndReimportedAsItIsEndsLikeACleanImport}: 7 bad rows when bad. */
    private static String roundTripFile(String q, boolean bad) {
        String head = "username,email,first_name,last_name,enabled,action\r\n";
        return head
                + q + "ok1," + q + "ok1@x.example,Ok,One,true,\r\n"                                 // 2
                + q + "mail," + (bad ? "not-an-email" : q + "mail@x.example") + ",M,Mail,true,\r\n" // 3
                + q + "bool," + q + "bool@x.example,B,Bool," + (bad ? "maybe" : "true") + ",\r\n"   // 4
                + q + "long,," + (bad ? "L".repeat(300) : "Long") + ",Long,true,\r\n"               // 5
                + ",,,,,\r\n"                                                                        // 6 blank
                + q + "ok1," + q + "ok1@x.example,Ok,One,true,\r\n"                                 // 7 repeat of 2
                + q + "dup,,First1,Dup,true,\r\n"                                                    // 8
                + q + (bad ? "dup" : "dup2") + ",,First2,Dup,true,\r\n"                              // 9 conflicts with 8
                + q + (bad ? "short" : "short,,,,true,") + "\r\n"                                    // 10 field count
                + q + "act,,A,Act,true," + (bad ? "BOGUS" : "") + "\r\n";                            // 11 action
    }

    @Test
    void errorReportFixedInPlaceAndReimportedAsItIsEndsLikeACleanImport() throws Exception {
        String qa = p + "a-";
        String qb = p + "b-";
        JsonNode job = importAndWait(roundTripFile(qa, true), false);
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertCounts(job, 1, 0, 0, 0, 7);
        BulkClient.assertWarnings(job, 0, 1, 1);
        assertEquals(8, job.get("reportRows").asLong(), job.toString());

        String report = client(adminToken).report("users", job);
        List<String> lines = report.lines().toList();
        assertEquals("username,email,first_name,last_name,enabled,action,error_line,error_field,error_message",
                lines.get(0));
        // in line order, one per bad row plus the warning of the repeated row; the field named where there is one
        List<String> expected = List.of("3,email,", "4,enabled,", "5,first_name,", "7,,warning: identical to line 2",
                "8,username,duplicate username " + qa + "dup in this file with different values on line 9",
                "9,username,duplicate username " + qa + "dup in this file with different values on line 8",
                "10,,expected 6 fields", "11,action,action must be empty");
        List<String> tails = new ArrayList<>();
        try (org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(report,
                org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().get())) {
            for (org.apache.commons.csv.CSVRecord r : parser) {
                tails.add(r.get("error_line") + "," + r.get("error_field") + "," + r.get("error_message"));
            }
        }
        assertEquals(expected.size(), tails.size(), report);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(tails.get(i).startsWith(expected.get(i)), "row " + i + ": " + tails.get(i));
        }
        assertFalse(report.matches("(?s).*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}.*"),
                "no internal ids in the messages: " + report);

        // "fix in the spreadsheet": change the 7 bad cells of the report itself, keep every other cell and column
        StringBuilder fixed = new StringBuilder();
        try (org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(report,
                org.apache.commons.csv.CSVFormat.RFC4180)) {
            org.apache.commons.csv.CSVPrinter out = new org.apache.commons.csv.CSVPrinter(fixed,
                    org.apache.commons.csv.CSVFormat.RFC4180);
            for (org.apache.commons.csv.CSVRecord r : parser) {
                List<String> c = new ArrayList<>(r.toList());
                switch (c.get(6)) {
                    case "3" -> c.set(1, qa + "mail@x.example");
                    case "4" -> c.set(4, "true");
                    case "5" -> c.set(2, "Long");
                    case "9" -> c.set(0, qa + "dup2");
                    case "10" -> c.set(4, "true");
                    case "11" -> c.set(5, "");
                    default -> { }
                }
                out.printRecord(c);
            }
            out.flush();
        }
        JsonNode again = waitFor(submit(fixed.toString().getBytes(StandardCharsets.UTF_8), false, adminToken));
        assertEquals("COMPLETED", again.get("status").asText(), again.toString());
        assertCounts(again, 7, 0, 0, 1, 0);
        assertEquals(0, again.get("reportRows").asLong(), again.toString());

        JsonNode clean = importAndWait(roundTripFile(qb, false), false);
        assertCounts(clean, 8, 0, 0, 0, 0);
        BulkClient.assertWarnings(clean, 0, 1, 1);
        String export = export();
        java.util.Set<String> viaReport = new java.util.TreeSet<>();
        java.util.Set<String> direct = new java.util.TreeSet<>();
        export.lines().filter(l -> l.startsWith(qa)).forEach(l -> viaReport.add(l.replace(qa, "Q")));
        export.lines().filter(l -> l.startsWith(qb)).forEach(l -> direct.add(l.replace(qb, "Q")));
        assertEquals(8, direct.size(), export);
        assertEquals(direct, viaReport, "fixing the report and importing it again ends like a clean import");
    }

    @Test
    void quotedNamesAreStoredExactlyAndSpaceOrTabPrefixedFormulasAreNeutralisedOnExport() throws Exception {
        String csv = "username,first_name,last_name\r\n"
                + p + "sp,\"  Spaced Name  \",\" =1+2\"\r\n"
                + "  " + p + "tab  ,  Unquoted  ,\"\t=1+2\"\r\n";
        assertCounts(importAndWait(csv, false), 2, 0, 0, 0, 0);
        assertEquals("  Spaced Name  ", user(p + "sp").getFirstName(), "quoted spaces are part of the value");
        assertEquals(" =1+2", user(p + "sp").getLastName());
        assertEquals("Unquoted", user(p + "tab").getFirstName(), "unquoted cells are trimmed");
        assertEquals("\t=1+2", user(p + "tab").getLastName(), "a quoted TAB is kept, not trimmed into a formula");

        String export = export();
        assertTrue(export.contains(p + "sp,,\"  Spaced Name  \",' =1+2,"), export);
        assertTrue(export.contains(p + "tab,,Unquoted,'\t=1+2,") || export.contains(p + "tab,,Unquoted,\"'\t=1+2\","),
                "neutralised on the exact value: " + export);
        String mine = export.lines().findFirst().orElseThrow() + "\r\n" + export.lines().filter(l -> l.startsWith(p))
                .map(l -> l + "\r\n").reduce("", String::concat);
        assertCounts(importAndWait(mine, false), 0, 0, 0, 2, 0); // and reads back exactly
    }

    @Test
    void blankLinesAreSkippedEvenTwoMillionOfThem() throws Exception {
        StringBuilder csv = new StringBuilder(6_100_000).append("username,email\r\n");
        csv.append(",\r\n".repeat(2_000_000)).append(p).append("last,\r\n");
        long t0 = System.currentTimeMillis();
        JsonNode job = client(adminToken).waitFor("users",
                submit(csv.toString().getBytes(StandardCharsets.UTF_8), false, adminToken), 300_000);
        long seconds = (System.currentTimeMillis() - t0) / 1000;
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertCounts(job, 1, 0, 0, 0, 0);
        BulkClient.assertWarnings(job, 0, 0, 2_000_000);
        assertEquals(0, job.get("reportRows").asLong());
        assertNotNull(user(p + "last"), "the row after the blank lines is imported");
        assertTrue(seconds < 300, seconds + " s");
    }

    @Test
    void theErrorReportStopsAtTheCapWithAClosingLine() throws Exception {
        StringBuilder csv = new StringBuilder("username,enabled\r\n");
        for (int i = 0; i < 1_050; i++) {
            csv.append(p).append(i).append(",maybe\r\n");
        }
        JsonNode job = client(adminToken).waitFor("users",
                submit(csv.toString().getBytes(StandardCharsets.UTF_8), false, adminToken), 300_000);
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertCounts(job, 0, 0, 0, 0, 1_050);
        assertEquals(1_001, job.get("reportRows").asLong(), job.toString());
        assertTrue(job.get("message").asText().contains("first 1000 rows"), job.toString());
        List<String> lines = client(adminToken).report("users", job).lines().toList();
        assertEquals(1 + 1_000 + 1, lines.size());
        assertTrue(lines.get(lines.size() - 1).contains("the error report stops here"), lines.get(lines.size() - 1));
        assertTrue(lines.get(lines.size() - 1).matches("(\"\")?,,,,.*"), "the closing line has no data cells, so a"
                + " re-import skips it as a blank line: " + lines.get(lines.size() - 1));
    }

    @Test
    void unbalancedQuoteFailsTheJobWithItsLineAndWritesNothing() throws Exception {
        JsonNode job = importAndWait("username,last_name\n" + p + "x,Fine\n" + p + "y,\"Open\n" + p + "z,Z\n", false);
        assertEquals("FAILED", job.get("status").asText(), job.toString());
        assertTrue(job.get("message").asText().contains("line 3"), job.toString());
        assertTrue(realm.admin().users().search(p + "x", true).isEmpty(), "nothing written");
    }

    @Test
    void unknownColumnEmptyFileAndInvalidUtf8FailBeforeWriting() throws Exception {
        JsonNode job = importAndWait("username,password\n" + p + "x,secret\n", false);
        assertEquals("FAILED", job.get("status").asText());
        assertTrue(job.get("message").asText().contains("unknown column 'password'"), job.toString());

        job = importAndWait("", false);
        assertEquals("FAILED", job.get("status").asText());
        assertTrue(job.get("message").asText().contains("empty"), job.toString());

        byte[] latin1 = ("username,last_name\n" + p + "x,Fine\n" + p + "y,Müller\n").getBytes(StandardCharsets.ISO_8859_1);
        job = waitFor(submit(latin1, false, adminToken));
        assertEquals("FAILED", job.get("status").asText());
        assertTrue(job.get("message").asText().contains("line 3") && job.get("message").asText().contains("UTF-8"),
                job.toString());
        assertTrue(realm.admin().users().search(p + "x", true).isEmpty(), "nothing written");
    }

    @Test
    void headerOnlyFileCompletesWithNothingToDo() throws Exception {
        JsonNode job = importAndWait("username,email\r\n", false);
        assertEquals("COMPLETED", job.get("status").asText());
        assertCounts(job, 0, 0, 0, 0, 0);
    }

    @Test
    void uploadOverTheLimitIs413WithJsonError() throws Exception {
        byte[] big = new byte[(int) KcEduServerConfig.BULK_MAX_UPLOAD_BYTES + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> res = post(big, false, adminToken);
        assertEquals(413, res.statusCode(), res.body());
        JsonNode error = JSON.readTree(res.body());
        assertEquals("payload_too_large", error.get("error").asText());
        assertTrue(res.body().contains(KcEduServerConfig.BULK_MAX_UPLOAD_BYTES + " bytes (12 MiB)"), "names the limit: "
                + res.body());

        // without Content-Length (chunked): refused while streaming, with the same JSON error
        HttpRequest.Builder chunked = HttpRequest.newBuilder(URI.create(bulk() + "/users/imports"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)));
        HttpResponse<String> streamed = http.send(chunked);
        assertEquals(413, streamed.statusCode(), streamed.body());
        assertEquals("payload_too_large", JSON.readTree(streamed.body()).get("error").asText());
    }

    @Test
    void uploadAboveQuarkusDefaultLimitOf10MiBIsAcceptedUpToKcEduLimit() throws Exception {
        // 11 MiB: Quarkus's default would answer an empty 413; aligned with kc-edu's limit it is a normal import
        int size = 11 * 1024 * 1024;
        StringBuilder csv = new StringBuilder(size + 100).append("username,email\r\n");
        while (csv.length() < size) {
            csv.append(",\r\n");
        }
        csv.append(p).append("big,\r\n");
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length > 10 * 1024 * 1024 && body.length < KcEduServerConfig.BULK_MAX_UPLOAD_BYTES);
        HttpResponse<String> res = post(body, false, adminToken);
        assertEquals(202, res.statusCode(), res.body());
        JsonNode job = client(adminToken).waitFor("users", JSON.readTree(res.body()).get("id").asText(), 300_000);
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertCounts(job, 1, 0, 0, 0, 0);
        assertNotNull(user(p + "big"));
    }

    // ---- CSV injection

    @Test
    void formulaCellsAreNeutralisedOnExportAndRestoredOnImport() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
        String csv = "username,first_name,last_name\n" + p + "f,\"" + formula.replace("\"", "\"\"") + "\",'@lead\n";
        JsonNode job = importAndWait(csv, false);
        assertCounts(job, 1, 0, 0, 0, 0);
        UserRepresentation u = user(p + "f");
        assertEquals(formula, u.getFirstName(), "stored as the literal text");
        assertEquals("@lead", u.getLastName(), "the quote written by a previous export is removed");

        String export = export();
        String line = export.lines().filter(l -> l.startsWith(p + "f,")).findFirst().orElseThrow();
        assertTrue(line.contains(",\"'=HYPERLINK(") && line.contains(",'@lead,"), line);

        JsonNode again = importAndWait("username,email,first_name,last_name,enabled,external_id\n" + line + "\n", false);
        assertCounts(again, 0, 0, 0, 1, 0);
    }

    // ---- dry run

    @Test
    void dryRunReportsButWritesNothing() throws Exception {
        importAndWait("username,first_name\n" + p + "exists,Old\n" + p + "gone,G\n", false);
        String csv = "username,first_name,action\n" + p + "new,N,\n" + p + "exists,New,\n" + p + "gone,,DELETE\n"
                + p + "exists2,x,BOGUS\n";
        JsonNode job = importAndWait(csv, true);
        assertEquals("COMPLETED", job.get("status").asText());
        assertTrue(job.get("dryRun").asBoolean());
        assertCounts(job, 1, 1, 1, 0, 1);
        assertTrue(realm.admin().users().search(p + "new", true).isEmpty());
        assertEquals("Old", user(p + "exists").getFirstName());
        assertNotNull(user(p + "gone"));
    }

    // ---- authentication and authorization

    @Test
    void noTokenIs401AndNonAdminIs403EverywhereAndNothingIsWritten() throws Exception {
        byte[] csv = ("username\n" + p + "intruder\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post(csv, false, null).statusCode());
        assertEquals(401, http.get(bulk() + "/users/export").statusCode());

        String user = token(NON_ADMIN);
        HttpResponse<String> res = post(csv, false, user);
        assertEquals(403, res.statusCode(), res.body());
        assertEquals("forbidden", JSON.readTree(res.body()).get("error").asText());
        assertEquals(403, http.get(bulk() + "/users/export", user).statusCode());

        String jobId = submit(("username\n" + p + "fine\n").getBytes(StandardCharsets.UTF_8), false, adminToken);
        assertEquals(403, http.get(bulk() + "/users/imports/" + jobId, user).statusCode());
        assertEquals(403, http.get(bulk() + "/users/imports/" + jobId + "/errors", user).statusCode());
        waitFor(jobId);
        assertTrue(realm.admin().users().search(p + "intruder", true).isEmpty());
    }

    @Test
    void aCompletedJobCannotBeResumed() throws Exception {
        JsonNode job = importAndWait("username\n" + p + "r\n", false);
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(bulk() + "/users/imports/"
                + job.get("id").asText() + "/resume")).header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(409, res.statusCode(), res.body());
        assertEquals("conflict", JSON.readTree(res.body()).get("error").asText());
    }

    @Test
    void unknownEntityAndJobAre404() throws Exception {
        assertEquals(404, post("x\n".getBytes(StandardCharsets.UTF_8), false, adminToken, "planets").statusCode());
        assertEquals(404, http.get(bulk() + "/users/imports/" + UUID.randomUUID(), adminToken).statusCode());
    }

    @Test
    void multipartUploadWorks() throws Exception {
        String boundary = "kcedu" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"u.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nusername,first_name\r\n" + p + "mp,Multi\r\n\r\n--" + boundary + "--\r\n";
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(bulk() + "/users/imports"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(202, res.statusCode(), res.body());
        JsonNode job = waitFor(JSON.readTree(res.body()).get("id").asText());
        assertCounts(job, 1, 0, 0, 0, 0);
        assertEquals("Multi", user(p + "mp").getFirstName());
    }

    // ---- helpers

    private String bulk() {
        return realm.getBaseUrl() + "/kc-edu/bulk";
    }

    private String token(String username) throws Exception {
        HttpResponse<String> res = http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", BulkRealmConfig.CLIENT, "client_secret", BulkRealmConfig.SECRET,
                "username", username, "password", EduRealmConfig.DEMO_PASSWORD));
        assertEquals(200, res.statusCode(), res.body());
        return JSON.readTree(res.body()).get("access_token").asText();
    }

    private BulkClient client(String token) {
        return new BulkClient(realm.getBaseUrl(), token);
    }

    private HttpResponse<String> post(byte[] csv, boolean dryRun, String token) {
        return post(csv, dryRun, token, "users");
    }

    private HttpResponse<String> post(byte[] csv, boolean dryRun, String token, String entity) {
        return client(token).post(entity, csv, dryRun);
    }

    private String submit(byte[] csv, boolean dryRun, String token) throws Exception {
        return client(token).submit("users", csv, dryRun);
    }

    private JsonNode importAndWait(String csv, boolean dryRun) throws Exception {
        return client(adminToken).importAndWait("users", csv, dryRun);
    }

    private JsonNode waitFor(String jobId) throws Exception {
        return client(adminToken).waitFor("users", jobId);
    }

    private String errors(JsonNode job) {
        return client(adminToken).errors("users", job);
    }

    private String export() {
        return client(adminToken).export("users");
    }

    private UserRepresentation user(String username) {
        List<UserRepresentation> found = new ArrayList<>(realm.admin().users().search(username, true));
        assertEquals(1, found.size(), "user " + username);
        return found.get(0);
    }
}
