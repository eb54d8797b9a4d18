package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.instant;
import static org.kcedu.bulk.BulkCells.list;
import static org.kcedu.bulk.BulkCells.lower;
import static org.kcedu.bulk.BulkCells.missing;
import static org.kcedu.bulk.BulkCells.str;
import static org.kcedu.bulk.BulkCells.tooLong;
import static org.kcedu.bulk.BulkCells.upper;
import static org.kcedu.bulk.csv.HeaderSchema.Column.optional;
import static org.kcedu.bulk.csv.HeaderSchema.Column.required;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Decision;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.RowPlan;
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.Caller;
import org.kcedu.directory.AssignmentLabel;
import org.kcedu.directory.Directory;
import org.kcedu.directory.DomainKey;
import org.kcedu.directory.Instants;
import org.kcedu.directory.ResolvedAssignment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Bulk file kind {@code assignments}: role assignments held directly by users (group-held assignments are managed
 * through the REST API). Key: {@code username} + {@code role} + {@code domain_type} + {@code domain_identifier} +
 * {@code subject} (one of the role's subjects; empty
 * = not limited to a subject, unless the role requires one). Columns {@code start} and {@code expiry} (ISO-8601 date or
 * instant; empty = none) are the only attributes: changing role, domain or subject is a DELETE row plus a new row.
 * An upsert matches the user's not-expired assignment with that key (else an expired one with the same expiry, so
 * that exported expired assignments re-import unchanged); without a match it grants a new one. As on the REST API
 * (§3.5.3, §3.2.6), a new or changed expiry must lie in the future, and no new assignment is granted at an inactive
 * domain or below one (existing ones there stay and can be renewed or revoked).
 */
public class AssignmentsHandler extends DirectoryHandler {

    public static final String KIND = "assignments";
    static final String USERNAME = "username";
    static final String ROLE = "role";
    static final String DOMAIN_TYPE = "domain_type";
    static final String DOMAIN_IDENTIFIER = "domain_identifier";
    static final String SUBJECT = "subject";
    static final String START = "start";
    static final String EXPIRY = "expiry";
    private static final String TARGET = "user";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(USERNAME), required(ROLE), required(DOMAIN_TYPE),
            required(DOMAIN_IDENTIFIER), optional(SUBJECT), optional(START), optional(EXPIRY));

    record Existing(String id, Long start, Long expiry, long createdAt) {
    }

    /** A grant's resolved references, period and audit labels. */
    record Grant(String userId, String roleId, String domainId, String subjectId, Long start, Long expiry,
                 AssignmentLabel label) {
    }

    /** A new validity period for an existing assignment. */
    record Period(String id, Long start, Long expiry) {
    }

    /** The assignments a DELETE row revokes (all of the user's with that key, expired or not). */
    record Revocation(List<String> ids, AssignmentLabel label) {
    }

    public AssignmentsHandler() {
        super(KIND, SCHEMA);
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        return List.of("assignment:" + lower(row.get(USERNAME)) + "|" + row.get(ROLE) + "|" + upper(row.get(DOMAIN_TYPE))
                + ":" + row.get(DOMAIN_IDENTIFIER) + "|" + str(upper(row.nonEmpty(SUBJECT))));
    }

    @Override
    public String validate(CsvRow row) {
        String missing = missing(row, SCHEMA.required());
        if (missing != null) {
            return missing;
        }
        String p = tooLong(row, USERNAME, ROLE, DOMAIN_TYPE, DOMAIN_IDENTIFIER, SUBJECT);
        if (p != null) {
            return p;
        }
        return periodProblem(row);
    }

    /**
     * The period cells of a user's or a group's assignment row: none on a DELETE row (it would be ignored), else
     * valid instants with the expiry after the start; {@code null} when fine.
     */
    static String periodProblem(CsvRow row) {
        if (row.action() == CsvRow.Action.DELETE) {
            for (String col : List.of(START, EXPIRY)) {
                if (row.nonEmpty(col) != null) {
                    return col + " cannot be applied to a DELETE row (it revokes every such assignment); leave it empty";
                }
            }
            return null;
        }
        try {
            Long start = instant(START, row.get(START));
            Long expiry = instant(EXPIRY, row.get(EXPIRY));
            if (start != null && expiry != null && expiry <= start) {
                return "expiry must be after start";
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    /** Why no new assignment may be granted at {@code domain} with this expiry (§3.2.6, §3.5.3), or {@code null}. */
    static String newGrantProblem(Map<String, String> inactive, DomainRow domain, String domainKey, Long expiry,
                                  long now) {
        String inactiveKey = inactive.get(domain.id());
        if (inactiveKey != null) {
            return inactiveKey.equals(domainKey)
                    ? "domain " + domainKey + " is inactive: no new role assignment there"
                    : "domain " + domainKey + " lies below the inactive domain " + inactiveKey
                    + ": no new role assignment there";
        }
        return pastExpiry(expiry, now);
    }

    /** Why an existing assignment's period may not change to this one, or {@code null}; a renewal follows REST. */
    static String periodChangeProblem(Map<String, AuditEvent.Change> changes, Long newStart, Long newExpiry, long now) {
        if (newStart != null && newExpiry != null && newExpiry <= newStart) {
            return "expiry must be after start";
        }
        return changes.containsKey(EXPIRY) ? pastExpiry(newExpiry, now) : null;
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        EntityManager em = em(session);
        Referenced ref = referenced(session, realm, rows, USERNAME, DOMAIN_IDENTIFIER);
        Map<String, String> users = ref.users();
        Map<String, DomainRow> domains = ref.domains();
        Map<String, RolesHandler.Current> roles = new HashMap<>();
        RolesHandler.load(em, "r.realmId = :realm", Map.of("realm", realm.getId())).forEach(r -> roles.put(r.name(), r));
        Map<String, String> subjects = new HashMap<>();
        for (Object[] r : em.createQuery("select s.code, s.id from EduSubjectEntity s where s.realmId = :realm",
                Object[].class).setParameter("realm", realm.getId()).getResultList()) {
            subjects.put((String) r[0], (String) r[1]);
        }
        Map<String, List<Existing>> existing = new HashMap<>();
        if (!users.isEmpty()) {
            for (Object[] r : em.createQuery("select a.userId, a.roleId, a.domainId, a.subjectId, a.id, a.startsAt,"
                            + " a.expiresAt, a.createdAt from EduRoleAssignmentEntity a where a.realmId = :realm"
                            + " and a.userId in :users", Object[].class)
                    .setParameter("realm", realm.getId()).setParameter("users", users.values()).getResultList()) {
                existing.computeIfAbsent(key((String) r[0], (String) r[1], (String) r[2], (String) r[3]),
                        k -> new ArrayList<>()).add(new Existing((String) r[4], (Long) r[5], (Long) r[6], (Long) r[7]));
            }
        }
        Map<String, String> inactive = inactiveAtOrAbove(em, domains.values());
        long now = System.currentTimeMillis();
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            plans.add(planRow(row, users, domains, roles, subjects, existing, inactive, now));
        }
        return plans;
    }

    /**
     * For each of these domains that is inactive or lies below an inactive one: the nearest such domain as
     * {@code TYPE:identifier} (one query on the closure table).
     */
    static Map<String, String> inactiveAtOrAbove(EntityManager em, java.util.Collection<DomainRow> domains) {
        Map<String, String> out = new HashMap<>();
        if (domains.isEmpty()) {
            return out;
        }
        List<String> ids = domains.stream().map(DomainRow::id).toList();
        for (Object[] r : em.createQuery("select c.descendantId, t.code, d.identifier from EduDomainClosureEntity c"
                        + " join EduDomainEntity d on d.id = c.ancestorId join EduDomainTypeEntity t on t.id = d.typeId"
                        + " where c.descendantId in :ids and d.active = false order by c.depth", Object[].class)
                .setParameter("ids", ids).getResultList()) {
            out.putIfAbsent((String) r[0], DomainKey.format((String) r[1], (String) r[2]));
        }
        return out;
    }

    /** §3.5.3: a new or changed expiry lies in the future (null when it does, else the row's message). */
    static String pastExpiry(Long expiry, long now) {
        return expiry != null && expiry <= now ? "expiry " + Instants.iso(expiry) + " is not in the future (to end"
                + " an assignment now, revoke it with a DELETE row)" : null;
    }

    private static String key(String userId, String roleId, String domainId, String subjectId) {
        return userId + "|" + roleId + "|" + domainId + "|" + subjectId;
    }

    private static RowPlan planRow(CsvRow row, Map<String, String> users, Map<String, DomainRow> domains,
                                   Map<String, RolesHandler.Current> roles, Map<String, String> subjects,
                                   Map<String, List<Existing>> existing, Map<String, String> inactive, long now) {
        String username = lower(row.get(USERNAME));
        String userId = users.get(username);
        if (userId == null) {
            return RowPlan.absent(row, "user " + username + " does not exist");
        }
        RolesHandler.Current role = roles.get(row.get(ROLE));
        if (role == null) {
            return RowPlan.reject(row, "role " + row.get(ROLE) + " does not exist");
        }
        String domainKey = DomainKey.format(upper(row.get(DOMAIN_TYPE)), row.get(DOMAIN_IDENTIFIER));
        DomainRow domain = domains.get(domainKey);
        if (domain == null) {
            return RowPlan.absent(row, "domain " + domainKey + " does not exist");
        }
        if (!list(role.domainTypes()).contains(domain.type())) {
            return RowPlan.reject(row, "role " + role.name() + " cannot be assigned at a " + domain.type()
                    + "; allowed: " + role.domainTypes().replace("|", ", "));
        }
        String subject = upper(row.nonEmpty(SUBJECT));
        String subjectProblem = role.subjectProblem(subject, subjects);
        if (subjectProblem != null) {
            return RowPlan.reject(row, subjectProblem);
        }
        String subjectId = subject == null ? null : subjects.get(subject);
        AssignmentLabel label = new AssignmentLabel(role.name(), domainKey, subject);
        String description = role.name() + " at " + domainKey + (subject == null ? "" : " for " + subject);
        List<Existing> matches = existing.getOrDefault(key(userId, role.id(), domain.id(), subjectId), List.of());
        if (row.action() == CsvRow.Action.DELETE) {
            if (matches.isEmpty()) {
                // still about that role at that domain: "unchanged" only if the caller could have granted it
                return new RowPlan(row, RowPlan.Kind.UNCHANGED, null, null, TARGET, userId, username, Map.of(), false,
                        new Grant(userId, role.id(), domain.id(), subjectId, null, null, label));
            }
            Map<String, AuditEvent.Change> changes = Map.of("assignment", new AuditEvent.Change(description, null));
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "ROLE_REVOKE", TARGET, userId, username, changes, false,
                    new Revocation(matches.stream().map(Existing::id).toList(), label));
        }
        Long start = instant(START, row.get(START));
        Long expiry = instant(EXPIRY, row.get(EXPIRY));
        Existing match = matches.stream().filter(e -> e.expiry() == null || e.expiry() > now)
                .max((a, b) -> Long.compare(a.createdAt(), b.createdAt())).orElse(null);
        if (match == null && row.has(EXPIRY)) {
            match = matches.stream().filter(e -> Objects.equals(e.expiry(), expiry)).findFirst().orElse(null);
        }
        Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
        if (match == null) {
            String refused = newGrantProblem(inactive, domain, domainKey, expiry, now);
            if (refused != null) {
                return RowPlan.reject(row, refused);
            }
            changes.put("assignment", new AuditEvent.Change(null, description));
            return new RowPlan(row, RowPlan.Kind.CREATE, null, "ROLE_GRANT", TARGET, userId, username, changes, false,
                    new Grant(userId, role.id(), domain.id(), subjectId, start, expiry, label));
        }
        if (row.has(START) && !Objects.equals(match.start(), start)) {
            changes.put(START, new AuditEvent.Change(Instants.iso(match.start()), Instants.iso(start)));
        }
        if (row.has(EXPIRY) && !Objects.equals(match.expiry(), expiry)) {
            changes.put(EXPIRY, new AuditEvent.Change(Instants.iso(match.expiry()), Instants.iso(expiry)));
        }
        if (changes.isEmpty()) {
            return new RowPlan(row, RowPlan.Kind.UNCHANGED, null, null, TARGET, userId, username, Map.of(), false,
                    new Period(match.id(), match.start(), match.expiry()));
        }
        Long newStart = row.has(START) ? start : match.start();
        Long newExpiry = row.has(EXPIRY) ? expiry : match.expiry();
        String refused = periodChangeProblem(changes, newStart, newExpiry, now);
        if (refused != null) {
            return RowPlan.reject(row, refused);
        }
        return new RowPlan(row, RowPlan.Kind.UPDATE, null, "ROLE_ASSIGNMENT_UPDATE", TARGET, userId, username,
                changes, false, new Period(match.id(), newStart, newExpiry));
    }

    /**
     * The REST rules: granting needs {@code canGrant} (to a user the caller cannot see yet too: that is adding a role
     * to an existing account, as POST /users does by e-mail); changing or revoking an assignment {@code canRevoke},
     * which needs to see the user first.
     */
    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        return switch (plan.payload()) {
            case Grant g -> policy.canGrant(caller, g.roleId(), g.domainId(), g.subjectId());
            case Period p -> policy.canRevoke(caller, p.id());
            case Revocation r -> r.ids().stream().map(id -> policy.canRevoke(caller, id))
                    .filter(d -> !d.allowed()).findFirst().orElse(Decision.allow());
            default -> throw new IllegalArgumentException("nothing to authorize for " + plan.kind());
        };
    }

    /** An unchanged row: as if it wrote (a DELETE of a role not held: could the caller have granted it?). */
    @Override
    public Decision authorizeUnchanged(AccessPolicy policy, Caller caller, RowPlan plan) {
        return switch (plan.payload()) {
            case Grant g -> {
                Decision seen = policy.canViewUser(caller, g.userId());
                yield seen.allowed() ? policy.canGrant(caller, g.roleId(), g.domainId(), g.subjectId()) : seen;
            }
            case Period p -> policy.canRevoke(caller, p.id());
            default -> Decision.allow();
        };
    }

    /** Set-based: the plan already checked every reference against current state, so writes only persist. */
    @Override
    String write(Directory directory, Caller caller, RowPlan plan) {
        switch (plan.payload()) {
            case Grant g -> {
                return directory.assignments().grantPlanned(caller, new ResolvedAssignment(g.userId(), null,
                        g.roleId(), g.domainId(), g.subjectId(), g.start(), g.expiry()), g.label());
            }
            case Period p -> {
                directory.assignments().updatePeriodPlanned(caller, p.id(), p.start(), p.expiry());
                return p.id();
            }
            case Revocation r -> {
                r.ids().forEach(id -> directory.assignments().revokePlanned(caller, id, r.label()));
                return plan.targetId();
            }
            default -> throw new IllegalArgumentException("nothing to apply for " + plan.kind());
        }
    }

    /** Delegated admins export the assignments they may see (the REST rule, incl. subject and role limits). */
    @Override
    void exportRows(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        exportKeyset(factory, out, (em, after) -> {
            Map<String, Object> params = new HashMap<>();
            String visible = scope.unrestricted() ? "" : " and " + scope.assignmentCondition("a", "c", "sq", params);
            TypedQuery<Object[]> q = em.createQuery("select a.id, u.username, r.name, t.code, d.identifier, s.code,"
                    + " a.startsAt, a.expiresAt from EduRoleAssignmentEntity a join UserEntity u on u.id = a.userId"
                    + " join EduRoleEntity r on r.id = a.roleId join EduDomainEntity d on d.id = a.domainId"
                    + " join EduDomainTypeEntity t on t.id = d.typeId left join EduSubjectEntity s on s.id = a.subjectId"
                    + " where a.realmId = :realm and a.id > :after" + visible + " order by a.id", Object[].class)
                    .setParameter("realm", realmId).setParameter("after", after).setMaxResults(EXPORT_PAGE);
            params.forEach(q::setParameter);
            return q.getResultList();
        }, 0, r -> List.of(str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]),
                str(Instants.iso((Long) r[6])), str(Instants.iso((Long) r[7]))));
    }

    @Override
    public boolean filtersByDomain() {
        return true;
    }
}
