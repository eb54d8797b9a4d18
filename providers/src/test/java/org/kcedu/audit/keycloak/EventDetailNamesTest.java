package org.kcedu.audit.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventDetailNamesTest {

    @Test
    void userEventDetailNamesMatchTheAdminEventFieldNames() {
        assertEquals("firstName", AuditEventListenerProvider.camel("first_name"));
        assertEquals("lastName", AuditEventListenerProvider.camel("last_name"));
        assertEquals("email", AuditEventListenerProvider.camel("email"));
        assertEquals("emailVerified", AuditEventListenerProvider.camel("email_verified"));
        assertEquals("x", AuditEventListenerProvider.camel("_x"));
    }
}
