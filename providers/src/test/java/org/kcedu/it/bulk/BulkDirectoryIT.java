package org.kcedu.it.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.bulk.BulkClient.assertCounts;
import static org.kcedu.it.bulk.BulkClient.assertWarnings;
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
import org.kcedu.it.support.TestUsers;
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
        // subjects first: the older subjectSpecific=true gives a role every subject the realm has
        ok(root.post("subjects", Map.of("code", "MATH", "name", "Mathematics")), 201);
        ok(root.post("subjects", Map.of("code", "ELA", "name", "English")), 201);
        for (String[] r : new String[][] {{"Account Administrator", "false", "true"}, {"Teacher", "false", "false"},
                {"Test Administrator", "true", "false"}}) {
            ok(root.post("roles", Map.of("name", r[0], "subjectSpecific", Boolean.parseBoolean(r[1]),
                    "administrative", Boolean.parseBoolean(r[2]), "domainTypes", List.of("STATE", "DISTRICT", "SCHOOL"))), 201);
        }
        createUser("distadmin", "Account Administrator", da);
        delegated = new BulkClient(url, Api.token(url, "distadmin@bulk.kc-edu.example", PASSWORD));
        nobody = new BulkClient(url, Api.token(url, "district.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
    }

    // ------------------------------------------------------------------ RFC 4180 exactness, duplicates (issue 16)

    @Test
    void quotedAndUnquotedCellsOfDirectoryKindsAndFormulasInThemAreNeutralisedOnExport() throws Exception {
        String csv = "type,identifier,name,parent_type,parent_identifier\r\n"
                + "SCHOOL," + p + "sp,\"  Spaced Name School  \",DISTRICT,DA\r\n"
                + "SCHOOL," + p + "tab,\"\t=1+2\",DISTRICT,DA\r\n"
                + "SCHOOL," + p + "blank, \" =1+2\" ,DISTRICT,DA\r\n"
                + "  SCHOOL  ,  " + p + "trim  ,  Unquoted Trimmed  ,DISTRICT,DA\r\n";
        assertCounts(admin.importAndWait("domains", csv, false), 4, 0, 0, 0, 0);
        // the reader keeps quoted cells exactly (BulkCsvReaderTest); the directory then applies its own rule for
        // names, the same as for the REST API: stored without surrounding whitespace (users' names are kept exactly:
        // BulkUsersIT#quotedNamesAreStoredExactlyAndSpaceOrTabPrefixedFormulasAreNeutralisedOnExport)
        assertEquals("Spaced Name School", domain("SCHOOL", p + "sp").get("name").asText());
        assertEquals("=1+2", domain("SCHOOL", p + "tab").get("name").asText(), "never the TAB-hidden formula unescaped");
        assertEquals("=1+2", domain("SCHOOL", p + "blank").get("name").asText());
        assertEquals("Unquoted Trimmed", domain("SCHOOL", p + "trim").get("name").asText());

        String export = admin.export("domains");
        assertTrue(export.contains("SCHOOL," + p + "tab,'=1+2,"), "the stored formula is neutralised: " + export);
        assertTrue(export.contains("SCHOOL," + p + "blank,'=1+2,"), export);
        String mine = "type,identifier,name,nces_id,parent_type,parent_identifier,status\r\n" + export.lines()
                .filter(l -> l.contains("," + p)).map(l -> l + "\r\n").reduce("", String::concat);
        assertCounts(admin.importAndWait("domains", mine, false), 0, 0, 0, 4, 0); // the export reads back exactly
    }

    @Test
    void anIdenticalRowTwiceIsAppliedOnceAndConflictingRowsNameEachOther() throws Exception {
        String row = "SCHOOL," + p + "twice,Twice,DISTRICT,DA\r\n";
        JsonNode job = admin.importAndWait("domains", "type,identifier,name,parent_type,parent_identifier\r\n"
                + row + row + "SCHOOL," + p + "clash,One,DISTRICT,DA\r\n" + "SCHOOL," + p + "clash,Two,DISTRICT,DA\r\n",
                false);
        assertCounts(job, 1, 0, 0, 0, 2);
        assertWarnings(job, 0, 1, 0);
        assertEquals(1, domains("SCHOOL", p + "twice").size());
        assertEquals(0, domains("SCHOOL", p + "clash").size(), "conflicting rows are both refused");
        String report = admin.errors("domains", job).replace("\"", "");
        assertTrue(report.contains(",3,warning: identical to line 2; applied once"), report);
        assertTrue(report.contains(",4,duplicate domain SCHOOL:" + p + "clash in this file with different values on line 5"), report);
        assertTrue(report.contains(",5,duplicate domain SCHOOL:" + p + "clash in this file with different values on line 4"), report);
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
        job = admin.importAndWait("subjects", "DELETE,code\nDELETE," + p + "C\n", false);
        assertCounts(job, 0, 0, 0, 0, 0); // issue 16: a DELETE that matches nothing is "not found", not "unchanged"
        assertWarnings(job, 1, 0, 0);
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

    // ------------------------------------------------------------------ domains

    @Test
    void domainsParentsFirstAcrossBatchesThenExportReimportsUnchanged() throws Exception {
        StringBuilder csv = new StringBuilder("type,identifier,name,nces_id,parent_type,parent_identifier,status\n");
        for (int d = 1; d <= 3; d++) {
            csv.append("DISTRICT,").append(p).append("D").append(d).append(",District ").append(d).append(",N").append(d)
                    .append(",STATE,ST,active\n");
            for (int s = 1; s <= 3; s++) {
                csv.append("SCHOOL,").append(p).append("S").append(d).append(s).append(",\"School ").append(d)
                        .append(", ").append(s).append("\",,DISTRICT,").append(p).append("D").append(d)
                        .append(s == 3 ? ",inactive\n" : ",active\n");
            }
        }
        JsonNode dry = admin.importAndWait("domains", csv.toString(), true);
        assertCounts(dry, 12, 0, 0, 0, 0); // parents of later batches are remembered though nothing is written
        assertEquals(0, domains("DISTRICT", p + "D1").size(), "dry-run wrote nothing");

        JsonNode job = admin.importAndWait("domains", csv.toString(), false);
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertCounts(job, 12, 0, 0, 0, 0);
        JsonNode school = domain("SCHOOL", p + "S23");
        assertEquals(p + "D2", school.get("parentIdentifier").asText());
        assertFalse(school.get("active").asBoolean());

        JsonNode audit = ok(root.get("audit?target=" + school.get("id").asText() + "&action=DOMAIN_CREATE"), 200);
        assertEquals(1, audit.size(), audit.toString());
        assertEquals("BULK", audit.get(0).get("entryPoint").asText());
        assertEquals(job.get("id").asText(), audit.get(0).get("bulkJobId").asText());

        String export = admin.export("domains");
        assertTrue(export.startsWith("type,identifier,name,nces_id,parent_type,parent_identifier,status\r\n"), export);
        assertTrue(export.indexOf("DISTRICT," + p + "D2,") < export.indexOf("SCHOOL," + p + "S21,"), "parents first");
        assertTrue(export.contains("SCHOOL," + p + "S23,\"School 2, 3\",,DISTRICT," + p + "D2,inactive\r\n"), export);
        assertCounts(admin.importAndWait("domains", export, false), 0, 0, 0, export.lines().count() - 1, 0);
    }

    @Test
    void domainsUpdateMoveRenameAndDeleteWithAbsentColumnsUnchanged() throws Exception {
        admin.importAndWait("domains", "type,identifier,name,parent_type,parent_identifier,nces_id\n"
                + "DISTRICT," + p + "D1,One,STATE,ST,\nDISTRICT," + p + "D2,Two,STATE,ST,\n"
                + "SCHOOL," + p + "S,School,DISTRICT," + p + "D1,NCES1\n", false);

        assertCounts(admin.importAndWait("domains", "identifier,name,type\n" + p + "S,School A,school\n", false),
                0, 1, 0, 0, 0);
        JsonNode s = domain("SCHOOL", p + "S");
        assertEquals("School A", s.get("name").asText());
        assertEquals("NCES1", s.get("ncesId").asText(), "absent column: unchanged");
        assertEquals(p + "D1", s.get("parentIdentifier").asText(), "absent parent columns: not moved");

        assertCounts(admin.importAndWait("domains", "type,identifier,nces_id,status\nSCHOOL," + p + "S,,inactive\n",
                false), 0, 1, 0, 0, 0);
        s = domain("SCHOOL", p + "S");
        assertFalse(s.has("ncesId"), "empty cell clears: " + s);
        assertFalse(s.get("active").asBoolean());

        String move = "type,identifier,parent_type,parent_identifier\nSCHOOL," + p + "S,DISTRICT," + p + "D2\n";
        assertCounts(admin.importAndWait("domains", move, false), 0, 1, 0, 0, 0);
        assertEquals(p + "D2", domain("SCHOOL", p + "S").get("parentIdentifier").asText());
        assertCounts(admin.importAndWait("domains", move, false), 0, 0, 0, 1, 0);

        String rename = "type,identifier,new_identifier\nSCHOOL," + p + "S," + p + "S2\n";
        assertCounts(admin.importAndWait("domains", rename, false), 0, 1, 0, 0, 0);
        assertCounts(admin.importAndWait("domains", rename, false), 0, 0, 0, 1, 0);
        assertEquals(s.get("id").asText(), domain("SCHOOL", p + "S2").get("id").asText(), "same domain, new key");

        JsonNode job = admin.importAndWait("domains", "action,type,identifier\nDELETE,DISTRICT," + p + "D2\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        String inUse = admin.errors("domains", job);
        assertTrue(inUse.contains(",domain DISTRICT:" + p + "D2 has 1 child domains"), inUse);
        // a rule refused the row, not the caller's access: no "not allowed", no ACCESS_DENIED in the trail
        assertFalse(inUse.contains("not allowed"), inUse);
        assertEquals(0, ok(root.get("audit?target=" + domain("DISTRICT", p + "D2").get("id").asText()
                + "&action=ACCESS_DENIED"), 200).size());

        job = admin.importAndWait("domains", "action,type,identifier\nDELETE,SCHOOL," + p + "S2\nDELETE,DISTRICT,"
                + p + "D2\nDELETE,DISTRICT," + p + "D2-never\n", false);
        assertCounts(job, 0, 0, 2, 0, 0);
        assertWarnings(job, 1, 0, 0);
        assertTrue(admin.errors("domains", job).contains(",4,warning: nothing deleted: not_found_or_out_of_scope"));
        assertEquals(0, domains("DISTRICT", p + "D2").size());
    }

    @Test
    void domainReferenceErrorsAreReportedWithTheirLinesWhileGoodRowsAreWritten() throws Exception {
        String csv = "type,identifier,name,parent_type,parent_identifier\n"
                + "DISTRICT," + p + "ok,OK,STATE,ST\n"                      // 2
                + "SCHOOL," + p + "orphan,O,DISTRICT," + p + "nope\n"       // 3 unknown parent
                + "SCHOOL," + p + "early,E,DISTRICT," + p + "late\n"        // 4 parent only later in the file
                + "DISTRICT," + p + "late,L,STATE,ST\n"                     // 5
                + "STATE," + p + "wrong,W,DISTRICT," + p + "ok\n"           // 6 wrong parent type (a root type)
                + "PLANET," + p + "x,X,,\n"                                 // 7 unknown type
                + "SCHOOL," + p + "good,G,DISTRICT," + p + "ok\n"           // 8 parent earlier in the file
                + "DISTRICT," + p + "root,R,,\n"                            // 9 a district needs a parent
                + "SCHOOL," + p + "noname,,DISTRICT," + p + "ok\n";         // 10 name cannot be empty
        JsonNode job = admin.importAndWait("domains", csv, false);
        assertCounts(job, 3, 0, 0, 0, 6);
        String report = admin.errors("domains", job).replace("\"", ""); // messages with commas are quoted
        assertTrue(admin.report("domains", job).startsWith(
                "type,identifier,name,parent_type,parent_identifier,error_line,error_field,error_message\r\n"));
        assertTrue(admin.report("domains", job).contains(",10,name,name cannot be empty"));
        assertTrue(report.contains(",3,parent domain DISTRICT:" + p + "nope does not exist"), report);
        assertTrue(report.contains(",4,parent domain DISTRICT:" + p + "late does not exist"), report);
        // (a SCHOOL directly under the STATE is allowed by default since issue 15: state-operated schools)
        assertTrue(report.contains(",6,a STATE cannot sit under a DISTRICT (it is a root type)"), report);
        assertTrue(report.contains(",7,unknown domain type PLANET"), report);
        assertTrue(report.contains(",9,a DISTRICT needs a parent"), report);
        assertTrue(report.contains(",10,name cannot be empty"), report);
        assertEquals(1, domains("SCHOOL", p + "good").size());
        assertEquals(0, domains("SCHOOL", p + "early").size());

        job = admin.importAndWait("domains", "type,identifier,colour\nSCHOOL," + p + "good,red\n", false);
        assertEquals("FAILED", job.get("status").asText());
        assertTrue(job.get("message").asText().contains("unknown column 'colour'"), job.toString());
    }

    @Test
    void delegatedAdminDomainRowsAreCheckedOneByOne() throws Exception {
        admin.importAndWait("domains", "type,identifier,name,parent_type,parent_identifier\n"
                + "SCHOOL," + p + "inB,B school,DISTRICT,DB\n", false);
        String csv = "type,identifier,name,parent_type,parent_identifier\n"
                + "SCHOOL," + p + "in,In,DISTRICT,DA\n"                              // 2 allowed
                + "SCHOOL," + p + "out,Out,DISTRICT,DB\n"                            // 3 parent out of scope
                + "DISTRICT,DA,Renamed own root,STATE,ST\n"                          // 4 own scope root
                + "GROUP_OF_SCHOOLS," + p + "g,G,DISTRICT,DA\n"                      // 5 allowed
                + "SCHOOL," + p + "gs,GS,GROUP_OF_SCHOOLS," + p + "g\n"              // 6 under pending in-scope
                + "GROUP_OF_SCHOOLS," + p + "h,H,DISTRICT,DB\n"                      // 7 denied
                + "SCHOOL," + p + "hs,HS,GROUP_OF_SCHOOLS," + p + "h\n"              // 8 under a denied parent
                + "SCHOOL," + p + "inB,Taken over,DISTRICT,DA\n"                     // 9 moving in from DB
                + "DISTRICT," + p + "top,Top,STATE,ST\n";                            // 10 under ST: out of scope
        JsonNode job = delegated.importAndWait("domains", csv, true);
        assertCounts(job, 3, 0, 0, 0, 6);
        assertEquals(0, domains("SCHOOL", p + "in").size(), "dry-run wrote nothing");

        job = delegated.importAndWait("domains", csv, false);
        assertCounts(job, 3, 0, 0, 0, 6);
        String report = delegated.errors("domains", job).replace("\"", "");
        for (int line : new int[] {3, 4, 7, 8, 9, 10}) {
            assertTrue(report.contains("," + line + ",not allowed: "), line + ": " + report);
        }
        assertEquals(1, domains("SCHOOL", p + "gs").size());
        assertEquals(0, domains("SCHOOL", p + "out").size());
        assertEquals("Domain DA", domain("DISTRICT", "DA").get("name").asText());
        assertEquals("DB", domain("SCHOOL", p + "inB").get("parentIdentifier").asText());

        String moveOut = "type,identifier,parent_type,parent_identifier\nSCHOOL," + p + "in,DISTRICT,DB\n";
        assertCounts(delegated.importAndWait("domains", moveOut, false), 0, 0, 0, 0, 1);
        assertCounts(delegated.importAndWait("domains", "type,identifier,name\nSCHOOL," + p + "in,In 2\n", false),
                0, 1, 0, 0, 0);

        String export = delegated.export("domains");
        assertTrue(export.contains("DISTRICT,DA,") && export.contains("SCHOOL," + p + "in,In 2,"), export);
        assertFalse(export.contains("\nDISTRICT,DB,") || export.contains(p + "inB") || export.contains("\nSTATE,ST,"),
                "only the delegated admin's subtree: " + export);
        JsonNode outOfScopeDelete = delegated.importAndWait("domains", "action,type,identifier\nDELETE,SCHOOL," + p
                + "gs\n" + "DELETE,SCHOOL," + p + "inB\n", false);
        assertCounts(outOfScopeDelete, 0, 0, 1, 0, 0); // deleting what one may not see answers like deleting nothing
        assertWarnings(outOfScopeDelete, 1, 0, 0);
        assertEquals(1, domains("SCHOOL", p + "inB").size(), "the out-of-scope domain stays");
        JsonNode hiddenInUse = delegated.importAndWait("domains", "action,type,identifier\nDELETE,DISTRICT,DB\n"
                + "DELETE,DISTRICT," + p + "nowhere\n", false);
        assertCounts(hiddenInUse, 0, 0, 0, 0, 0);
        assertWarnings(hiddenInUse, 2, 0, 0);
        String hiddenReport = delegated.errors("domains", hiddenInUse).replace("\"", "");
        assertFalse(hiddenReport.contains("child domains"), "a hidden domain's children are not told: " + hiddenReport);
        for (int line : new int[] {2, 3}) {
            assertTrue(hiddenReport.contains("," + line + ",warning: nothing deleted: not_found_or_out_of_scope"),
                    "a hidden domain in use answers like an absent one: " + hiddenReport);
        }

        assertEquals(403, nobody.post("domains", csv.getBytes(), false).statusCode());
        assertEquals(403, nobody.get("domains/export").statusCode());
    }

    // ------------------------------------------------------------------ roles

    @Test
    void rolesRoundTripGrantableRolesEarlierInTheFileRenameAndErrors() throws Exception {
        String csv = "name,description,domain_types,subject_specific,administrative,grantable_roles,app_roles\n"
                + p + "-Viewer,Sees reports,school|DISTRICT,false,false,,realm:viewer\n"
                + p + "-Admin,Admin,DISTRICT,false,true," + p + "-Viewer,\n";
        assertCounts(admin.importAndWait("roles", csv, false), 2, 0, 0, 0, 0);
        JsonNode role = ok(root.get("roles/" + p + "-Admin"), 200);
        assertEquals(p + "-Viewer", role.get("grantableRoles").get(0).asText());
        assertEquals(2, ok(root.get("roles/" + p + "-Viewer"), 200).get("domainTypes").size());

        String export = admin.export("roles");
        assertTrue(export.startsWith("name,description,domain_types,subjects,subject_required,administrative,"
                + "grantable_roles,app_roles\r\n"), export);
        assertTrue(export.contains(p + "-Viewer,Sees reports,DISTRICT|SCHOOL,,false,false,,realm:viewer\r\n"), export);
        assertCounts(admin.importAndWait("roles", export, false), 0, 0, 0, export.lines().count() - 1, 0);

        assertCounts(admin.importAndWait("roles", "description,NAME\nNew text," + p + "-Viewer\n", false), 0, 1, 0, 0, 0);
        assertEquals(2, ok(root.get("roles/" + p + "-Viewer"), 200).get("domainTypes").size(), "absent: unchanged");
        String rename = "name,new_name\n" + p + "-Viewer," + p + "-Reader\n";
        assertCounts(admin.importAndWait("roles", rename, false), 0, 1, 0, 0, 0);
        assertCounts(admin.importAndWait("roles", rename, false), 0, 0, 0, 1, 0);
        assertEquals(p + "-Reader", ok(root.get("roles/" + p + "-Admin"), 200).get("grantableRoles").get(0).asText());

        JsonNode job = admin.importAndWait("roles", "name,domain_types,administrative,grantable_roles\n"
                + p + "-A,PLANET,false,\n"                   // 2
                + p + "-B,SCHOOL,true," + p + "-Nope\n"       // 3
                + p + "-C,SCHOOL,false," + p + "-Reader\n"    // 4
                + p + "-D,,false,\n"                          // 5
                + p + "-E,SCHOOL,false,\n", false);           // 6 fine
        assertCounts(job, 1, 0, 0, 0, 4);
        String report = admin.errors("roles", job);
        assertTrue(report.contains(",2,domain_types: unknown domain type PLANET"), report);
        assertTrue(report.contains(",3,grantable_roles: unknown role " + p + "-Nope"), report);
        assertTrue(report.contains(",4,only administrative roles have grantable_roles"), report);
        assertTrue(report.contains(",5,domain_types cannot be empty"), report);

        job = delegated.importAndWait("roles", "name,domain_types\n" + p + "-X,SCHOOL\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(delegated.errors("roles", job).contains("not allowed: realm_admin_only"));

        JsonNode deleted = admin.importAndWait("roles", "action,name\nDELETE," + p + "-E\nDELETE," + p + "-E2\n", false);
        assertCounts(deleted, 0, 0, 1, 0, 0);
        assertWarnings(deleted, 1, 0, 0);
        assertEquals(404, root.get("roles/" + p + "-E").statusCode());
    }

    // ------------------------------------------------------------------ assignments

    @Test
    void assignmentsRoundTripPeriodChangesDeleteAndReferenceErrors() throws Exception {
        users("ann", "bob");
        String school = domain("SCHOOL", p + "S", domain("DISTRICT", "DA").get("id").asText());
        ok(root.post("roles", Map.of("name", p + "-DistrictOnly", "domainTypes", List.of("DISTRICT"))), 201);
        String head = "username,role,domain_type,domain_identifier,subject,start,expiry\n";
        // a new expiry must lie in the future (issue 15): bob's expires a few seconds from now, then is expired
        String soon = java.time.Instant.now().plusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        JsonNode job = admin.importAndWait("assignments", head
                + p + "ann,Teacher,SCHOOL," + p + "S,,,\n"
                + p + "ann,Test Administrator,school," + p + "S,math,2026-09-01,2027-06-30\n"
                + p + "bob,Teacher,DISTRICT,DA,,," + soon + "\n", false);
        assertCounts(job, 3, 0, 0, 0, 0);
        while (java.time.Instant.now().isBefore(java.time.Instant.parse(soon).plusMillis(500))) {
            Thread.sleep(200);
        }
        assertFalse(assignment("bob", "Teacher").get("active").asBoolean(), "expired now");
        JsonNode held = ok(root.get("users/" + userId("ann") + "/assignments"), 200);
        assertEquals(2, held.size(), held.toString());
        JsonNode audit = ok(root.get("audit?target=" + userId("ann") + "&action=ROLE_GRANT"), 200);
        assertEquals("BULK", audit.get(0).get("entryPoint").asText());
        assertEquals(job.get("id").asText(), audit.get(0).get("bulkJobId").asText());

        String export = admin.export("assignments");
        assertTrue(export.startsWith(head.replace("\n", "\r\n")), export);
        String u = p.toLowerCase(); // usernames are stored lowercased
        assertTrue(export.contains(u + "ann,Test Administrator,SCHOOL," + p + "S,MATH,2026-09-01T00:00:00Z,"
                + "2027-06-30T00:00:00Z\r\n"), export);
        assertTrue(export.contains(u + "bob,Teacher,DISTRICT,DA,,," + soon + "\r\n"), "expired too: " + export);
        assertCounts(admin.importAndWait("assignments", export, false), 0, 0, 0, export.lines().count() - 1, 0);

        String period = "username,role,domain_type,domain_identifier,subject,expiry\n" + p
                + "ann,Test Administrator,SCHOOL," + p + "S,MATH,2027-12-31\n";
        assertCounts(admin.importAndWait("assignments", period, false), 0, 1, 0, 0, 0);
        assertCounts(admin.importAndWait("assignments", period, false), 0, 0, 0, 1, 0);
        JsonNode testAdmin = assignment("ann", "Test Administrator");
        assertEquals("2026-09-01T00:00:00Z", testAdmin.get("startsAt").asText(), "absent start: unchanged");
        assertEquals("2027-12-31T00:00:00Z", testAdmin.get("expiresAt").asText());
        assertCounts(admin.importAndWait("assignments", period.replace("2027-12-31", ""), false), 0, 1, 0, 0, 0);
        assertFalse(assignment("ann", "Test Administrator").has("expiresAt"), "empty cell clears the expiry");

        job = admin.importAndWait("assignments", head
                + p + "nobody,Teacher,SCHOOL," + p + "S,,,\n"               // 2 unknown user
                + p + "ann,Janitor,SCHOOL," + p + "S,,,\n"                  // 3 unknown role
                + p + "ann,Teacher,SCHOOL," + p + "none,,,\n"               // 4 unknown domain
                + p + "ann," + p + "-DistrictOnly,SCHOOL," + p + "S,,,\n"   // 5 role not allowed there
                + p + "bob,Test Administrator,SCHOOL," + p + "S,,,\n"       // 6 subject missing
                + p + "bob,Teacher,SCHOOL," + p + "S,ELA,,\n"               // 7 subject not allowed
                + p + "bob,Test Administrator,SCHOOL," + p + "S,ART,,\n"    // 8 unknown subject
                + p + "bob,Teacher,DISTRICT,DA,,2027-01-01,2026-01-01\n"   // 9 expiry before start
                + p + "bob,Teacher,SCHOOL," + p + "S,,,\n"                 // 10 fine
                + p + "ann,Teacher,DISTRICT,DA,,,2020-01-01\n", false);     // 11 expiry in the past
        assertCounts(job, 1, 0, 0, 0, 9);
        String report = admin.errors("assignments", job).replace("\"", ""); // messages with commas are quoted
        for (String expected : new String[] {",2,user " + p.toLowerCase() + "nobody does not exist",
                ",3,role Janitor does not exist", ",4,domain SCHOOL:" + p + "none does not exist",
                ",5,role " + p + "-DistrictOnly cannot be assigned at a SCHOOL",
                ",6,role Test Administrator requires a subject (one of ELA, MATH)", ",7,role Teacher takes no subject",
                ",8,subject ART does not exist", ",9,expiry must be after start",
                ",11,expiry 2020-01-01T00:00:00Z is not in the future"}) {
            assertTrue(report.contains(expected), expected + " in " + report);
        }

        String delete = "action,username,role,domain_type,domain_identifier,subject\nDELETE," + p + "ann,Teacher,SCHOOL,"
                + p + "S,\n";
        assertCounts(admin.importAndWait("assignments", delete, false), 0, 0, 1, 0, 0);
        JsonNode again = admin.importAndWait("assignments", delete, false);
        assertCounts(again, 0, 0, 0, 0, 0);
        assertWarnings(again, 1, 0, 0);
        assertEquals(1, ok(root.get("users/" + userId("ann") + "/assignments"), 200).size());
        assertEquals(school, assignment("ann", "Test Administrator").get("domainId").asText());
    }

    /**
     * Issue 15 on the bulk entry point: no new assignment at or below an inactive domain (existing ones are kept and
     * may be renewed), no renewal into the past, NCES ids unique per realm, and a domain with active descendants is
     * not deactivated by a file (files never cascade) unless earlier rows deactivate the descendants.
     */
    @Test
    void inactiveDomainsPastExpiriesAndNcesIdsFollowTheRestRules() throws Exception {
        users("gil", "hal");
        String state = domain("STATE", "ST").get("id").asText();
        String district = domain("DISTRICT", p + "D", state);
        domain("SCHOOL", p + "S", district);
        String head = "username,role,domain_type,domain_identifier,subject,start,expiry\n";
        assertCounts(admin.importAndWait("assignments", head + p + "gil,Teacher,SCHOOL," + p + "S,,,2099-01-01\n",
                false), 1, 0, 0, 0, 0);

        // the district has an active school: a file does not deactivate it (line 2); schools first, then it (3, 4)
        String domainsHead = "type,identifier,status\n";
        JsonNode job = admin.importAndWait("domains", domainsHead + "DISTRICT," + p + "D,inactive\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(admin.errors("domains", job).replace("\"", "").contains(",2,domain DISTRICT:" + p + "D has 1 active"
                + " descendant; bulk files never cascade"), admin.errors("domains", job));
        assertTrue(domain("DISTRICT", p + "D").get("active").asBoolean());
        assertCounts(admin.importAndWait("domains", domainsHead + "SCHOOL," + p + "S,inactive\nDISTRICT," + p
                + "D,inactive\n", false), 0, 2, 0, 0, 0);
        assertFalse(domain("DISTRICT", p + "D").get("active").asBoolean());

        job = admin.importAndWait("assignments", head
                + p + "hal,Teacher,SCHOOL," + p + "S,,,\n"                  // 2 the school is inactive
                + p + "hal,Teacher,DISTRICT," + p + "D,,,\n"                // 3 the district too
                + p + "gil,Teacher,SCHOOL," + p + "S,,,2099-06-01\n", false); // 4 renewal of an existing one: fine
        assertCounts(job, 0, 1, 0, 0, 2);
        String report = admin.errors("assignments", job).replace("\"", "");
        assertTrue(report.contains(",2,domain SCHOOL:" + p + "S is inactive: no new role assignment there"), report);
        assertTrue(report.contains(",3,domain DISTRICT:" + p + "D is inactive"), report);
        // a group's assignments follow the same rules (one shared check with the users' kind)
        ok(root.post("groups", Map.of("name", p + "Inactive check", "domainId", state)), 201);
        job = admin.importAndWait("group-assignments",
                "group_domain_type,group_domain_identifier,group,role,domain_type,domain_identifier,subject,start,expiry\n"
                + "STATE,ST," + p + "Inactive check,Teacher,SCHOOL," + p + "S,,,\n"      // 2 the school is inactive
                + "STATE,ST," + p + "Inactive check,Teacher,DISTRICT,DA,,,2020-01-01\n", false); // 3 past expiry
        assertCounts(job, 0, 0, 0, 0, 2);
        String groupReport = admin.errors("group-assignments", job).replace("\"", "");
        assertTrue(groupReport.contains(",2,domain SCHOOL:" + p + "S is inactive: no new role assignment there"), groupReport);
        assertTrue(groupReport.contains(",3,expiry 2020-01-01T00:00:00Z is not in the future"), groupReport);
        assertEquals("2099-06-01T00:00:00Z", assignment("gil", "Teacher").get("expiresAt").asText());
        assertFalse(assignment("gil", "Teacher").get("active").asBoolean(), "kept and listed, but grants nothing");
        assertEquals(1, ok(root.get("users/" + userId("gil") + "/assignments"), 200).size());
        assertEquals(0, ok(root.get("users/" + userId("hal") + "/assignments"), 200).size());

        // a school reactivated below the still inactive district: still below an inactive domain
        assertCounts(admin.importAndWait("domains", domainsHead + "SCHOOL," + p + "S,active\n", false), 0, 1, 0, 0, 0);
        job = admin.importAndWait("assignments", head + p + "hal,Teacher,SCHOOL," + p + "S,,,\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(admin.errors("assignments", job).replace("\"", "").contains(",2,domain SCHOOL:" + p
                + "S lies below the inactive domain DISTRICT:" + p + "D"), admin.errors("assignments", job));
        // renewing into the past is refused like a new past expiry
        job = admin.importAndWait("assignments", head + p + "gil,Teacher,SCHOOL," + p + "S,,,2020-06-01\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertTrue(admin.errors("assignments", job).contains("expiry 2020-06-01T00:00:00Z is not in the future"));
        assertEquals("2099-06-01T00:00:00Z", assignment("gil", "Teacher").get("expiresAt").asText());

        // NCES ids: unique per realm, within one file and against stored domains
        String nces = String.valueOf(100000000000L + Math.abs(p.hashCode()) % 800000000000L);
        job = admin.importAndWait("domains", "type,identifier,name,parent_type,parent_identifier,nces_id\n"
                + "SCHOOL," + p + "N1,N1,DISTRICT,DA," + nces + "\n"        // 2 fine
                + "SCHOOL," + p + "N2,N2,DISTRICT,DA," + nces + "\n"        // 3 the same NCES id
                + "SCHOOL," + p + "N3,N3,STATE,ST,\n", false);              // 4 a state-operated school (default rules)
        assertCounts(job, 2, 0, 0, 0, 1);
        assertTrue(admin.errors("domains", job).contains(",3,nces_id " + nces + " is already used by another domain"),
                admin.errors("domains", job));
        job = admin.importAndWait("domains", "type,identifier,nces_id\nSCHOOL," + p + "N3," + nces + "\n", false);
        assertCounts(job, 0, 0, 0, 0, 1);
        assertFalse(domain("SCHOOL", p + "N3").has("ncesId"));
        assertEquals(state, domain("SCHOOL", p + "N3").get("parentId").asText());
        // moving the id from one domain to another in one file: freed by the earlier row
        assertCounts(admin.importAndWait("domains", "type,identifier,nces_id\nSCHOOL," + p + "N1,\nSCHOOL," + p + "N3,"
                + nces + "\n", false), 0, 2, 0, 0, 0);
        assertEquals(nces, domain("SCHOOL", p + "N3").get("ncesId").asText());
    }

    @Test
    void delegatedAdminGrantsAndRevokesOnlyInScopeAndExportsItsScope() throws Exception {
        users("cat", "dan");
        domain("SCHOOL", p + "A", domain("DISTRICT", "DA").get("id").asText());
        domain("SCHOOL", p + "B", domain("DISTRICT", "DB").get("id").asText());
        admin.importAndWait("assignments", "username,role,domain_type,domain_identifier\n"
                + p + "dan,Teacher,SCHOOL," + p + "B\n", false);
        String csv = "username,role,domain_type,domain_identifier,action\n"
                + p + "cat,Teacher,SCHOOL," + p + "A,\n"       // 2 allowed
                + p + "cat,Teacher,SCHOOL," + p + "B,\n"       // 3 out of scope
                + p + "dan,Teacher,SCHOOL," + p + "B,DELETE\n" // 4 revoke out of scope
                + p + "cat,Teacher,STATE,ST,\n";               // 5 above the admin's domain
        JsonNode job = delegated.importAndWait("assignments", csv, true);
        assertCounts(job, 1, 0, 0, 0, 2);
        assertWarnings(job, 1, 0, 0); // the out-of-scope revoke answers like a revoke of nothing
        assertEquals(0, ok(root.get("users/" + userId("cat") + "/assignments"), 200).size(), "dry-run");

        job = delegated.importAndWait("assignments", csv, false);
        assertCounts(job, 1, 0, 0, 0, 2);
        assertWarnings(job, 1, 0, 0);
        String report = delegated.errors("assignments", job).replace("\"", "");
        for (int line : new int[] {3, 5}) {
            assertTrue(report.contains("," + line + ",not allowed: not_found_or_out_of_scope"), line + ": " + report);
        }
        assertTrue(report.contains(",4,warning: nothing deleted: not_found_or_out_of_scope"), report);
        assertEquals(1, ok(root.get("users/" + userId("cat") + "/assignments"), 200).size());
        assertEquals(1, ok(root.get("users/" + userId("dan") + "/assignments"), 200).size());

        String export = delegated.export("assignments");
        assertTrue(export.contains(p.toLowerCase() + "cat,Teacher,SCHOOL," + p + "A,"), export);
        assertFalse(export.contains(p + "B,"), "only the admin's scope: " + export);
        assertCounts(delegated.importAndWait("assignments", "action,username,role,domain_type,domain_identifier\n"
                + "DELETE," + p + "cat,Teacher,SCHOOL," + p + "A\n", false), 0, 0, 1, 0, 0);
        assertEquals(403, nobody.get("assignments/export").statusCode());
    }

    // ------------------------------------------------------------------ group memberships

    @Test
    void groupMembershipsRoundTripDeleteErrorsAndScope() throws Exception {
        users("eve", "fay");
        String a = domain("SCHOOL", p + "GA", domain("DISTRICT", "DA").get("id").asText());
        String b = domain("SCHOOL", p + "GB", domain("DISTRICT", "DB").get("id").asText());
        String g1 = ok(root.post("groups", Map.of("name", "Grade 5", "domainId", a)), 201).get("id").asText();
        ok(root.post("groups", Map.of("name", "Grade 6", "domainId", b)), 201);

        String head = "username,group,group_domain_identifier,group_domain_type\n";
        assertCounts(admin.importAndWait("group-memberships", head + p + "eve,Grade 5," + p + "GA,SCHOOL\n"
                + p + "fay,Grade 5," + p + "GA,school\n" + p + "fay,Grade 6," + p + "GB,SCHOOL\n", false), 3, 0, 0, 0, 0);
        assertEquals(2, ok(root.get("groups/" + g1 + "/members"), 200).size());

        String export = admin.export("group-memberships");
        assertTrue(export.startsWith("group_domain_type,group_domain_identifier,group,username\r\n"), export);
        assertTrue(export.contains("SCHOOL," + p + "GA,Grade 5," + p.toLowerCase() + "eve\r\n"), export);
        assertCounts(admin.importAndWait("group-memberships", export, false), 0, 0, 0, export.lines().count() - 1, 0);

        JsonNode job = admin.importAndWait("group-memberships", head
                + p + "eve,Grade 7," + p + "GA,SCHOOL\n"      // 2 unknown group
                + p + "zed,Grade 5," + p + "GA,SCHOOL\n"      // 3 unknown user
                + p + "eve,Grade 5," + p + "GX,SCHOOL\n", false); // 4 unknown domain
        assertCounts(job, 0, 0, 0, 0, 3);
        String report = admin.errors("group-memberships", job);
        assertTrue(report.contains(",2,group Grade 7 does not exist at SCHOOL:" + p + "GA"), report);
        assertTrue(report.contains(",3,user " + p.toLowerCase() + "zed does not exist"), report);
        assertTrue(report.contains(",4,domain SCHOOL:" + p + "GX does not exist"), report);

        String out = "action,username,group,group_domain_type,group_domain_identifier\n"
                + "DELETE," + p + "fay,Grade 5,SCHOOL," + p + "GA\n"    // 2 allowed
                + "DELETE," + p + "fay,Grade 6,SCHOOL," + p + "GB\n"    // 3 group out of scope
                + "," + p + "eve,Grade 6,SCHOOL," + p + "GB\n";         // 4 group out of scope
        job = delegated.importAndWait("group-memberships", out, false);
        assertCounts(job, 0, 0, 1, 0, 1);
        assertWarnings(job, 1, 0, 0);
        String outReport = delegated.errors("group-memberships", job).replace("\"", "");
        assertTrue(outReport.contains(",3,warning: nothing deleted: not_found_or_out_of_scope"), outReport);
        assertTrue(outReport.contains(",4,not allowed: not_found_or_out_of_scope"), outReport);
        assertEquals(1, ok(root.get("groups/" + g1 + "/members"), 200).size());
        String scoped = delegated.export("group-memberships");
        assertTrue(scoped.contains(p + "GA,Grade 5,") && !scoped.contains(p + "GB,"), scoped);
        JsonNode byAdmin = admin.importAndWait("group-memberships", out, false); // the realm admin may
        assertCounts(byAdmin, 1, 0, 1, 0, 0);
        assertWarnings(byAdmin, 1, 0, 0); // line 2: the delegated admin removed that membership already
    }

    // ------------------------------------------------------------------ groups (issue 16)

    @Test
    void groupsRoundTripRenameDeleteAndDelegatedScope() throws Exception {
        domain("SCHOOL", p + "GrA", domain("DISTRICT", "DA").get("id").asText());
        domain("SCHOOL", p + "GrB", domain("DISTRICT", "DB").get("id").asText());
        String head = "domain_type,domain_identifier,name,description\n";
        JsonNode job = admin.importAndWait("groups", head + "SCHOOL," + p + "GrA,Grade 5,Fifth\n"
                + "school," + p + "GrB,Grade 6,\n" + "SCHOOL," + p + "GrB,Grade 9,Ninth\n", false);
        assertCounts(job, 3, 0, 0, 0, 0);
        String export = admin.export("groups");
        assertTrue(export.startsWith("domain_type,domain_identifier,name,description\r\n"), export);
        assertTrue(export.contains("SCHOOL," + p + "GrA,Grade 5,Fifth\r\n"), export);
        String mine = "domain_type,domain_identifier,name,description\r\n" + export.lines()
                .filter(l -> l.contains("," + p + "Gr")).map(l -> l + "\r\n").reduce("", String::concat);
        assertCounts(admin.importAndWait("groups", mine, false), 0, 0, 0, 3, 0); // the export re-imports unchanged

        String rename = "domain_type,domain_identifier,name,new_name,description\nSCHOOL," + p + "GrA,Grade 5,Grade Five,Year 5\n";
        assertCounts(admin.importAndWait("groups", rename, false), 0, 1, 0, 0, 0);
        assertCounts(admin.importAndWait("groups", rename, false), 0, 0, 0, 1, 0); // re-running a rename: no-op
        assertTrue(admin.export("groups").contains("SCHOOL," + p + "GrA,Grade Five,Year 5\r\n"));

        // a delegated admin of district DA: the REST scope rules, hidden and absent answered alike
        String csv = "action,domain_type,domain_identifier,name,description\n"
                + ",SCHOOL," + p + "GrA,Grade 7,\n"             // 2 allowed
                + ",SCHOOL," + p + "GrB,Grade 8,\n"             // 3 create out of scope
                + ",SCHOOL," + p + "GrB,Grade 6,Changed\n"      // 4 update out of scope
                + "DELETE,SCHOOL," + p + "GrB,Grade 9,\n"       // 5 delete out of scope
                + "DELETE,SCHOOL," + p + "GrA,No such group,\n"; // 6 delete of nothing
        job = delegated.importAndWait("groups", csv, false);
        assertCounts(job, 1, 0, 0, 0, 2);
        assertWarnings(job, 2, 0, 0);
        String report = delegated.errors("groups", job).replace("\"", "");
        assertTrue(report.contains(",3,not allowed: not_found_or_out_of_scope"), report);
        assertTrue(report.contains(",4,not allowed: not_found_or_out_of_scope"), report);
        String five = report.lines().filter(l -> l.contains(",5,")).findFirst().orElseThrow();
        String six = report.lines().filter(l -> l.contains(",6,")).findFirst().orElseThrow();
        assertTrue(five.contains(",5,warning: nothing deleted: not_found_or_out_of_scope"), report);
        assertEquals(five.substring(five.indexOf(",5,") + 3), six.substring(six.indexOf(",6,") + 3),
                "a hidden group and an absent one get the same answer");
        String scoped = delegated.export("groups");
        assertTrue(scoped.contains(p + "GrA,Grade 7,") && !scoped.contains(p + "GrB"), scoped);
        assertTrue(admin.export("groups").contains("SCHOOL," + p + "GrB,Grade 6,\r\n"), "nothing changed in B");
        assertTrue(admin.export("groups").contains("SCHOOL," + p + "GrB,Grade 9,Ninth\r\n"), "nothing deleted in B");

        // a group with members is not deleted by a file (no cascade); without them it is
        users("gm");
        assertCounts(admin.importAndWait("group-memberships", "username,group,group_domain_identifier,group_domain_type\n"
                + p + "gm,Grade Five," + p + "GrA,SCHOOL\n", false), 1, 0, 0, 0, 0);
        String delete = "action,domain_type,domain_identifier,name\nDELETE,SCHOOL," + p + "GrA,Grade Five\n"
                + "DELETE,SCHOOL," + p + "GrA,Grade 7\n";
        job = admin.importAndWait("groups", delete, false);
        assertCounts(job, 0, 0, 1, 0, 1);
        assertTrue(admin.errors("groups", job).contains("has 1 members and 0 role assignments"), admin.errors("groups", job));
        assertEquals(403, nobody.get("groups/export").statusCode());
        assertEquals(403, nobody.post("groups", delete.getBytes(), false).statusCode());
    }

    @Test
    void groupAssignmentsRoundTripPeriodDeleteAndDelegatedScope() throws Exception {
        String a = domain("SCHOOL", p + "GaA", domain("DISTRICT", "DA").get("id").asText());
        String b = domain("SCHOOL", p + "GaB", domain("DISTRICT", "DB").get("id").asText());
        String g1 = ok(root.post("groups", Map.of("name", "Class 1", "domainId", a)), 201).get("id").asText();
        String g2 = ok(root.post("groups", Map.of("name", "Class 2", "domainId", b)), 201).get("id").asText();
        String head = "group_domain_type,group_domain_identifier,group,role,domain_type,domain_identifier,subject,start,expiry\n";
        String grant = "SCHOOL," + p + "GaA,Class 1,Teacher,SCHOOL," + p + "GaA,,,\n";
        assertCounts(admin.importAndWait("group-assignments", head + grant
                + "SCHOOL," + p + "GaB,Class 2,Teacher,SCHOOL," + p + "GaB,,,\n", false), 2, 0, 0, 0, 0);
        assertEquals(1, ok(root.get("assignments?groupId=" + g1), 200).size());
        assertCounts(admin.importAndWait("group-assignments", head + grant, false), 0, 0, 0, 1, 0);
        String export = admin.export("group-assignments");
        assertTrue(export.startsWith(head.replace("\n", "\r\n")), export);
        assertTrue(export.contains("SCHOOL," + p + "GaA,Class 1,Teacher,SCHOOL," + p + "GaA,,,\r\n"), export);
        assertCounts(admin.importAndWait("group-assignments", head + grant.replace(",,,\n", ",,,2099-01-01\n"), false),
                0, 1, 0, 0, 0);
        JsonNode errors = admin.importAndWait("group-assignments", head
                + "SCHOOL," + p + "GaA,Class 9,Teacher,SCHOOL," + p + "GaA,,,\n"    // 2 unknown group
                + "SCHOOL," + p + "GaA,Class 1,Janitor,SCHOOL," + p + "GaA,,,\n", false); // 3 unknown role
        assertCounts(errors, 0, 0, 0, 0, 2);
        String report = admin.errors("group-assignments", errors);
        assertTrue(report.contains(",2,group Class 9 does not exist at SCHOOL:" + p + "GaA"), report);
        assertTrue(report.contains(",3,role Janitor does not exist"), report);

        String csv = "action," + head
                + ",SCHOOL," + p + "GaA,Class 1,Teacher,DISTRICT,DA,,,\n"                          // 2 allowed
                + ",SCHOOL," + p + "GaB,Class 2,Teacher,SCHOOL," + p + "GaA,,,\n"                // 3 group hidden
                + ",SCHOOL," + p + "GaA,Class 1,Teacher,SCHOOL," + p + "GaB,,,\n"                // 4 domain out of scope
                + "DELETE,SCHOOL," + p + "GaB,Class 2,Teacher,SCHOOL," + p + "GaB,,,\n"          // 5 revoke hidden
                + "DELETE,SCHOOL," + p + "GaA,Class 1,Teacher,SCHOOL," + p + "GaA,,,\n";         // 6 revoke in scope
        JsonNode job = delegated.importAndWait("group-assignments", csv, false);
        assertCounts(job, 1, 0, 1, 0, 2);
        assertWarnings(job, 1, 0, 0);
        String delegatedReport = delegated.errors("group-assignments", job).replace("\"", "");
        assertTrue(delegatedReport.contains(",3,not allowed: not_found_or_out_of_scope"), delegatedReport);
        assertTrue(delegatedReport.contains(",4,not allowed: not_found_or_out_of_scope"), delegatedReport);
        assertTrue(delegatedReport.contains(",5,warning: nothing deleted: not_found_or_out_of_scope"), delegatedReport);
        assertEquals(1, ok(root.get("assignments?groupId=" + g2), 200).size(), "B's group keeps its role");
        assertEquals(1, ok(root.get("assignments?groupId=" + g1), 200).size(), "Teacher at the school revoked, at the district granted");
        String scoped = delegated.export("group-assignments");
        assertTrue(scoped.contains("Class 1,Teacher,DISTRICT,DA,") && !scoped.contains(p + "GaB"), scoped);
        assertEquals(403, nobody.get("group-assignments/export").statusCode());
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
        TestUsers.readyForPasswordLogin(realm.admin().users().get(id), PASSWORD);
        return id;
    }
}
