package org.kcedu.audit.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.EntryPoint;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class AdminEventTranslatorTest {

    private static AdminEvent event(ResourceType type, OperationType op, String path, String rep) {
        AdminEvent e = new AdminEvent();
        e.setId("ev-1");
        e.setTime(1_764_000_000_000L);
        e.setRealmId("realm-id");
        e.setRealmName("edu");
        e.setResourceType(type);
        e.setOperationType(op);
        e.setResourcePath(path);
        e.setRepresentation(rep);
        AuthDetails auth = new AuthDetails();
        auth.setRealmId("master-id");
        auth.setUserId("admin-id");
        auth.setClientId("security-admin-console");
        auth.setIpAddress("198.51.100.4");
        e.setAuthDetails(auth);
        return e;
    }

    private static final AdminEventTranslator.UserSnapshot BEFORE =
            new AdminEventTranslator.UserSnapshot("ann", "ann@old.example", "Ann", "Lee", true, true);

    @Test
    void userUpdateWithNewEmailIsOneEmailChangeWithBeforeAndAfter() {
        AuditEvent a = AdminEventTranslator.translate(event(ResourceType.USER, OperationType.UPDATE, "users/u1",
                "{\"username\":\"ann\",\"email\":\"ann@new.example\",\"firstName\":\"Ann\",\"lastName\":\"Leigh\"}"),
                "admin", null, BEFORE).orElseThrow();
        assertEquals("EMAIL_CHANGE", a.action());
        assertEquals(EntryPoint.ADMIN_CONSOLE, a.entryPoint());
        assertEquals("u1", a.targetId());
        assertEquals(new AuditEvent.Change("ann@old.example", "ann@new.example"), a.changes().get("email"));
        assertEquals(new AuditEvent.Change("Lee", "Leigh"), a.changes().get("lastName"));
        assertFalse(a.changes().containsKey("username"), "unchanged fields are not changes");
        assertEquals("admin-id", a.actorUserId());
        assertEquals("admin", a.actorUsername());
        assertEquals("security-admin-console", a.actorClientId());
        assertEquals("198.51.100.4", a.actorIp());
        assertEquals("edu", a.realmName());
    }

    @Test
    void userUpdateWithoutEmailIsUserUpdate() {
        AuditEvent a = AdminEventTranslator.translate(event(ResourceType.USER, OperationType.UPDATE, "users/u1",
                "{\"email\":\"ann@old.example\",\"enabled\":false}"), "admin", null, BEFORE).orElseThrow();
        assertEquals("USER_UPDATE", a.action());
        assertEquals(new AuditEvent.Change("true", "false"), a.changes().get("enabled"));
    }

    @Test
    void roleMappingsNameTheRoles() {
        AuditEvent grant = AdminEventTranslator.translate(event(ResourceType.REALM_ROLE_MAPPING, OperationType.CREATE,
                "users/u1/role-mappings/realm", "[{\"id\":\"r1\",\"name\":\"kc-edu-admin\"},{\"id\":\"r2\",\"name\":\"x\"}]"),
                "admin", null, null).orElseThrow();
        assertEquals("ROLE_GRANT", grant.action());
        assertEquals("user", grant.targetType());
        assertEquals(new AuditEvent.Change(null, "kc-edu-admin,x"), grant.changes().get("realmRoles"));
        AuditEvent revoke = AdminEventTranslator.translate(event(ResourceType.CLIENT_ROLE_MAPPING, OperationType.DELETE,
                "groups/g1/role-mappings/clients/c-uuid", "[{\"name\":\"reader\"}]"), "admin", null, null).orElseThrow();
        assertEquals("ROLE_REVOKE", revoke.action());
        assertEquals("group", revoke.targetType());
        assertEquals(new AuditEvent.Change("reader", null), revoke.changes().get("clientRoles.c-uuid"));
    }

    @Test
    void groupMembershipAndPasswordResetAndDelete() {
        AuditEvent add = AdminEventTranslator.translate(event(ResourceType.GROUP_MEMBERSHIP, OperationType.CREATE,
                "users/u1/groups/g1", "{\"id\":\"g1\",\"name\":\"teachers\",\"path\":\"/district-9/teachers\"}"),
                "admin", null, null).orElseThrow();
        assertEquals("GROUP_MEMBER_ADD", add.action());
        assertEquals(new AuditEvent.Change(null, "/district-9/teachers"), add.changes().get("group"));
        AuditEvent reset = AdminEventTranslator.translate(event(ResourceType.USER, OperationType.ACTION,
                "users/u1/reset-password", null), "admin", null, null).orElseThrow();
        assertEquals("PASSWORD_RESET", reset.action());
        assertTrue(reset.changes().get("password").after().startsWith("("), "no secret, only the fact");
        AuditEvent delete = AdminEventTranslator.translate(event(ResourceType.USER, OperationType.DELETE, "users/u1",
                null), "admin", null, BEFORE).orElseThrow();
        assertEquals("USER_DELETE", delete.action());
        assertEquals(new AuditEvent.Change("ann@old.example", null), delete.changes().get("email"));
    }

    @Test
    void outOfScopeEventsAreIgnored() {
        assertTrue(AdminEventTranslator.translate(event(ResourceType.CLIENT, OperationType.UPDATE, "clients/c1", "{}"),
                "admin", null, null).isEmpty());
        assertTrue(AdminEventTranslator.translate(event(ResourceType.REALM, OperationType.UPDATE, "", "{}"),
                "admin", null, null).isEmpty());
    }
}
