package org.kcedu.directory;

import static org.kcedu.directory.DirectoryStore.blankToNull;
import static org.kcedu.directory.Instants.iso;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.kcedu.authz.Scope;
import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.directory.jpa.EduDomainEntity;
import org.kcedu.directory.jpa.EduGroupEntity;
import org.kcedu.directory.jpa.EduRoleAssignmentEntity;
import org.kcedu.directory.jpa.EduRoleEntity;
import org.kcedu.directory.model.AssignmentRep;

/**
 * Role assignments of users and groups at domains (optionally for one of the role's subjects), with an
 * optional validity period. Requests are {@link #resolve resolved} first (what authorization decides on), then
 * granted; bulk batches use the planned variants, which skip the per-row re-reads they have already done.
 */
public final class Assignments {

    public static final String EXPIRED_ASSIGNMENTS_ATTRIBUTE = "kcedu.expiredAssignments";

    /**
     * JPQL condition on domain alias {@code d}: no proper ancestor is inactive (an assignment at or below an inactive
     * domain grants nothing, §3.2.6). Indexed by the closure's DESCENDANT_ID.
     */
    static final String NO_INACTIVE_ANCESTOR = "not exists (select 1 from EduDomainClosureEntity ic, EduDomainEntity ia"
            + " where ic.descendantId = d.id and ic.depth > 0 and ia.id = ic.ancestorId and ia.active = false)";

    private static final String SELECT = "select a, r.name, d.identifier, d.typeId, d.name,"
            + " case when d.active = true and " + NO_INACTIVE_ANCESTOR + " then true else false end, s.code"
            + " from EduRoleAssignmentEntity a join EduRoleEntity r on r.id = a.roleId join EduDomainEntity d on d.id = a.domainId"
            + " left join EduSubjectEntity s on s.id = a.subjectId where 1 = 1";

    private final DirectoryStore store;
    private final DomainTypes types;
    private final Domains domains;
    private final Roles roles;
    private final Subjects subjects;

    Assignments(DirectoryStore store, DomainTypes types, Domains domains, Roles roles, Subjects subjects) {
        this.store = store;
        this.types = types;
        this.domains = domains;
        this.roles = roles;
        this.subjects = subjects;
    }

    /** Resolves and validates a request (400 naming the field) without writing anything. */
    public ResolvedAssignment resolve(AssignmentRep rep, String forcedUserId) {
        String userId = forcedUserId != null ? forcedUserId : blankToNull(rep.userId);
        String groupId = blankToNull(rep.groupId);
        if ((userId == null) == (groupId == null)) {
            throw ApiError.badRequest(userId == null ? "userId" : "groupId", "Give exactly one of userId or groupId");
        }
        if (userId != null && forcedUserId == null && store.session.users().getUserById(store.realm, userId) == null) {
            throw ApiError.badRequest("userId", "Unknown user " + userId);
        }
        if (groupId != null && store.find(EduGroupEntity.class, groupId, EduGroupEntity::getRealmId) == null) {
            throw ApiError.badRequest("groupId", "Unknown group " + groupId);
        }
        EduRoleEntity role = roles.role(rep.roleId != null ? rep.roleId : rep.role, "role", false);
        EduDomainEntity domain = domains.resolve(rep.domainId, rep.domainType, rep.domainIdentifier, "domainId");
        if (domain == null) {
            throw ApiError.badRequest("domainId", "A domain (domainId, or domainType + domainIdentifier) is required");
        }
        String inactive = domains.inactiveAtOrAbove(domain.getId());
        if (inactive != null) {
            String key = domains.key(domain);
            throw ApiError.badRequest("domainId", inactive.equals(key)
                    ? "Domain " + key + " is inactive: no new role assignment there"
                    : "Domain " + key + " lies below the inactive domain " + inactive + ": no new role assignment there");
        }
        if (!role.getDomainTypeIds().contains(domain.getTypeId())) {
            throw ApiError.badRequest("domainId", "Role " + role.getName() + " cannot be assigned at a "
                    + types.code(domain.getTypeId()) + "; allowed: " + types.codes(role.getDomainTypeIds()));
        }
        String subjectRef = rep.subjectId != null ? rep.subjectId : rep.subject;
        String subjectId = null;
        String subjectCode = null;
        if (subjectRef != null && !subjectRef.isBlank()) {
            var subject = subjects.subject(subjectRef.trim(), "subject", false);
            subjectId = subject.getId();
            subjectCode = subject.getCode();
        }
        Roles.checkSubject(role, subjectId, subjectCode);
        Long starts = Instants.parse(rep.startsAt, "startsAt");
        Long expires = Instants.parse(rep.expiresAt, "expiresAt");
        checkPeriod(starts, expires);
        checkNotExpired(expires, System.currentTimeMillis());
        return new ResolvedAssignment(userId, groupId, role.getId(), domain.getId(), subjectId, starts, expires);
    }

    private static void checkPeriod(Long starts, Long expires) {
        String problem = periodProblem(starts, expires, null);
        if (problem != null) {
            throw ApiError.badRequest("expiresAt", problem);
        }
    }

    private static void checkNotExpired(Long expires, long now) {
        String problem = periodProblem(null, expires, now);
        if (problem != null) {
            throw ApiError.badRequest("expiresAt", problem);
        }
    }

    /**
     * §3.5.3, shared with the bulk files: an expiry must lie after the start and, when {@code now} is given (a new
     * assignment or a changed expiry), in the future. Null when the period is fine.
     */
    public static String periodProblem(Long starts, Long expires, Long now) {
        if (starts != null && expires != null && expires <= starts) {
            return "The expiry must be after the start";
        }
        if (now != null && expires != null && expires <= now) {
            return "The expiry " + iso(expires) + " is not in the future";
        }
        return null;
    }

    public AssignmentRep grant(Caller caller, ResolvedAssignment a) {
        long now = System.currentTimeMillis();
        long duplicates = ((Number) store.em.createQuery("select count(a) from EduRoleAssignmentEntity a where "
                        + (a.userId() != null ? "a.userId = :holder" : "a.groupId = :holder")
                        + " and a.roleId = :roleId and a.domainId = :domainId"
                        + " and (a.subjectId = :subjectId or (a.subjectId is null and :subjectId is null))"
                        + " and (a.expiresAt is null or a.expiresAt > :now)")
                .setParameter("holder", a.userId() != null ? a.userId() : a.groupId()).setParameter("roleId", a.roleId())
                .setParameter("domainId", a.domainId()).setParameter("subjectId", a.subjectId()).setParameter("now", now)
                .getSingleResult()).longValue();
        if (duplicates > 0) {
            throw ApiError.conflict("role", "Role " + store.em.find(EduRoleEntity.class, a.roleId()).getName()
                    + " is already assigned at " + domains.key(store.em.find(EduDomainEntity.class, a.domainId()))
                    + (a.subjectId() != null ? " for this subject" : "") + " and has not expired");
        }
        EduRoleAssignmentEntity e = persist(caller, a, now);
        store.flush("role");
        AssignmentRep rep = get(e.getId());
        auditGrant(caller, e, AssignmentLabel.of(rep));
        return rep;
    }

    /**
     * Bulk grant: the caller (a bulk batch) has already resolved the references, checked them against the current
     * state with set-based queries (no active duplicate, role allowed at the domain type) and knows the labels, so
     * this only persists and audits: no per-row query and no flush (the batch flushes once, and a constraint
     * violation there fails the batch, which is then retried row by row).
     */
    public String grantPlanned(Caller caller, ResolvedAssignment a, AssignmentLabel label) {
        EduRoleAssignmentEntity e = persist(caller, a, System.currentTimeMillis());
        auditGrant(caller, e, label);
        return e.getId();
    }

    private EduRoleAssignmentEntity persist(Caller caller, ResolvedAssignment a, long now) {
        EduRoleAssignmentEntity e = new EduRoleAssignmentEntity();
        e.setId(UUID.randomUUID().toString());
        e.setRealmId(store.realm.getId());
        e.setUserId(a.userId());
        e.setGroupId(a.groupId());
        e.setRoleId(a.roleId());
        e.setDomainId(a.domainId());
        e.setSubjectId(a.subjectId());
        e.setStartsAt(a.startsAt());
        e.setExpiresAt(a.expiresAt());
        e.setCreatedAt(now);
        e.setCreatedBy(caller == null ? null : caller.userId());
        store.em.persist(e);
        return e;
    }

    private void auditGrant(Caller caller, EduRoleAssignmentEntity e, AssignmentLabel label) {
        store.audit(caller, "ROLE_GRANT", holderType(e), holderId(e),
                b -> b.change("assignmentId", null, e.getId()).change("role", null, label.role())
                        .change("domain", null, label.domain()).change("subject", null, label.subject())
                        .change("startsAt", null, iso(e.getStartsAt())).change("expiresAt", null, iso(e.getExpiresAt())));
    }

    private static String holderType(EduRoleAssignmentEntity e) {
        return e.getUserId() != null ? "user" : "group";
    }

    private static String holderId(EduRoleAssignmentEntity e) {
        return e.getUserId() != null ? e.getUserId() : e.getGroupId();
    }

    private EduRoleAssignmentEntity assignment(String id) {
        return store.findOr404(EduRoleAssignmentEntity.class, id, EduRoleAssignmentEntity::getRealmId, "Role assignment");
    }

    public AssignmentRep get(String id) {
        assignment(id);
        return reps(new Jpql(SELECT + " and a.id = :id").param("id", id), 0, 1).get(0);
    }

    /** Changes only the validity period; role, domain and subject changes are a revoke plus a grant. */
    public AssignmentRep update(Caller caller, String id, AssignmentRep rep) {
        EduRoleAssignmentEntity a = assignment(id);
        AssignmentRep current = get(id);
        if ((rep.roleId != null && !rep.roleId.equals(a.getRoleId())) || (rep.role != null && !rep.role.equals(current.role))
                || (rep.domainId != null && !rep.domainId.equals(a.getDomainId()))) {
            throw ApiError.badRequest("role", "Only startsAt and expiresAt can change; revoke and grant to change role or domain");
        }
        Long starts = rep.startsAt != null ? Instants.parse(rep.startsAt, "startsAt") : a.getStartsAt();
        Long expires = rep.expiresAt != null ? Instants.parse(rep.expiresAt, "expiresAt") : a.getExpiresAt();
        if ("".equals(rep.startsAt)) {
            starts = null;
        }
        if ("".equals(rep.expiresAt)) {
            expires = null;
        }
        checkPeriod(starts, expires);
        if (!java.util.Objects.equals(expires, a.getExpiresAt())) {
            checkNotExpired(expires, System.currentTimeMillis()); // a renewal; an unchanged past expiry stays readable
        }
        setPeriod(caller, a, starts, expires);
        store.flush("expiresAt");
        return get(id);
    }

    /** Bulk period change, planned and validated by the batch against current state: no re-read, no flush. */
    public void updatePeriodPlanned(Caller caller, String id, Long starts, Long expires) {
        setPeriod(caller, assignment(id), starts, expires);
    }

    private void setPeriod(Caller caller, EduRoleAssignmentEntity a, Long starts, Long expires) {
        setPeriod(store, caller, a, starts, expires);
    }

    /**
     * Ends these assignments now (a role change they would violate, {@code endAssignments=true}): expiry = now, and a
     * start in the future moves to now, so the period stays valid. Each is audited as ROLE_ASSIGNMENT_UPDATE.
     */
    static void end(DirectoryStore store, Caller caller, List<String> ids, long now) {
        for (String id : ids) {
            EduRoleAssignmentEntity a = store.findOr404(EduRoleAssignmentEntity.class, id, EduRoleAssignmentEntity::getRealmId,
                    "Role assignment");
            Long starts = a.getStartsAt() != null && a.getStartsAt() > now ? Long.valueOf(now) : a.getStartsAt();
            setPeriod(store, caller, a, starts, now);
        }
    }

    private static void setPeriod(DirectoryStore store, Caller caller, EduRoleAssignmentEntity a, Long starts, Long expires) {
        Long bStart = a.getStartsAt(), bExp = a.getExpiresAt();
        a.setStartsAt(starts);
        a.setExpiresAt(expires);
        store.audit(caller, "ROLE_ASSIGNMENT_UPDATE", holderType(a), holderId(a), b -> b.change("assignmentId", a.getId(), a.getId())
                .change("startsAt", iso(bStart), iso(starts)).change("expiresAt", iso(bExp), iso(expires)));
    }

    public void revoke(Caller caller, String id) {
        revokePlanned(caller, id, AssignmentLabel.of(get(id)));
        store.em.flush();
    }

    /** Bulk revoke with the labels the batch already knows: no re-read, no flush. */
    public void revokePlanned(Caller caller, String id, AssignmentLabel label) {
        EduRoleAssignmentEntity a = assignment(id);
        store.em.remove(a);
        store.audit(caller, "ROLE_REVOKE", holderType(a), holderId(a), b -> b.change("assignmentId", id, null)
                .change("role", label.role(), null).change("domain", label.domain(), null)
                .change("subject", label.subject(), null));
    }

    /** Assignments held directly by a user (not via groups), or by a group. */
    public List<AssignmentRep> ofHolder(String userId, String groupId, Scope scope, int first, int max) {
        if (scope.isEmpty()) {
            return List.of();
        }
        return reps(holderQuery(userId, groupId, scope).append("order by a.createdAt, a.id"), first, max);
    }

    /** How many assignments {@link #ofHolder} lists in all. */
    public long countOfHolder(String userId, String groupId, Scope scope) {
        return scope.isEmpty() ? 0 : holderQuery(userId, groupId, scope).count(store.em, "a");
    }

    private Jpql holderQuery(String userId, String groupId, Scope scope) {
        Jpql q = new Jpql(SELECT);
        if (userId != null) {
            q.and("a.userId = :holder", "holder", userId);
        } else {
            q.and("a.groupId = :holder", "holder", groupId);
        }
        scopeFilter(q, scope);
        return q;
    }

    /** Assignments at a domain, or (subtree) anywhere under it, further limited to the caller's scope. */
    public List<AssignmentRep> ofDomain(String domainId, boolean subtree, Scope scope, int first, int max) {
        domains.domain(domainId);
        if (scope.isEmpty()) {
            return List.of();
        }
        return reps(domainQuery(domainId, subtree, scope).append("order by a.createdAt, a.id"), first, max);
    }

    /** How many assignments {@link #ofDomain} lists in all. */
    public long countOfDomain(String domainId, boolean subtree, Scope scope) {
        return scope.isEmpty() ? 0 : domainQuery(domainId, subtree, scope).count(store.em, "a");
    }

    private Jpql domainQuery(String domainId, boolean subtree, Scope scope) {
        Jpql q = new Jpql(SELECT);
        if (subtree) {
            q.and("exists (select 1 from EduDomainClosureEntity c where c.ancestorId = :root and c.descendantId = a.domainId)",
                    "root", domainId);
        } else {
            q.and("a.domainId = :root", "root", domainId);
        }
        scopeFilter(q, scope);
        return q;
    }

    /** Assignments (alias {@code a}) an admin may see (§5.1.2, §6): see {@link Scope#assignmentCondition}. */
    private static void scopeFilter(Jpql q, Scope scope) {
        if (!scope.unrestricted()) {
            Map<String, Object> params = new HashMap<>();
            q.and(scope.assignmentCondition("a", "sc", "sf", params));
            params.forEach(q::param);
        }
    }

    private List<AssignmentRep> reps(Jpql q, int first, int max) {
        long now = System.currentTimeMillis();
        return q.query(store.em, Object[].class, first, max).getResultStream().map(row -> {
            EduRoleAssignmentEntity a = (EduRoleAssignmentEntity) row[0];
            AssignmentRep r = new AssignmentRep();
            r.id = a.getId();
            r.userId = a.getUserId();
            r.groupId = a.getGroupId();
            r.roleId = a.getRoleId();
            r.role = (String) row[1];
            r.domainId = a.getDomainId();
            r.domainIdentifier = (String) row[2];
            r.domainType = types.code((String) row[3]);
            r.domainName = (String) row[4];
            r.subjectId = a.getSubjectId();
            r.subject = (String) row[6];
            r.startsAt = iso(a.getStartsAt());
            r.expiresAt = iso(a.getExpiresAt());
            r.active = (Boolean) row[5] && isCurrent(a.getStartsAt(), a.getExpiresAt(), now);
            r.createdAt = iso(a.getCreatedAt());
            r.createdBy = a.getCreatedBy();
            return r;
        }).toList();
    }

    static boolean isCurrent(Long startsAt, Long expiresAt, long now) {
        return (startsAt == null || startsAt <= now) && (expiresAt == null || expiresAt > now);
    }

    /** Purges expired assignments when the realm says so (kcedu.expiredAssignments=purge); returns how many. */
    public int purgeExpired(long now) {
        String mode = store.realm.getAttribute(EXPIRED_ASSIGNMENTS_ATTRIBUTE);
        if (!"purge".equalsIgnoreCase(mode)) {
            return 0;
        }
        int n = store.em.createQuery("delete from EduRoleAssignmentEntity a where a.realmId = :realmId and a.expiresAt <= :now")
                .setParameter("realmId", store.realm.getId()).setParameter("now", now).executeUpdate();
        if (n > 0) {
            store.audit(null, "ROLE_ASSIGNMENT_PURGE", "realm", store.realm.getId(), b -> b.change("purgedAssignments", null, n));
        }
        return n;
    }
}
