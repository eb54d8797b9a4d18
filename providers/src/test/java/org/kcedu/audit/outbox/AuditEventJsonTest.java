package org.kcedu.audit.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.EntryPoint;

class AuditEventJsonTest {

    @Test
    void roundTripKeepsEveryField() {
        AuditEvent e = AuditEvent.builder(EntryPoint.BULK, "USER_UPDATE")
                .timestamp(Instant.parse("2026-11-25T06:32:11.123Z"))
                .realm("r", "edu").actor("a", "Zoë", "cli", "::1").target("user", "u")
                .change("email", "a@x", "b@x").change("firstName", null, "Ann").change("lastName", "Old", null)
                .bulk("job", 7L).correlationId("c").denied("not yours").build();
        assertEquals(e, AuditEventJson.fromJson(AuditEventJson.toJson(e)));
    }

    @Test
    void roundTripOfAMinimalEvent() {
        AuditEvent e = AuditEvent.builder(EntryPoint.SYSTEM, "PURGE").failed("db").build();
        assertEquals(e, AuditEventJson.fromJson(AuditEventJson.toJson(e)));
    }
}
