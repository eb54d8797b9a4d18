package org.kcedu.directory.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kcedu.core.ApiError;
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.UserRep;

/** A field a route does not know or would not change is a 400 naming it, never silently ignored. */
class StrictBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String rejectedField(Runnable r) {
        WebApplicationException e = assertThrows(WebApplicationException.class, r::run);
        assertEquals(400, e.getResponse().getStatus());
        return ((ApiError) e.getResponse().getEntity()).field();
    }

    @Test
    void unknownFieldsAreNamedEvenNested() throws Exception {
        UserRep u = JSON.readValue("{\"email\":\"a@b.example\",\"emial\":\"x\",\"assignments\":[{\"role\":\"T\","
                + "\"bogus\":1}]}", UserRep.class);
        assertEquals(List.of("emial", "assignments[0].bogus"), u.unknownFields());
        assertEquals("emial", rejectedField(() -> DomainTypesResource.body(u)));
        UserRep nested = JSON.readValue("{\"assignments\":[{\"role\":\"T\",\"bogus\":1}]}", UserRep.class);
        assertEquals("assignments[0].bogus", rejectedField(() -> DomainTypesResource.body(nested)));
    }

    @Test
    void knownFieldsPass() throws Exception {
        AssignmentRep a = JSON.readValue("{\"expiresAt\":\"2099-01-01\",\"subject\":\"MATH\"}", AssignmentRep.class);
        assertSame(a, DomainTypesResource.body(a));
        assertEquals(null, JSON.readTree(JSON.writeValueAsString(a)).get("unknownFields"), "not serialized");
    }

    @Test
    void aFieldTheRouteDoesNotChangeMustRepeatTheCurrentValue() {
        IgnoredFields.requireSame("subject", null, "MATH");
        IgnoredFields.requireSame("subject", "MATH", "MATH");
        assertEquals("subject", rejectedField(() -> IgnoredFields.requireSame("subject", "ELA", "MATH")));
        assertEquals("id", rejectedField(() -> IgnoredFields.requireSame("id", "other", "path-id")));
    }
}
