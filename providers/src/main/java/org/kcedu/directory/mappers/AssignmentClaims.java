package org.kcedu.directory.mappers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Ancestors (root first, the domain itself included) of the assignments' domains: one query. */
    static Map<String, List<TokenAssignment.Level>> ancestry(KeycloakSession session, List<TokenAssignment> assignments) {
        return new ActiveAssignments(session).ancestorsOf(assignments.stream().map(TokenAssignment::domainId).distinct().toList());
    }

    /**
     * The structured claim: [{"role","domainId","domainIdentifier","domainType","subject"?}, ...], with the domain's
     * name ({@code domainName}) and its ancestors root first ({@code ancestors}: ["TYPE:identifier", ...], the domain
     * itself left out, from {@code ancestry}) when the selection asks for them.
     */
    static List<Map<String, Object>> structured(List<TokenAssignment> assignments, ClaimSelection selection,
                                                Map<String, List<TokenAssignment.Level>> ancestry) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TokenAssignment a : assignments) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", a.role());
            m.put("domainId", a.domainId());
            m.put("domainIdentifier", a.domainIdentifier());
            m.put("domainType", a.domainType());
            if (a.subject() != null) {
                m.put("subject", a.subject());
            }
            if (selection.domainName()) {
                m.put("domainName", a.domainName());
            }
            if (selection.ancestors()) {
                m.put("ancestors", ancestry.getOrDefault(a.domainId(), List.of()).stream()
                        .filter(l -> !l.id().equals(a.domainId())).map(l -> l.type() + ":" + l.identifier()).toList());
            }
            out.add(m);
        }
        return out;
    }

    /**
     * The compact claim: role → "TYPE:identifier" → subjects (empty: not limited to a subject). The type never holds a
     * ':', so the key splits at its first one; identifiers need no escaping. About a third of the structured size,
     * because the domain's internal id and the repeated keys are left out.
     */
    static Map<String, Map<String, List<String>>> compact(List<TokenAssignment> assignments) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        Set<String> unlimited = new HashSet<>();
        for (TokenAssignment a : assignments) {
            String domain = a.domainType() + ":" + a.domainIdentifier();
            List<String> subjects = out.computeIfAbsent(a.role(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(domain, k -> new ArrayList<>());
            // a subject-less assignment covers every subject: the narrower ones beside it add nothing
            if (a.subject() == null) {
                unlimited.add(a.role() + "\n" + domain);
                subjects.clear();
            } else if (!unlimited.contains(a.role() + "\n" + domain) && !subjects.contains(a.subject())) {
                subjects.add(a.subject());
            }
        }
        return out;
    }

    /** What {@code selection} lets client {@code clientId} see of the user's active assignments. */
    static List<TokenAssignment> selected(KeycloakSession session, RealmModel realm, String userId, String clientId,
                                          ClaimSelection selection) {
        List<TokenAssignment> active = active(session, realm, userId);
        Set<String> clientRoles = selection.clientRolesOnly() && !active.isEmpty()
                ? new ActiveAssignments(session).rolesNamingClient(realm.getId(), clientId) : Set.of();
        return selection.filter(active, clientRoles);
    }

    /** SmarterApp column order of the tenancy chain, after role and level. */
    private static final String[] SBAC_LEVELS = {"CLIENT", "GROUPOFSTATES", "STATE", "GROUPOFDISTRICTS", "DISTRICT",
            "GROUPOFINSTITUTIONS", "INSTITUTION"};

    /**
     * SmarterApp-style {@code sbacTenancyChain} lines: {@code |role|LEVEL|clientId|clientName|gosId|gosName|stateId|
     * stateName|godId|godName|districtId|districtName|goiId|goiName|institutionId|institutionName|}, one per
     * assignment; the realm is the CLIENT level. Custom domain types have no SBAC column and are left out of the chain.
     */
    static List<String> sbacTenancyChain(RealmModel realm, List<TokenAssignment> assignments,
                                         Map<String, List<TokenAssignment.Level>> ancestry) {
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
