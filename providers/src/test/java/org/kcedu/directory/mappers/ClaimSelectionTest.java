package org.kcedu.directory.mappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kcedu.directory.TokenAssignment;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;

class ClaimSelectionTest {

    private static final List<TokenAssignment> ACTIVE = List.of(
            new TokenAssignment("Teacher", "d1", "S1", "SCHOOL", null, "School One"),
            new TokenAssignment("Teacher", "d2", "S2", "SCHOOL", "MATH", "School Two"),
            new TokenAssignment("Teacher", "d2", "S2", "SCHOOL", "ELA", "School Two"),
            new TokenAssignment("Teacher", "d3", "S:3", "SCHOOL", "MATH", "School Three"),
            new TokenAssignment("Teacher", "d3", "S:3", "SCHOOL", null, "School Three"),
            new TokenAssignment("District Admin", "d9", "D1", "DISTRICT", null, "District One"));

    @Test
    void defaultsKeepEverythingStructured() {
        ClaimSelection s = ClaimSelection.of(Map.of());
        assertEquals(ClaimSelection.Format.STRUCTURED, s.format());
        assertEquals(ACTIVE, s.filter(ACTIVE, Set.of()));
    }

    @Test
    void filtersCombine() {
        ClaimSelection byType = ClaimSelection.of(Map.of(ClaimSelection.DOMAIN_TYPES, " district "));
        assertEquals(List.of(ACTIVE.get(5)), byType.filter(ACTIVE, Set.of()));
        ClaimSelection byRole = ClaimSelection.of(Map.of(ClaimSelection.ROLES, "Teacher, Nobody"));
        assertEquals(5, byRole.filter(ACTIVE, Set.of()).size());
        ClaimSelection forClient = ClaimSelection.of(Map.of(ClaimSelection.CLIENT_ROLES_ONLY, "true",
                ClaimSelection.ROLES, "Teacher"));
        assertEquals(List.of(), forClient.filter(ACTIVE, Set.of("District Admin")), "both filters apply");
        assertEquals(5, forClient.filter(ACTIVE, Set.of("Teacher", "District Admin")).size());
    }

    @Test
    void compactGroupsByRoleAndDomainAndASubjectlessAssignmentCoversEverySubject() {
        Map<String, Map<String, List<String>>> c = AssignmentClaims.compact(ACTIVE);
        assertEquals(Map.of("SCHOOL:S1", List.of(), "SCHOOL:S2", List.of("MATH", "ELA"), "SCHOOL:S:3", List.of()),
                c.get("Teacher"));
        assertEquals(Map.of("DISTRICT:D1", List.of()), c.get("District Admin"));
    }

    @Test
    void structuredAddsNamesOnlyWhenAsked() {
        List<Map<String, Object>> plain = AssignmentClaims.structured(ACTIVE, ClaimSelection.EVERYTHING, Map.of());
        assertTrue(plain.stream().noneMatch(m -> m.containsKey("domainName")));
        List<Map<String, Object>> named = AssignmentClaims.structured(ACTIVE,
                ClaimSelection.of(Map.of(ClaimSelection.DOMAIN_NAME, "true")), Map.of());
        assertEquals("School One", named.get(0).get("domainName"));
    }

    @Test
    void configurationsTheMapperWouldIgnoreAreRefused() {
        assertThrows(ProtocolMapperConfigException.class, () -> ClaimSelectionConfig.validate(model(Map.of(
                ClaimSelection.FORMAT, "tiny")), true));
        ProtocolMapperConfigException both = assertThrows(ProtocolMapperConfigException.class, () ->
                ClaimSelectionConfig.validate(model(Map.of(ClaimSelection.FORMAT, "compact", ClaimSelection.ANCESTORS, "true")), true));
        assertTrue(both.getMessage().contains(ClaimSelection.ANCESTORS), both.getMessage());
        assertThrows(ProtocolMapperConfigException.class, () -> ClaimSelectionConfig.validate(model(Map.of(
                ClaimSelection.FORMAT, "compact")), false), "the SAML mapper has no format option");
    }

    private static ProtocolMapperModel model(Map<String, String> config) {
        ProtocolMapperModel m = new ProtocolMapperModel();
        m.setConfig(new java.util.HashMap<>(config));
        return m;
    }
}
