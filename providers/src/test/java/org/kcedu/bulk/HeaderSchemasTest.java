package org.kcedu.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.bulk.directory.AssignmentsHandler;
import org.kcedu.bulk.directory.DomainsHandler;
import org.kcedu.bulk.directory.GroupAssignmentsHandler;
import org.kcedu.bulk.directory.GroupMembershipsHandler;
import org.kcedu.bulk.directory.GroupsHandler;
import org.kcedu.bulk.directory.RolesHandler;
import org.kcedu.bulk.directory.SubjectsHandler;
import org.kcedu.bulk.users.UsersHandler;

/**
 * The CSV columns of every file kind are a published contract (docs/bulk.md; files written for one release are read
 * by the next): required key, optional columns, and the export header in its order. Rename columns (new_*) are
 * import-only.
 */
class HeaderSchemasTest {

    @Test
    void users() {
        // username is optional since issue 15: a realm using the e-mail as username keys rows by email
        assertSchema(new UsersHandler().schema(), List.of(),
                List.of("username", "email", "first_name", "last_name", "enabled", "external_id", "new_username",
                        "new_email"),
                List.of("username", "email", "first_name", "last_name", "enabled", "external_id"));
    }

    @Test
    void domains() {
        assertSchema(new DomainsHandler().schema(), List.of("type", "identifier"),
                List.of("new_identifier", "name", "nces_id", "parent_type", "parent_identifier", "status"),
                List.of("type", "identifier", "name", "nces_id", "parent_type", "parent_identifier", "status"));
    }

    @Test
    void subjects() {
        assertSchema(new SubjectsHandler().schema(), List.of("code"), List.of("name", "new_code"),
                List.of("code", "name"));
    }

    @Test
    void roles() {
        assertSchema(new RolesHandler().schema(), List.of("name"),
                List.of("new_name", "description", "domain_types", "subjects", "subject_required", "subject_specific",
                        "administrative", "grantable_roles", "app_roles"),
                List.of("name", "description", "domain_types", "subjects", "subject_required", "administrative",
                        "grantable_roles", "app_roles"));
    }

    @Test
    void assignments() {
        assertSchema(new AssignmentsHandler().schema(), List.of("username", "role", "domain_type", "domain_identifier"),
                List.of("subject", "start", "expiry"),
                List.of("username", "role", "domain_type", "domain_identifier", "subject", "start", "expiry"));
    }

    @Test
    void groupMemberships() {
        List<String> columns = List.of("group_domain_type", "group_domain_identifier", "group", "username");
        assertSchema(new GroupMembershipsHandler().schema(), columns, List.of(), columns);
    }

    @Test
    void groups() {
        assertSchema(new GroupsHandler().schema(), List.of("domain_type", "domain_identifier", "name"),
                List.of("new_name", "description"), List.of("domain_type", "domain_identifier", "name", "description"));
    }

    @Test
    void groupAssignments() {
        assertSchema(new GroupAssignmentsHandler().schema(), List.of("group_domain_type", "group_domain_identifier",
                        "group", "role", "domain_type", "domain_identifier"), List.of("subject", "start", "expiry"),
                List.of("group_domain_type", "group_domain_identifier", "group", "role", "domain_type",
                        "domain_identifier", "subject", "start", "expiry"));
    }

    private static void assertSchema(HeaderSchema schema, List<String> required, List<String> optional,
            List<String> export) {
        assertEquals(required, schema.required(), "required");
        assertEquals(optional, schema.optional(), "optional");
        assertEquals(export, schema.exportOrder(), "export header");
    }
}
