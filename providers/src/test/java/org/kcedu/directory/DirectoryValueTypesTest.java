package org.kcedu.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;

/** The two text formats the directory reads in several places: {@code TYPE:identifier} and application roles. */
class DirectoryValueTypesTest {

    @Test
    void domainKeyParsesTypeUpperCasedAndTrimmed() {
        DomainKey key = DomainKey.parse(" district : D001 ", "domain");
        assertEquals(new DomainKey("DISTRICT", "D001"), key);
        assertEquals("DISTRICT:D001", key.toString());
        assertEquals("SCHOOL:a:b", DomainKey.parse("school:a:b", "domain").toString(), "only the first colon splits");
    }

    @Test
    void domainKeyWithoutTypeOrIdentifierIsA400NamingTheField() {
        for (String bad : new String[]{"D001", ":D001", "DISTRICT:"}) {
            WebApplicationException e = assertThrows(WebApplicationException.class, () -> DomainKey.parse(bad, "domain"), bad);
            assertEquals(400, e.getResponse().getStatus(), bad);
        }
    }

    @Test
    void appRoleParsesRealmAndClientRoles() {
        assertEquals(Optional.of(new AppRole(null, "proctor")), AppRole.parse("realm:proctor"));
        assertEquals(Optional.of(new AppRole("reporting", "viewer")), AppRole.parse("client:reporting:viewer"));
        assertTrue(AppRole.parse("realm:proctor").orElseThrow().isRealmRole());
        assertEquals("client:reporting:viewer", AppRole.parse("client:reporting:viewer").orElseThrow().toString());
    }

    @Test
    void appRoleRejectsEverythingElse() {
        for (String bad : new String[]{"oops", "realm:", "realm:a:b", "client:c", "client:c:", "client:c:x:y", "group:x", ""}) {
            assertFalse(AppRole.isValid(bad), bad);
            WebApplicationException e = assertThrows(WebApplicationException.class, () -> AppRole.require(bad, "appRoles"), bad);
            assertEquals(400, e.getResponse().getStatus(), bad);
        }
        assertFalse(AppRole.isValid(null));
    }
}
