package org.kcedu.console;

import java.util.HashMap;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.kcedu.authz.Scope;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * How many domains, users and assignments a caller's {@link Scope} covers: one COUNT query each, with the same scope
 * conditions as the lists (domains under a scope root; {@link Scope#userCondition}; {@link Scope#assignmentCondition}),
 * so the home screen's numbers are what paging through the lists would show. No row is loaded.
 */
final class ScopeCounts {

    record Counts(long domains, long users, long assignments) {
    }

    private final EntityManager em;
    private final RealmModel realm;

    ScopeCounts(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
    }

    Counts of(Scope scope) {
        if (scope.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        return new Counts(domains(scope), users(scope), assignments(scope));
    }

    private long domains(Scope scope) {
        Map<String, Object> params = new HashMap<>();
        String where = "";
        if (!scope.unrestricted()) {
            where = " and exists (select 1 from EduDomainClosureEntity sc where sc.descendantId = d.id"
                    + " and sc.ancestorId in :scopeRoots)";
            params.put("scopeRoots", scope.rootDomainIds());
        }
        return count("select count(d) from EduDomainEntity d where d.realmId = :realmId" + where, params);
    }

    private long users(Scope scope) {
        Map<String, Object> params = new HashMap<>();
        String where = scope.unrestricted() ? "" : " and " + scope.userCondition("u.id", "sv", params);
        return count("select count(u) from UserEntity u where u.realmId = :realmId and u.serviceAccountClientLink is null"
                + where, params);
    }

    private long assignments(Scope scope) {
        Map<String, Object> params = new HashMap<>();
        String where = scope.unrestricted() ? "" : " and " + scope.assignmentCondition("a", "sc", "sf", params);
        return count("select count(a) from EduRoleAssignmentEntity a where a.realmId = :realmId" + where, params);
    }

    private long count(String jpql, Map<String, Object> params) {
        Query q = em.createQuery(jpql).setParameter("realmId", realm.getId());
        params.forEach(q::setParameter);
        return ((Number) q.getSingleResult()).longValue();
    }
}
