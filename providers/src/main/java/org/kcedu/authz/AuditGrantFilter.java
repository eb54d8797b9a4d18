package org.kcedu.authz;

import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import org.kcedu.core.Caller;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The audit trail's records about a user the reader can see include that user's grants, revocations and period
 * changes ANYWHERE; a delegated reader may read only those whose assignment lies in their scope (domain, role and
 * subject), by the same rule as {@code GET users/{id}/assignments}. The assignment is judged as it is now when it
 * still exists, else by the role, domain and subject the record names; a record that says too little is hidden.
 * The reader's own actions stay readable (they know them).
 */
public final class AuditGrantFilter {

    private static final Set<String> ASSIGNMENT_ACTIONS = Set.of("ROLE_GRANT", "ROLE_REVOKE", "ROLE_ASSIGNMENT_UPDATE");

    private final Caller reader;
    private final Scope scope;
    private final ScopeQueries queries;
    private final EntityManager em;
    private final String realmId;

    public AuditGrantFilter(KeycloakSession session, Caller reader, Scope scope) {
        this.reader = reader;
        this.scope = scope;
        this.queries = new ScopeQueries(session);
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realmId = reader.realm().getId();
    }

    public boolean shows(JsonNode record) {
        if (scope.unrestricted() || !"user".equals(record.path("targetType").asText())
                || !ASSIGNMENT_ACTIONS.contains(record.path("action").asText())
                || reader.userId().equals(record.path("actorUserId").asText())) {
            return true;
        }
        JsonNode changes = record.path("changes");
        String assignmentId = value(changes, "assignmentId");
        if (assignmentId != null && queries.holder(assignmentId) != null) {
            return queries.assignmentInScope(assignmentId, scope);
        }
        return namedAssignmentInScope(value(changes, "role"), value(changes, "domain"), value(changes, "subject"));
    }

    /** Role by name, domain as TYPE:IDENTIFIER, subject by code, as grant and revoke records name them. */
    private boolean namedAssignmentInScope(String role, String domain, String subject) {
        if (role == null || domain == null || domain.indexOf(':') <= 0) {
            return false;
        }
        String roleId = first(em.createQuery("select r.id from EduRoleEntity r where r.realmId = :realm and r.name = :n",
                String.class).setParameter("realm", realmId).setParameter("n", role).getResultList());
        String domainId = first(em.createQuery("select d.id from EduDomainEntity d, EduDomainTypeEntity t where"
                        + " d.realmId = :realm and t.id = d.typeId and t.code = :type and d.identifier = :identifier",
                        String.class).setParameter("realm", realmId)
                .setParameter("type", domain.substring(0, domain.indexOf(':')))
                .setParameter("identifier", domain.substring(domain.indexOf(':') + 1)).getResultList());
        String subjectId = subject == null ? null : first(em.createQuery("select s.id from EduSubjectEntity s where"
                        + " s.realmId = :realm and s.code = :c", String.class)
                .setParameter("realm", realmId).setParameter("c", subject).getResultList());
        if (roleId == null || domainId == null || (subject != null && subjectId == null)) {
            return false;
        }
        return scope.roots().stream().anyMatch(r -> queries.within(domainId, r.domainId(), 0)
                && (r.subjectId() == null || r.subjectId().equals(subjectId))
                && (r.roleIds().isEmpty() || r.roleIds().contains(roleId)));
    }

    private static String value(JsonNode changes, String field) {
        JsonNode c = changes.path(field);
        String after = c.path("after").isTextual() ? c.path("after").asText() : null;
        return after != null ? after : c.path("before").isTextual() ? c.path("before").asText() : null;
    }

    private static String first(List<String> l) {
        return l.isEmpty() ? null : l.get(0);
    }
}
