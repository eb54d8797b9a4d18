package org.kcedu.reports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.kcedu.authz.Scope;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The report queries (requirements 8.2, 8.3). "Registered in domain D" is THE rule of the delegated-admin user list
 * narrowed to D ({@link Scope#userCondition} of the caller's scope within D, as bulk exports by domain use it):
 * the user holds, directly or through a user group, an assignment in D's subtree that the caller may see. "Active"
 * adds: logged in (to the application, or to any) since the start of the active period.
 * <p>
 * Totals, per-application counts and trends use that condition as it is. A breakdown over many child domains counts
 * them in ONE grouped query instead of one query per child: (child, user) pairs of holders of an assignment in the
 * child's subtree, filtered by the same visibility rule on the assignment ({@link Scope#assignmentCondition}). For
 * each child this is exactly the caller's scope within the child: an assignment in the child's subtree lies in a root's
 * subtree iff the root is above the child or the assignment lies in the root's (smaller) subtree.
 */
public final class ActivityReports {

    public record DomainRef(String id, String type, String identifier, String name) {
    }

    public record Row(DomainRef domain, long registered, long active) {
    }

    public record ApplicationRow(String application, long active) {
    }

    public record DayRow(int day, String application, long activeUsers) {
    }

    public record UserLogins(String application, long firstAt, long lastAt, long logins) {
    }

    /** Which domains a breakdown lists: descendants at {@code depth} (1 = children), or of type {@code typeId}. */
    public record Breakdown(int depth, String typeId) {
        public static final Breakdown CHILDREN = new Breakdown(1, null);
    }

    private final EntityManager em;
    private final RealmModel realm;

    public ActivityReports(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
    }

    public DomainRef domain(String id) {
        List<Object[]> r = em.createQuery("select d.id, t.code, d.identifier, d.name from EduDomainEntity d,"
                        + " EduDomainTypeEntity t where t.id = d.typeId and d.id = :id", Object[].class)
                .setParameter("id", id).getResultList();
        return r.isEmpty() ? null : ref(r.get(0));
    }

    /** Registered and active users of the subtree under {@code within}'s domain, as the caller sees it. */
    public Row total(DomainRef domain, Scope within, String application, long since) {
        Map<String, Object> params = new HashMap<>();
        String visible = within.userCondition("u.id", "rv", params);
        TypedQuery<Object[]> q = em.createQuery("select count(u.id), count(l.userId) from UserEntity u"
                + " left join EduLoginUserEntity l on l.userId = u.id and l.clientId = :app and l.lastAt >= :since"
                + " where u.realmId = :realm and u.serviceAccountClientLink is null and " + visible, Object[].class)
                .setParameter("app", app(application)).setParameter("since", since).setParameter("realm", realm.getId());
        params.forEach(q::setParameter);
        Object[] r = q.getSingleResult();
        return new Row(domain, ((Number) r[0]).longValue(), ((Number) r[1]).longValue());
    }

    /**
     * One row per breakdown domain below {@code domainId} (zero rows included), in name order. {@code within} is the
     * caller's scope within {@code domainId}; {@code whole} says that it shows the whole subtree (no limits to apply).
     */
    public Stream<Row> breakdown(String domainId, Breakdown spec, Scope within, boolean whole, String application,
                                 long since) {
        Map<String, Object> params = new HashMap<>();
        params.put("d", domainId);
        String groups = groups(spec, "x", params);
        String directLimit = whole ? "" : " and " + within.assignmentCondition("a", "bc", "bv", params);
        String groupLimit = whole ? "" : " and " + within.assignmentCondition("ga", "bgc", "bv", params);
        // UNION ALL then GROUP BY: one hash aggregation of the (child, user) pairs instead of the UNION's sort
        String pairs = "select c.ancestorId as grp, a.userId as uid from EduDomainClosureEntity c, EduRoleAssignmentEntity a"
                + " where a.domainId = c.descendantId and a.userId is not null and c.ancestorId in (" + groups + ")"
                + directLimit
                + " union all select gc.ancestorId as grp, m.userId as uid from EduDomainClosureEntity gc,"
                + " EduRoleAssignmentEntity ga, EduGroupMemberEntity m where ga.domainId = gc.descendantId"
                + " and m.groupId = ga.groupId and gc.ancestorId in (" + groups(spec, "gx", params) + ")" + groupLimit;
        TypedQuery<Object[]> q = em.createQuery("select h.grp, count(h.uid), count(l.userId) from (select p.grp as grp,"
                + " p.uid as uid from (" + pairs + ") p group by p.grp, p.uid) h"
                + " left join EduLoginUserEntity l on l.userId = h.uid and l.clientId = :app and l.lastAt >= :since"
                + " where not exists (select 1 from UserEntity su where su.id = h.uid and su.realmId = :realm"
                + " and su.serviceAccountClientLink is not null) group by h.grp", Object[].class);
        params.put("app", app(application));
        params.put("since", since);
        params.put("realm", realm.getId());
        params.forEach(q::setParameter);
        Map<String, long[]> counts = new HashMap<>();
        for (Object[] r : q.getResultList()) {
            counts.put((String) r[0], new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue()});
        }
        Map<String, Object> listParams = new HashMap<>();
        listParams.put("d", domainId);
        TypedQuery<Object[]> list = em.createQuery("select xd.id, t.code, xd.identifier, xd.name from EduDomainEntity xd,"
                + " EduDomainTypeEntity t where t.id = xd.typeId and xd.id in (" + groups(spec, "y", listParams) + ")"
                + " order by xd.name, xd.identifier", Object[].class);
        listParams.forEach(list::setParameter);
        return list.getResultStream().map(r -> {
            long[] c = counts.getOrDefault((String) r[0], new long[2]);
            return new Row(ref(r), c[0], c[1]);
        });
    }

    /** Whether the snapshot keeps every breakdown domain below {@code domainId} (and that domain itself). */
    public boolean snapshotCovers(String domainId, Breakdown spec) {
        Map<String, Object> params = new HashMap<>();
        params.put("d", domainId);
        params.put("all", LoginBatch.ALL_APPLICATIONS);
        TypedQuery<Long> q = em.createQuery("select count(g.id) from EduDomainEntity g where (g.id = :d or g.id in ("
                + groups(spec, "x", params) + ")) and not exists (select 1 from EduReportCountEntity rc"
                + " where rc.domainId = g.id and rc.clientId = :all)", Long.class);
        params.forEach(q::setParameter);
        return q.getSingleResult() == 0;
    }

    /** {@link #breakdown} read from the snapshot (for a caller who sees the whole subtree; see {@link #snapshotCovers}). */
    public Stream<Row> snapshotBreakdown(String domainId, Breakdown spec, String application) {
        Map<String, Object> params = new HashMap<>();
        params.put("d", domainId);
        params.put("all", LoginBatch.ALL_APPLICATIONS);
        params.put("app", app(application));
        TypedQuery<Object[]> list = em.createQuery("select xd.id, t.code, xd.identifier, xd.name, rc.registered, ra.active"
                + " from EduDomainEntity xd join EduDomainTypeEntity t on t.id = xd.typeId"
                + " join EduReportCountEntity rc on rc.domainId = xd.id and rc.clientId = :all"
                + " left join EduReportCountEntity ra on ra.domainId = xd.id and ra.clientId = :app"
                + " where xd.id in (" + groups(spec, "y", params) + ") order by xd.name, xd.identifier", Object[].class);
        params.forEach(list::setParameter);
        return list.getResultStream().map(r -> new Row(ref(r), ((Number) r[4]).longValue(),
                r[5] == null ? 0 : ((Number) r[5]).longValue()));
    }

    /** {@link #total} read from the snapshot. */
    public Row snapshotTotal(DomainRef domain, String application) {
        List<Object[]> r = em.createQuery("select rc.registered, ra.active from EduReportCountEntity rc"
                        + " left join EduReportCountEntity ra on ra.domainId = rc.domainId and ra.clientId = :app"
                        + " where rc.domainId = :d and rc.clientId = :all", Object[].class)
                .setParameter("d", domain.id()).setParameter("all", LoginBatch.ALL_APPLICATIONS)
                .setParameter("app", app(application)).getResultList();
        if (r.isEmpty()) {
            return new Row(domain, 0, 0);
        }
        return new Row(domain, ((Number) r.get(0)[0]).longValue(),
                r.get(0)[1] == null ? 0 : ((Number) r.get(0)[1]).longValue());
    }

    /** The breakdown's domain ids below {@code :d}, as a subquery with aliases starting with {@code x}. */
    private static String groups(Breakdown spec, String x, Map<String, Object> params) {
        if (spec.typeId() != null) {
            params.put("btype", spec.typeId());
            return "select " + x + ".descendantId from EduDomainClosureEntity " + x + ", EduDomainEntity " + x + "d"
                    + " where " + x + ".ancestorId = :d and " + x + ".depth >= 1 and " + x + "d.id = " + x
                    + ".descendantId and " + x + "d.typeId = :btype";
        }
        params.put("bdepth", spec.depth());
        return "select " + x + ".descendantId from EduDomainClosureEntity " + x + " where " + x + ".ancestorId = :d and "
                + x + ".depth = :bdepth";
    }

    /** Active users of the subtree per application (the pseudo-application for "any" left out), most active first. */
    public List<ApplicationRow> perApplication(Scope within, long since) {
        Map<String, Object> params = new HashMap<>();
        String visible = within.userCondition("l.userId", "pv", params);
        TypedQuery<Object[]> q = em.createQuery("select l.clientId, count(l.userId) from EduLoginUserEntity l"
                + " where l.realmId = :realm and l.clientId <> :all and l.lastAt >= :since and " + visible
                + " group by l.clientId order by count(l.userId) desc, l.clientId", Object[].class)
                .setParameter("realm", realm.getId()).setParameter("all", LoginBatch.ALL_APPLICATIONS)
                .setParameter("since", since);
        params.forEach(q::setParameter);
        return q.getResultList().stream()
                .map(r -> new ApplicationRow((String) r[0], ((Number) r[1]).longValue())).toList();
    }

    /**
     * Daily active users of the subtree from day {@code from} to {@code to} (UTC days since 1970-01-01), per
     * application, or for one application; application {@value LoginBatch#ALL_APPLICATIONS} rows count a user once
     * per day whatever the application. Days without logins are absent.
     */
    public List<DayRow> daily(Scope within, String application, int from, int to) {
        Map<String, Object> params = new HashMap<>();
        String visible = within.userCondition("d.userId", "dv", params);
        Query q = em.createQuery("select d.day, d.clientId, count(d.userId) from EduLoginDayEntity d"
                + " where d.realmId = :realm and d.day >= :from and d.day <= :to"
                + (application == null ? "" : " and d.clientId = :app") + " and " + visible
                + " group by d.day, d.clientId order by d.day, d.clientId")
                .setParameter("realm", realm.getId()).setParameter("from", from).setParameter("to", to);
        if (application != null) {
            q.setParameter("app", application);
        }
        params.forEach(q::setParameter);
        List<DayRow> rows = new ArrayList<>();
        for (Object o : q.getResultList()) {
            Object[] r = (Object[]) o;
            rows.add(new DayRow(((Number) r[0]).intValue(), (String) r[1], ((Number) r[2]).longValue()));
        }
        return rows;
    }

    /** A user's first and last login and login count per application (8.1), most recent first. */
    public List<UserLogins> userLogins(String userId) {
        return em.createQuery("select l from org.kcedu.reports.jpa.EduLoginUserEntity l where l.userId = :u"
                        + " and l.realmId = :realm and l.clientId <> :all order by l.lastAt desc",
                        org.kcedu.reports.jpa.EduLoginUserEntity.class)
                .setParameter("u", userId).setParameter("realm", realm.getId())
                .setParameter("all", LoginBatch.ALL_APPLICATIONS).getResultStream()
                .map(l -> new UserLogins(l.getClientId(), l.getFirstAt(), l.getLastAt(), l.getLogins())).toList();
    }

    /** The realm's applications that have login records (for the application filter's choices). */
    public List<String> applications() {
        return em.createQuery("select distinct l.clientId from EduLoginUserEntity l where l.realmId = :realm"
                        + " and l.clientId <> :all order by l.clientId", String.class)
                .setParameter("realm", realm.getId()).setParameter("all", LoginBatch.ALL_APPLICATIONS).getResultList();
    }

    private static String app(String application) {
        return application == null ? LoginBatch.ALL_APPLICATIONS : application;
    }

    private static DomainRef ref(Object[] r) {
        return new DomainRef((String) r[0], (String) r[1], (String) r[2], (String) r[3]);
    }

    static Map<String, Object> ordered() {
        return new LinkedHashMap<>();
    }
}
