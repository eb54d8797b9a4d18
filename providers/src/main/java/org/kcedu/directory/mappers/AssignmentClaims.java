package org.kcedu.directory.mappers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kcedu.directory.ActiveAssignments;
import org.kcedu.directory.TokenAssignment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Builds the claim values both token mappers emit, from one query (plus one more for the compatibility claim). */
final class AssignmentClaims {

    private AssignmentClaims() {
    }

    static List<TokenAssignment> active(KeycloakSession session, RealmModel realm, String userId) {
        return new ActiveAssignments(session).of(userId);
    }

    /** The full structured claim: [{"role","domainId","domainIdentifier","domainType","subject"?}, ...]. */
    static List<Map<String, Object>> structured(List<TokenAssignment> assignments) {
        return structured(assignments, ClaimOptions.FULL, Map.of());
    }

    /**
     * The claim in the mapper's form: full objects, or compact ones ({@code {"r","d":"TYPE:identifier","s"?}}), with
     * the domain's name ({@code domainName} / {@code n}) and its ancestor chain ({@code ancestors} / {@code a}, root
     * first, {@code TYPE:identifier}) when asked for.
     *
     * @param ancestry domain id → its levels root first, the domain itself last (only read when ancestors are asked)
     */
    static List<Map<String, Object>> structured(List<TokenAssignment> assignments, ClaimOptions options,
                                                Map<String, List<TokenAssignment.Level>> ancestry) {
        List<Map<String, Object>> out = new ArrayList<>(assignments.size());
        for (TokenAssignment a : assignments) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (options.compact()) {
                m.put("r", a.role());
                m.put("d", a.domainType() + ":" + a.domainIdentifier());
                if (a.subject() != null) {
                    m.put("s", a.subject());
                }
            } else {
                m.put("role", a.role());
                m.put("domainId", a.domainId());
                m.put("domainIdentifier", a.domainIdentifier());
                m.put("domainType", a.domainType());
                if (a.subject() != null) {
                    m.put("subject", a.subject());
                }
            }
            if (options.domainName()) {
                m.put(options.compact() ? "n" : "domainName", a.domainName());
            }
            if (options.ancestors()) {
                List<String> chain = new ArrayList<>();
                for (TokenAssignment.Level l : ancestry.getOrDefault(a.domainId(), List.of())) {
                    if (!l.id().equals(a.domainId())) {
                        chain.add(l.type() + ":" + l.identifier());
                    }
                }
                m.put(options.compact() ? "a" : "ancestors", chain);
            }
            out.add(m);
        }
        return out;
    }

    /** Each assignment's domain with its ancestors (root first), with one query for all of them. */
    static Map<String, List<TokenAssignment.Level>> ancestry(KeycloakSession session, RealmModel realm,
                                                             List<TokenAssignment> assignments) {
        return new ActiveAssignments(session)
                .ancestorsOf(assignments.stream().map(TokenAssignment::domainId).distinct().toList());
    }

    /** Names of the realm's kc-edu roles whose application roles belong to this client ({@code client:ID:...}). */
    static java.util.Set<String> clientRoleNames(KeycloakSession session, RealmModel realm, String clientId) {
        jakarta.persistence.EntityManager em = session.getProvider(
                org.keycloak.connections.jpa.JpaConnectionProvider.class).getEntityManager();
        // compared in Java rather than with LIKE: client ids may hold '_' and '%'
        String prefix = "client:" + clientId + ":";
        java.util.Set<String> names = new java.util.HashSet<>();
        em.createQuery("select r.name, ar from EduRoleEntity r join r.appRoles ar where r.realmId = :realm",
                        Object[].class)
                .setParameter("realm", realm.getId()).getResultStream()
                .filter(r -> ((String) r[1]).startsWith(prefix)).forEach(r -> names.add((String) r[0]));
        return names;
    }

    /** SmarterApp column order of the tenancy chain, after role and level. */
    private static final String[] SBAC_LEVELS = {"CLIENT", "GROUPOFSTATES", "STATE", "GROUPOFDISTRICTS", "DISTRICT",
            "GROUPOFINSTITUTIONS", "INSTITUTION"};

    /**
     * SmarterApp-style {@code sbacTenancyChain} lines: {@code |role|LEVEL|clientId|clientName|gosId|gosName|stateId|
     * stateName|godId|godName|districtId|districtName|goiId|goiName|institutionId|institutionName|}, one per
     * assignment; the realm is the CLIENT level. Custom domain types have no SBAC column and are left out of the chain.
     */
    static List<String> sbacTenancyChain(KeycloakSession session, RealmModel realm, List<TokenAssignment> assignments) {
        Map<String, List<TokenAssignment.Level>> ancestry = ancestry(session, realm, assignments);
        List<String> lines = new ArrayList<>();
        for (TokenAssignment a : assignments) {
            String[][] cols = new String[SBAC_LEVELS.length][2];
            cols[0] = new String[]{realm.getName(), realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName()};
            for (TokenAssignment.Level l : ancestry.getOrDefault(a.domainId(), List.of())) {
                int i = sbacIndex(l.type());
                if (i >= 0) {
                    cols[i] = new String[]{l.identifier(), l.name()};
                }
            }
            int level = sbacIndex(a.domainType());
            StringBuilder sb = new StringBuilder("|").append(a.role()).append('|')
                    .append(level >= 0 ? SBAC_LEVELS[level] : a.domainType()).append('|');
            for (String[] c : cols) {
                sb.append(c[0] == null ? "" : clean(c[0])).append('|').append(c[1] == null ? "" : clean(c[1])).append('|');
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    private static int sbacIndex(String type) {
        return switch (type) {
            case "STATE" -> 2;
            case "GROUP_OF_DISTRICTS" -> 3;
            case "DISTRICT" -> 4;
            case "GROUP_OF_SCHOOLS" -> 5;
            case "SCHOOL" -> 6;
            default -> -1;
        };
    }

    private static String clean(String s) {
        return s.replace('|', '/');
    }
}
