package org.kcedu.auditlog;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kcedu.core.ApiError;
import org.kcedu.core.BearerAuth;
import org.kcedu.core.Caller;
import org.kcedu.core.EntryPoint;
import org.kcedu.audit.outbox.EduAuditOutboxEntity;
import org.kcedu.authz.AuditGrantFilter;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.Scope;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * {@code GET /realms/{realm}/kc-edu/audit}: the realm's audit trail from the outbox table, newest first, limited to
 * what the caller may see (see {@link #scopeFor}).
 * Filters: target (target id), actor (user id or username), action, from/to (ISO-8601 instant or epoch ms),
 * paging with first/max like Keycloak's admin API.
 */
public class AuditResource {

    static final int DEFAULT_MAX = 100;
    static final int MAX_MAX = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;

    public AuditResource(KeycloakSession session) {
        this.session = session;
    }

    /** What part of the trail a caller may read: a JPQL condition on alias {@code o}, or null for the whole realm. */
    record ReadScope(String condition, Map<String, Object> parameters) {
    }

    static final ReadScope WHOLE_REALM = new ReadScope(null, Map.of());

    /**
     * Realm admins and viewers read the whole realm. A delegated admin (§5) reads what they did themselves and the
     * records about what they can see now: users who hold an assignment in their scope (by the same rule as user
     * lists, so the trail and the directory never disagree), domains in their subtrees and user groups owned there.
     * Everyone else is refused (and the refusal is audited) by the same decision as directory reads.
     */
    ReadScope scopeFor(Caller caller) {
        Authorization authz = new Authorization(session, caller);
        authz.require(p -> p.canReadDirectory(caller), "AUDIT_READ", "audit-trail", caller.realm().getName());
        Scope scope = authz.scope();
        if (scope.unrestricted()) {
            return WHOLE_REALM;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("me", caller.userId());
        params.put("roots", scope.rootDomainIds());
        String users = scope.userCondition("o.targetId", "au", params);
        return new ReadScope("o.actorUserId = :me"
                + " or (o.targetType = 'user' and " + users + ")"
                + " or (o.targetType = 'domain' and o.targetId in (select rc.descendantId from EduDomainClosureEntity rc"
                + " where rc.ancestorId in :roots))"
                + " or (o.targetType = 'group' and o.targetId in (select rg.id from EduGroupEntity rg,"
                + " EduDomainClosureEntity gc where gc.descendantId = rg.domainId and gc.ancestorId in :roots))", params);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<JsonNode> search(@QueryParam("target") String target, @QueryParam("actor") String actor,
                                 @QueryParam("action") String action, @QueryParam("entryPoint") String entryPoint,
                                 @QueryParam("from") String from,
                                 @QueryParam("to") String to, @QueryParam("first") Integer first,
                                 @QueryParam("max") Integer max) {
        Caller caller = BearerAuth.authenticate(session);
        ReadScope scope = scopeFor(caller);
        int firstResult = first == null ? 0 : first;
        int maxResults = max == null ? DEFAULT_MAX : max;
        if (firstResult < 0) {
            throw ApiError.badRequest("first", "first must be 0 or more");
        }
        if (maxResults < 1 || maxResults > MAX_MAX) {
            throw ApiError.badRequest("max", "max must be between 1 and " + MAX_MAX);
        }
        Long fromMillis = instant("from", from);
        Long toMillis = instant("to", to);

        StringBuilder jpql = new StringBuilder("select o from EduAuditOutboxEntity o where o.realmId = :realmId");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("realmId", caller.realm().getId());
        if (blank(target) == null && target != null) {
            throw ApiError.badRequest("target", "target must not be empty");
        }
        if (target != null) {
            jpql.append(" and o.targetId = :target");
            params.put("target", target);
        }
        if (actor != null) {
            jpql.append(" and (o.actorUserId = :actor or o.actorUsername = :actor)");
            params.put("actor", actor);
        }
        if (action != null) {
            jpql.append(" and o.action = :action");
            params.put("action", action.trim().toUpperCase(java.util.Locale.ROOT));
        }
        if (entryPoint != null) {
            jpql.append(" and o.entryPoint = :entryPoint");
            params.put("entryPoint", entryPoint(entryPoint).name());
        }
        if (fromMillis != null) {
            jpql.append(" and o.createdAt >= :from");
            params.put("from", fromMillis);
        }
        if (toMillis != null) {
            jpql.append(" and o.createdAt < :to");
            params.put("to", toMillis);
        }
        if (scope.condition() != null) {
            jpql.append(" and (").append(scope.condition()).append(')');
            params.putAll(scope.parameters());
        }
        jpql.append(" order by o.sequence desc");
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        TypedQuery<EduAuditOutboxEntity> q = em.createQuery(jpql.toString(), EduAuditOutboxEntity.class);
        params.forEach(q::setParameter);
        AuditGrantFilter grants = new AuditGrantFilter(session, caller, new Authorization(session, caller).scope());
        // the grant filter runs on the records, so page through them until first + max visible ones were seen
        List<JsonNode> out = new ArrayList<>();
        int skipped = 0;
        int offset = 0;
        int chunk = Math.max(maxResults, 200);
        while (out.size() < maxResults) {
            List<EduAuditOutboxEntity> page = q.setFirstResult(offset).setMaxResults(chunk).getResultList();
            for (EduAuditOutboxEntity o : page) {
                ObjectNode n = read(o);
                if (!grants.shows(n)) {
                    continue;
                }
                if (skipped < firstResult) {
                    skipped++;
                } else if (out.size() < maxResults) {
                    out.add(n);
                }
            }
            if (page.size() < chunk) {
                break;
            }
            offset += chunk;
        }
        return out;
    }

    private static ObjectNode read(EduAuditOutboxEntity o) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(o.getPayload());
            n.put("sequence", o.getSequence());
            n.put("delivered", o.isDelivered());
            return n;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable audit payload at sequence " + o.getSequence(), e);
        }
    }

    private static String blank(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    static EntryPoint entryPoint(String value) {
        try {
            return EntryPoint.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("entryPoint", "entryPoint must be one of " + java.util.Arrays.toString(EntryPoint.values()));
        }
    }

    static Long instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
                return Long.parseLong(value);
            }
            return Instant.parse(value).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiError.badRequest(field, field + " must be an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch milliseconds");
        }
    }
}
