package org.kcedu.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * What tokens carry: a user's ACTIVE assignments (held directly or through a group, started, not expired, at an
 * active domain none of whose ancestors is inactive), read with one indexed query per claim at every token issue. Read-only.
 */
public final class ActiveAssignments {

    /**
     * The assignments (alias {@code a}, domain alias {@code d}) that are ACTIVE for user {@code :u} at {@code :now}.
     * The direct and group branches are a UNION ALL under IN because an OR of the two makes PostgreSQL scan every
     * assignment.
     */
    private static final String ACTIVE_FOR_USER = "a.id in (select x.id from EduRoleAssignmentEntity x where x.userId = :u"
            + " union all select y.id from EduRoleAssignmentEntity y, EduGroupMemberEntity m where m.userId = :u"
            + " and y.groupId = m.groupId) and d.active = true and " + Assignments.NO_INACTIVE_ANCESTOR
            + " and (a.startsAt is null or a.startsAt <= :now)"
            + " and (a.expiresAt is null or a.expiresAt > :now)";

    private final EntityManager em;

    public ActiveAssignments(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** One row per ACTIVE assignment of the user (assignment by USER_ID, membership by USER_ID: indexed). */
    public List<TokenAssignment> of(String userId) {
        long now = System.currentTimeMillis();
        List<Object[]> rows = em.createQuery("select r.name, d.id, d.identifier, t.code, s.code, d.name, t.id"
                        + " from EduRoleAssignmentEntity a join EduRoleEntity r on r.id = a.roleId"
                        + " join EduDomainEntity d on d.id = a.domainId join EduDomainTypeEntity t on t.id = d.typeId"
                        + " left join EduSubjectEntity s on s.id = a.subjectId"
                        + " where " + ACTIVE_FOR_USER + " order by r.name, d.identifier", Object[].class)
                .setParameter("u", userId).setParameter("now", now).getResultList();
        return rows.stream().map(r -> new TokenAssignment((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (String) r[5])).distinct().toList();
    }

    /** The {@link AppRole}s of the user's ACTIVE assignments, by the same rule as {@link #of}: one indexed query. */
    public List<AppRole> appRoles(String userId) {
        long now = System.currentTimeMillis();
        return em.createQuery("select distinct ar from EduRoleAssignmentEntity a join EduRoleEntity r on r.id = a.roleId"
                        + " join r.appRoles ar join EduDomainEntity d on d.id = a.domainId"
                        + " where " + ACTIVE_FOR_USER, String.class)
                .setParameter("u", userId).setParameter("now", now).getResultStream()
                .map(AppRole::parse).flatMap(Optional::stream).toList();
    }

    /** Names of the realm's kc-edu roles whose app roles include a role of client {@code clientId}. */
    public java.util.Set<String> rolesNamingClient(String realmId, String clientId) {
        return new java.util.HashSet<>(em.createQuery("select distinct r.name from EduRoleEntity r join r.appRoles ar"
                        + " where r.realmId = :realm and ar like :prefix escape '!'", String.class)
                .setParameter("realm", realmId)
                .setParameter("prefix", AppRole.clientPrefix(clientId).replaceAll("([!%_])", "!$1") + "%")
                .getResultList());
    }

    /** Ancestors (ordered root first) of many domains at once, for the sbacTenancyChain compatibility claim. */
    public Map<String, List<TokenAssignment.Level>> ancestorsOf(Collection<String> domainIds) {
        Map<String, List<TokenAssignment.Level>> out = new HashMap<>();
        if (domainIds.isEmpty()) {
            return out;
        }
        em.createQuery("select c.descendantId, d.id, d.identifier, d.name, t.code from EduDomainClosureEntity c"
                        + " join EduDomainEntity d on d.id = c.ancestorId join EduDomainTypeEntity t on t.id = d.typeId"
                        + " where c.descendantId in :ids order by c.descendantId, c.depth desc", Object[].class)
                .setParameter("ids", domainIds).getResultStream()
                .forEach(r -> out.computeIfAbsent((String) r[0], k -> new ArrayList<>())
                        .add(new TokenAssignment.Level((String) r[4], (String) r[1], (String) r[2], (String) r[3])));
        return out;
    }
}
