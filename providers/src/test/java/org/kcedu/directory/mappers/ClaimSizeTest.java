package org.kcedu.directory.mappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kcedu.directory.TokenAssignment;

/**
 * Token size of the assignments claim (§4.5): a signed RS256 access token with the claims a Keycloak access token
 * carries anyway (iss, sub, aud, scopes, realm roles, session ids: measured ≈ 1 KiB on the demo realm) plus this
 * mapper's claim, for 1, 10, 60 and 200 assignments in each form. Printed as a table (see docs/directory.md).
 */
class ClaimSizeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ROLES = {"Teacher", "Test Administrator", "Proctor", "Counselor", "Principal",
        "District Admin", "Data Steward", "Scorer", "Reviewer", "Viewer"};

    /** n assignments over ten roles, each at its own school four levels down (state, district, school). */
    static List<TokenAssignment> assignments(int n, Map<String, List<TokenAssignment.Level>> ancestry) {
        List<TokenAssignment> out = new ArrayList<>();
        String state = UUID.randomUUID().toString();
        for (int i = 0; i < n; i++) {
            String district = UUID.randomUUID().toString();
            String school = UUID.randomUUID().toString();
            String role = ROLES[i % ROLES.length];
            out.add(new TokenAssignment(role, school, "S-" + (100000 + i), "SCHOOL", i % 3 == 0 ? "MATH" : null,
                    "Oak Elementary School " + i));
            ancestry.put(school, List.of(new TokenAssignment.Level("STATE", state, "CA", "California"),
                    new TokenAssignment.Level("DISTRICT", district, "D-" + (1000 + i / 10), "Oak District"),
                    new TokenAssignment.Level("SCHOOL", school, "S-" + (100000 + i), "Oak Elementary School " + i)));
        }
        return out;
    }

    /** The JWT's length: base64url(header) . base64url(payload) . 342-character RS256 (2048-bit) signature. */
    static int tokenBytes(Object claim) throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("exp", 1796000000L);
        payload.put("iat", 1795999700L);
        payload.put("auth_time", 1795999690L);
        payload.put("jti", "onrtac:" + UUID.randomUUID());
        payload.put("iss", "https://sso.kc-edu.example/realms/edu");
        payload.put("aud", List.of("kc-edu-api", "account"));
        payload.put("sub", UUID.randomUUID().toString());
        payload.put("typ", "Bearer");
        payload.put("azp", "portal");
        payload.put("sid", UUID.randomUUID().toString());
        payload.put("acr", "1");
        payload.put("allowed-origins", List.of("https://portal.kc-edu.example"));
        payload.put("realm_access", Map.of("roles", List.of("default-roles-edu", "offline_access", "uma_authorization")));
        payload.put("resource_access", Map.of("account", Map.of("roles", List.of("manage-account", "view-profile"))));
        payload.put("scope", "openid profile email");
        payload.put("email_verified", true);
        payload.put("name", "Ann Lee");
        payload.put("preferred_username", "ann.lee");
        payload.put("given_name", "Ann");
        payload.put("family_name", "Lee");
        payload.put("email", "ann.lee@school.example");
        if (claim != null) {
            payload.put("kcedu_roles", claim);
        }
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + "k".repeat(43) + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)).length() + 1
                + b64.encodeToString(JSON.writeValueAsBytes(payload)).length() + 1 + 342;
    }

    @Test
    void tokenSizesPerFormAndAFilteredClientStaysUnder4KiB() throws Exception {
        Map<String, ClaimOptions> forms = new LinkedHashMap<>();
        forms.put("full (default)", ClaimOptions.FULL);
        forms.put("full + name + ancestors", new ClaimOptions(false, false, Set.of(), Set.of(), true, true));
        forms.put("compact", new ClaimOptions(true, false, Set.of(), Set.of(), false, false));
        forms.put("compact + name + ancestors", new ClaimOptions(true, false, Set.of(), Set.of(), true, true));
        forms.put("compact, client's roles only", new ClaimOptions(true, true, Set.of(), Set.of(), false, false));
        forms.put("full, client's roles only", new ClaimOptions(false, true, Set.of(), Set.of(), false, false));
        Set<String> clientRoles = Set.of("Proctor"); // a test-delivery client: appRoles of one role of ten name it
        int base = tokenBytes(null);
        StringBuilder table = new StringBuilder("| form | 1 | 10 | 60 | 200 |\n|---|---|---|---|---|\n");
        table.append("| no claim | ").append(base).append(" | ").append(base).append(" | ").append(base).append(" | ")
                .append(base).append(" |\n");
        Map<String, Integer> at200 = new HashMap<>();
        for (var form : forms.entrySet()) {
            table.append("| ").append(form.getKey());
            for (int n : new int[] {1, 10, 60, 200}) {
                Map<String, List<TokenAssignment.Level>> ancestry = new HashMap<>();
                List<TokenAssignment> all = assignments(n, ancestry);
                List<TokenAssignment> selected = form.getValue().select(all, clientRoles);
                int size = tokenBytes(AssignmentClaims.structured(selected, form.getValue(), ancestry));
                table.append(" | ").append(size);
                if (n == 200) {
                    at200.put(form.getKey(), size);
                }
            }
            table.append(" |\n");
        }
        System.out.println("Access token bytes by assignments claim form and number of assignments:\n" + table);
        assertTrue(at200.get("compact, client's roles only") < 4096, table.toString());
        assertTrue(at200.get("full, client's roles only") < 8192, table.toString());
        assertTrue(at200.get("compact") * 3 < at200.get("full (default)") * 2, "compact is much smaller: " + table);
    }

    @Test
    void itemsCarryNameAndAncestorsRootFirstWithoutTheDomainItself() {
        Map<String, List<TokenAssignment.Level>> ancestry = new HashMap<>();
        List<TokenAssignment> one = assignments(1, ancestry);
        Map<String, Object> compact = AssignmentClaims.structured(one,
                new ClaimOptions(true, false, Set.of(), Set.of(), true, true), ancestry).get(0);
        assertEquals("Teacher", compact.get("r"));
        assertEquals("SCHOOL:S-100000", compact.get("d"));
        assertEquals("MATH", compact.get("s"));
        assertEquals("Oak Elementary School 0", compact.get("n"));
        assertEquals(List.of("STATE:CA", "DISTRICT:D-1000"), compact.get("a"));
        Map<String, Object> full = AssignmentClaims.structured(one, ClaimOptions.FULL, ancestry).get(0);
        assertEquals(Set.of("role", "domainId", "domainIdentifier", "domainType", "subject"), full.keySet(),
                "the default claim is unchanged");
    }

    @Test
    void roleAndDomainTypeFiltersFromTheMapperConfig() {
        ClaimOptions o = ClaimOptions.of(Map.of(ClaimOptions.ROLES, "Teacher, Proctor", ClaimOptions.DOMAIN_TYPES,
                "school", ClaimOptions.FORMAT, "compact"));
        List<TokenAssignment> all = List.of(
                new TokenAssignment("Teacher", "1", "S-1", "SCHOOL", null, "S"),
                new TokenAssignment("Teacher", "2", "D-1", "DISTRICT", null, "D"),
                new TokenAssignment("Viewer", "3", "S-2", "SCHOOL", null, "S"));
        assertTrue(o.compact());
        assertEquals(List.of(all.get(0)), o.select(all, Set.of()));
        ClaimOptions client = ClaimOptions.of(Map.of(ClaimOptions.CLIENT_ROLES_ONLY, "true"));
        assertEquals(List.of(all.get(2)), client.select(all, Set.of("Viewer")));
    }
}
