package org.kcedu.reports;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.kcedu.reports.jpa.EduReportCountEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The report snapshot: for every domain that has child domains, its registered users and its active users per
 * client (and for {@value LoginBatch#ALL_APPLICATIONS}), counted at one instant {@code asOf} with the realm's active
 * period. A state's report over millions of users reads a few hundred rows here instead of joining every user of the
 * subtree with their login records. The counts are the live rule of {@link ActivityReports} for a caller who sees the
 * whole subtree, evaluated at {@code asOf}: the (domain, user) pairs of holders of an assignment in the domain's
 * subtree, directly or through a user group, service accounts left out; "active" = a login record of the client
 * whose last login is at or after {@code asOf} minus the active period. Leaf domains are not kept: their live query
 * is already fast (one school's users).
 */
public final class ReportSnapshot {

    /** When the snapshot of a realm was taken and with which active period; null when there is none. */
    public record Stamp(long asOf, long activeSince, int activeDays) {
    }

    /** FROM and WHERE of the realm's (:realm) domains that have child domains (nl.ancestorId): the ones kept. */
    private static final String DOMAINS_WITH_CHILDREN = " from EduDomainClosureEntity nl, EduDomainEntity nd"
            + " where nd.id = nl.ancestorId and nd.realmId = :realm and nl.depth = 1";

    private final EntityManager em;

    public ReportSnapshot(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public Stamp stamp(String realmId) {
        List<Object[]> r = em.createQuery("select max(c.asOf), max(c.activeSince), max(c.activeDays)"
                + " from EduReportCountEntity c where c.realmId = :realm", Object[].class)
                .setParameter("realm", realmId).getResultList();
        if (r.isEmpty() || r.get(0)[0] == null) {
            return null;
        }
        return new Stamp(((Number) r.get(0)[0]).longValue(), ((Number) r.get(0)[1]).longValue(),
                ((Number) r.get(0)[2]).intValue());
    }

    /**
     * Replaces the realm's snapshot with counts taken now, in the caller's transaction (readers see the old rows or
     * the new ones, never a mix). Returns the number of domains counted.
     */
    public int refresh(String realmId, int activeDays, long now) {
        long since = now - activeDays * 86_400_000L;
        Map<String, Object> params = new HashMap<>();
        params.put("realm", realmId);
        params.put("since", since);
        // (domain, user) pairs, deduplicated before the join with the login rows; the domains are the realm's
        // domains with children (a closure row of depth 1 below them)
        String inner = " c.ancestorId in (select nl.ancestorId" + DOMAINS_WITH_CHILDREN + ")";
        String pairs = "select c.ancestorId as grp, a.userId as uid from EduDomainClosureEntity c, EduRoleAssignmentEntity a"
                + " where a.domainId = c.descendantId and a.userId is not null and a.realmId = :realm and" + inner
                + " union all select c.ancestorId as grp, m.userId as uid from EduDomainClosureEntity c,"
                + " EduRoleAssignmentEntity ga, EduGroupMemberEntity m where ga.domainId = c.descendantId"
                + " and m.groupId = ga.groupId and ga.realmId = :realm and" + inner;
        var q = em.createQuery("select h.grp, l.clientId, count(h.uid) from (select p.grp as grp, p.uid as uid from ("
                + pairs + ") p group by p.grp, p.uid) h"
                + " left join EduLoginUserEntity l on l.userId = h.uid and l.lastAt >= :since"
                + " where not exists (select 1 from UserEntity su where su.id = h.uid"
                + " and su.serviceAccountClientLink is not null) group by h.grp, l.clientId", Object[].class);
        params.forEach(q::setParameter);
        // per domain: users without a recent login (client null) plus users with one (the "*" row) = registered
        Map<String, Map<String, Long>> active = new HashMap<>();
        Map<String, Long> registered = new HashMap<>();
        for (Object[] r : q.getResultList()) {
            String domain = (String) r[0];
            String client = (String) r[1];
            long n = ((Number) r[2]).longValue();
            if (client == null || client.equals(LoginBatch.ALL_APPLICATIONS)) {
                registered.merge(domain, n, Long::sum);
            }
            if (client != null) {
                active.computeIfAbsent(domain, k -> new HashMap<>()).put(client, n);
            }
        }
        // domains with children but without users get zero rows too: the snapshot then covers them
        List<String> all = em.createQuery("select distinct nl.ancestorId" + DOMAINS_WITH_CHILDREN, String.class)
                .setParameter("realm", realmId).getResultList();
        em.createQuery("delete from EduReportCountEntity c where c.realmId = :realm").setParameter("realm", realmId)
                .executeUpdate();
        for (String domain : all) {
            long reg = registered.getOrDefault(domain, 0L);
            Map<String, Long> perClient = active.getOrDefault(domain, Map.of());
            em.persist(new EduReportCountEntity(realmId, domain, LoginBatch.ALL_APPLICATIONS, reg,
                    perClient.getOrDefault(LoginBatch.ALL_APPLICATIONS, 0L), now, since, activeDays));
            perClient.forEach((client, n) -> {
                if (!client.equals(LoginBatch.ALL_APPLICATIONS)) {
                    em.persist(new EduReportCountEntity(realmId, domain, client, reg, n, now, since, activeDays));
                }
            });
        }
        em.flush();
        em.clear();
        return all.size();
    }

    /** Active users per client (not "*") of one kept domain, most active first. */
    public List<ActivityReports.ApplicationRow> perApplication(String realmId, String domainId) {
        return em.createQuery("select c from EduReportCountEntity c where c.realmId = :realm and c.domainId = :d"
                        + " and c.clientId <> :all and c.active > 0 order by c.active desc, c.clientId",
                        EduReportCountEntity.class).setParameter("realm", realmId).setParameter("d", domainId)
                .setParameter("all", LoginBatch.ALL_APPLICATIONS).getResultStream()
                .map(c -> new ActivityReports.ApplicationRow(c.getClientId(), c.getActive())).toList();
    }
}
