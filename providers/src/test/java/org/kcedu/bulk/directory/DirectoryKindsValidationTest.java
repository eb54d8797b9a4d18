package org.kcedu.bulk.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kcedu.bulk.EntityHandler;
import org.kcedu.bulk.csv.BulkRowReader;
import org.kcedu.bulk.csv.BulkFormatException;
import org.kcedu.bulk.csv.CsvRow;

/** Header checks, row validation and key claims of the directory kinds (no database needed). */
class DirectoryKindsValidationTest {

    private static List<CsvRow> rows(EntityHandler handler, String csv) throws IOException {
        List<CsvRow> out = new ArrayList<>();
        try (BulkRowReader r = new BulkRowReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                handler.schema())) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    private static String problem(EntityHandler handler, String csv) throws IOException {
        return handler.validate(rows(handler, csv).get(0));
    }

    // ---- subjects

    @Test
    void subjectRows() throws IOException {
        SubjectsHandler s = new SubjectsHandler();
        assertNull(problem(s, "code,name\nmath,Mathematics\n"));
        assertTrue(problem(s, "code,name\nMA TH,x\n").contains("must be 1-64 letters"));
        assertEquals(List.of("code:MATH", "code:MATHS"), s.claimedKeys(rows(s, "code,new_code\nmath,maths\n").get(0)));
    }

    // ---- domains

    @Test
    void domainRows() throws IOException {
        DomainsHandler h = new DomainsHandler();
        BulkFormatException e = assertThrows(BulkFormatException.class,
                () -> rows(h, "type,identifier,colour\nSCHOOL,S1,red\n"));
        assertTrue(e.getMessage().contains("unknown column 'colour'"), e.getMessage());
        assertNull(problem(h, "type,identifier,name,parent_type,parent_identifier,status\nSCHOOL,S1,S,DISTRICT,D1,Active\n"));
        assertNull(problem(h, "type,identifier,parent_type,parent_identifier\nSTATE,ST,,\n"), "empty parent = root");
        assertEquals("type and identifier are required", problem(h, "type,identifier\nSCHOOL,\n"));
        assertTrue(problem(h, "type,identifier,parent_type\nSCHOOL,S1,DISTRICT\n").startsWith("parent_type and"));
        assertTrue(problem(h, "type,identifier,parent_type,parent_identifier\nSCHOOL,S1,DISTRICT,\n")
                .startsWith("give both parent_type and parent_identifier"));
        assertEquals("status must be active or inactive", problem(h, "type,identifier,status\nSCHOOL,S1,closed\n"));
        assertTrue(problem(h, "type,identifier,name\nSCHOOL,S1,\n").startsWith("name cannot be empty"));
        assertTrue(problem(h, "type,identifier\nSCH OOL,S1\n").contains("is not a domain type code"));
        assertNull(problem(h, "action,type,identifier,name\nDELETE,SCHOOL,S1,\n"), "deletes need only the key");
        assertEquals(List.of("domain:SCHOOL:S1", "domain:SCHOOL:S2"), h.claimedKeys(rows(h,
                "type,identifier,new_identifier\nschool,S1,S2\n").get(0)));
    }

    // ---- roles

    @Test
    void roleRows() throws IOException {
        RolesHandler r = new RolesHandler();
        assertNull(problem(r, "name,domain_types,subject_specific,administrative,app_roles\n"
                + "Teacher,SCHOOL|DISTRICT,false,true,realm:teacher|client:app:t\n"));
        assertTrue(problem(r, "name,domain_types\nTeacher,\n").startsWith("domain_types cannot be empty"));
        assertTrue(problem(r, "name,administrative\nTeacher,yes\n").startsWith("administrative must be true or false"));
        assertTrue(problem(r, "name,app_roles\nTeacher,teacher\n").startsWith("app_roles: use realm:ROLE"));
        assertNull(problem(r, "name,domain_types,subjects,subject_required\nTeacher,SCHOOL,MATH|ELA,false\n"));
        assertTrue(problem(r, "name,subject_required\nTeacher,maybe\n").startsWith("subject_required must be true or false"));
        assertTrue(problem(r, "name,subjects,subject_specific\nTeacher,,true\n").startsWith("subject_specific contradicts"));
        assertTrue(problem(r, "name,subjects,subject_specific\nTeacher,MATH,false\n").startsWith("subject_specific contradicts"));
    }

    // ---- assignments

    @Test
    void assignmentRows() throws IOException {
        AssignmentsHandler a = new AssignmentsHandler();
        BulkFormatException e = assertThrows(BulkFormatException.class, () -> rows(a, "username,role\nann,T\n"));
        assertTrue(e.getMessage().contains("missing required column 'domain_type'"), e.getMessage());
        String head = "username,role,domain_type,domain_identifier,subject,start,expiry\n";
        assertNull(problem(a, head + "Ann,Teacher,SCHOOL,S1,,2026-09-01,2027-06-30T00:00:00Z\n"));
        assertEquals("expiry must be after start", problem(a, head + "ann,Teacher,SCHOOL,S1,,2027-01-01,2026-01-01\n"));
        assertTrue(problem(a, head + "ann,Teacher,SCHOOL,S1,,soon,\n").startsWith("start 'soon' is not"));
        assertEquals("role is required", problem(a, head + "ann,,SCHOOL,S1,,,\n"));
        assertEquals(List.of("assignment:ann|Test Administrator|SCHOOL:S1|MATH"),
                a.claimedKeys(rows(a, head + "ANN,Test Administrator,school,S1,math,,\n").get(0)));
    }

    // ---- group memberships

    @Test
    void membershipRows() throws IOException {
        GroupMembershipsHandler g = new GroupMembershipsHandler();
        String gh = "group_domain_type,group_domain_identifier,group,username\n";
        assertNull(problem(g, gh + "SCHOOL,S1,Grade 5,ann\n"));
        assertEquals("group is required", problem(g, gh + "SCHOOL,S1,,ann\n"));
    }
}
