package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.instant;
import static org.kcedu.bulk.BulkCells.list;
import static org.kcedu.bulk.BulkCells.missing;
import static org.kcedu.bulk.BulkCells.str;
import static org.kcedu.bulk.BulkCells.tooLong;
import static org.kcedu.bulk.BulkCells.upper;
import static org.kcedu.bulk.csv.HeaderSchema.Column.optional;
import static org.kcedu.bulk.csv.HeaderSchema.Column.required;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * Bulk file kind {@code group-assignments}: role assignments held by kc-edu groups (every member holds the role).
 * Key: the group ({@code group_domain_type} + {@code group_domain_identifier} of its owning domain, {@code group} its
 * name there), {@code role}, {@code domain_type} + {@code domain_identifier} (where the role is held) and
 * {@code subject} (iff the role is subject-specific). {@code start} and {@code expiry} are the attributes, as in
 * {@link AssignmentsHandler}: an upsert matches the group's not-expired assignment with that key (else an expired one
 * with the same expiry), DELETE revokes every assignment with that key.
 * <p>
 * Authorization is the REST rule of {@code POST /assignments} with a {@code groupId}: the group must be visible
 * (hidden answers like absent), and the caller needs {@code canGrant} for the role at the domain and
 * {@code canManageGroup} at the group's owning domain; changing or revoking needs {@code canRevoke} on the assignment.
 */
public class GroupAssignmentsHandler extends DirectoryHandler {

    public static final String KIND = "group-assignments";
    static final String GROUP_DOMAIN_TYPE = "group_domain_type";
    static final String GROUP_DOMAIN_IDENTIFIER = "group_domain_identifier";
    static final String GROUP = "group";
    static final String ROLE = "role";
    static final String DOMAIN_TYPE = "domain_type";
    static final String DOMAIN_IDENTIFIER = "domain_identifier";
    static final String SUBJECT = "subject";
    static final String START = "start";
    static final String EXPIRY = "expiry";
    private static final String TARGET = "group";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(GROUP_DOMAIN_TYPE), required(GROUP_DOMAIN_IDENTIFIER),
            required(GROUP), required(ROLE), required(DOMAIN_TYPE), required(DOMAIN_IDENTIFIER), optional(SUBJECT),
            optional(START), optional(EXPIRY));

    record Existing(String id, Long start, Long expiry, long createdAt) {
    }

    /** A grant to a group: its references, period, audit labels and the group's owning domain. */
    record Grant(String groupId, String ownerDomainId, String roleId, String domainId, String subjectId, Long start,
                 Long expiry, AssignmentLabel label) {
    }

    record Period(String id, Long start, Long expiry) {
    }

    record Revocation(String groupId, List<String> ids, AssignmentLabel label) {
    }

    public GroupAssignmentsHandler() {
        super(KIND, SCHEMA);
    }

    private static String groupKey(CsvRow row) {
        return DomainKey.format(upper(row.get(GROUP_DOMAIN_TYPE)), row.get(GROUP_DOMAIN_IDENTIFIER)) + "|" + row.get(GROUP);
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        return List.of("group-assignment:" + groupKey(row) + "|" + row.get(ROLE) + "|" + upper(row.get(DOMAIN_TYPE))
                + ":" + row.get(DOMAIN_IDENTIFIER) + "|" + str(upper(row.nonEmpty(SUBJECT))));
    }

    @Override
    public String validate(CsvRow row) {
        String missing = missing(row, SCHEMA.required());
        if (missing != null) {
            return missing;
        }
        String p = tooLong(row, GROUP_DOMAIN_TYPE, GROUP_DOMAIN_IDENTIFIER, GROUP, ROLE, DOMAIN_TYPE, DOMAIN_IDENTIFIER,
                SUBJECT);
        if (p != null) {
            return p;
        }
        return AssignmentsHandler.periodProblem(row);
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        EntityManager em = em(session);
        Set<String> identifiers = new HashSet<>();
        for (CsvRow row : rows) {
            identifiers.add(row.get(GROUP_DOMAIN_IDENTIFIER));
            identifiers.add(row.get(DOMAIN_IDENTIFIER));
        }
        Map<String, DomainRow> domains = domainsByKey(em, realm.getId(), identifiers,
                typeCodesById(typesByCode(session, realm).values()));
        Set<String> domainIds = new HashSet<>();
        domains.values().forEach(d -> domainIds.add(d.id()));
        Map<String, List<String>> groups = new HashMap<>(); // owner domainId|name -> group ids
        if (!domainIds.isEmpty()) {
            for (Object[] r : em.createQuery("select g.domainId, g.name, g.id from EduGroupEntity g"
                            + " where g.realmId = :realm and g.domainId in :domains", Object[].class)
                    .setParameter("realm", realm.getId()).setParameter("domains", domainIds).getResultList()) {
                groups.computeIfAbsent(r[0] + "|" + r[1], k -> new ArrayList<>()).add((String) r[2]);
            }
        }
        Map<String, RolesHandler.Current> roles = new HashMap<>();
        RolesHandler.load(em, "r.realmId = :realm", Map.of("realm", realm.getId())).forEach(r -> roles.put(r.name(), r));
        Map<String, String> subjects = new HashMap<>();
        for (Object[] r : em.createQuery("select s.code, s.id from EduSubjectEntity s where s.realmId = :realm",
                Object[].class).setParameter("realm", realm.getId()).getResultList()) {
            subjects.put((String) r[0], (String) r[1]);
        }
        List<String> groupIds = groups.values().stream().flatMap(List::stream).toList();
        Map<String, List<Existing>> existing = new HashMap<>();
        if (!groupIds.isEmpty()) {
            for (Object[] r : em.createQuery("select a.groupId, a.roleId, a.domainId, a.subjectId, a.id, a.startsAt,"
                            + " a.expiresAt, a.createdAt from EduRoleAssignmentEntity a where a.realmId = :realm"
                            + " and a.groupId in :groups", Object[].class)
                    .setParameter("realm", realm.getId()).setParameter("groups", groupIds).getResultList()) {
                existing.computeIfAbsent(key((String) r[0], (String) r[1], (String) r[2], (String) r[3]),
                        k -> new ArrayList<>()).add(new Existing((String) r[4], (Long) r[5], (Long) r[6], (Long) r[7]));
            }
        }
        Map<String, String> inactive = AssignmentsHandler.inactiveAtOrAbove(em, domains.values());
        long now = System.currentTimeMillis();
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            plans.add(planRow(row, domains, groups, roles, subjects, existing, inactive, now));
        }
        return plans;
    }

    private static String key(String groupId, String roleId, String domainId, String subjectId) {
        return groupId + "|" + roleId + "|" + domainId + "|" + subjectId;
    }

    private static RowPlan planRow(CsvRow row, Map<String, DomainRow> domains, Map<String, List<String>> groups,
                                   Map<String, RolesHandler.Current> roles, Map<String, String> subjects,
                                   Map<String, List<Existing>> existing, Map<String, String> inactive,
                                   long now) {
        String ownerKey = DomainKey.format(upper(row.get(GROUP_DOMAIN_TYPE)), row.get(GROUP_DOMAIN_IDENTIFIER));
        DomainRow owner = domains.get(ownerKey);
        if (owner == null) {
            return RowPlan.absent(row, "domain " + ownerKey + " does not exist");
        }
        List<String> ids = groups.getOrDefault(owner.id() + "|" + row.get(GROUP), List.of());
        if (ids.isEmpty()) {
            return RowPlan.absent(row, "group " + row.get(GROUP) + " does not exist at " + ownerKey);
        }
        if (ids.size() > 1) {
            return RowPlan.reject(row, ids.size() + " groups are named " + row.get(GROUP) + " at " + ownerKey
                    + "; rename them first");
        }
        String groupId = ids.get(0);
        String groupLabel = row.get(GROUP) + " at " + ownerKey;
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
        List<Existing> matches = existing.getOrDefault(key(groupId, role.id(), domain.id(), subjectId), List.of());
        if (row.action() == CsvRow.Action.DELETE) {
            if (matches.isEmpty()) {
                // about that group and role all the same: "not found" only for a caller who could have granted it
                return new RowPlan(row, RowPlan.Kind.UNCHANGED, null, null, TARGET, groupId, groupLabel, Map.of(),
                        false, new Grant(groupId, owner.id(), role.id(), domain.id(), subjectId, null, null, label));
            }
            Map<String, AuditEvent.Change> changes = Map.of("assignment", new AuditEvent.Change(description, null));
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "ROLE_REVOKE", TARGET, groupId, groupLabel, changes,
                    false, new Revocation(groupId, matches.stream().map(Existing::id).toList(), label));
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
            String refused = AssignmentsHandler.newGrantProblem(inactive, domain, domainKey, expiry, now);
            if (refused != null) {
                return RowPlan.reject(row, refused);
            }
            changes.put("assignment", new AuditEvent.Change(null, description));
            return new RowPlan(row, RowPlan.Kind.CREATE, null, "ROLE_GRANT", TARGET, groupId, groupLabel, changes,
                    false, new Grant(groupId, owner.id(), role.id(), domain.id(), subjectId, start, expiry, label));
        }
        if (row.has(START) && !Objects.equals(match.start(), start)) {
            changes.put(START, new AuditEvent.Change(Instants.iso(match.start()), Instants.iso(start)));
        }
        if (row.has(EXPIRY) && !Objects.equals(match.expiry(), expiry)) {
            changes.put(EXPIRY, new AuditEvent.Change(Instants.iso(match.expiry()), Instants.iso(expiry)));
        }
        if (changes.isEmpty()) {
            return new RowPlan(row, RowPlan.Kind.UNCHANGED, null, null, TARGET, groupId, groupLabel, Map.of(), false,
                    new Period(match.id(), match.start(), match.expiry()));
        }
        Long newStart = row.has(START) ? start : match.start();
        Long newExpiry = row.has(EXPIRY) ? expiry : match.expiry();
        String refused = AssignmentsHandler.periodChangeProblem(changes, newStart, newExpiry, now);
        if (refused != null) {
            return RowPlan.reject(row, refused);
        }
        return new RowPlan(row, RowPlan.Kind.UPDATE, null, "ROLE_ASSIGNMENT_UPDATE", TARGET, groupId, groupLabel,
                changes, false, new Period(match.id(), newStart, newExpiry));
    }

    /** See the class comment: the group visible first, then the grant and the group's management. */
    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        return switch (plan.payload()) {
            case Grant g -> grant(policy, caller, g);
            case Period p -> policy.canRevoke(caller, p.id());
            case Revocation r -> {
                if (!policy.canViewGroup(caller, r.groupId()).allowed()) {
                    yield Decision.hidden();
                }
                yield r.ids().stream().map(id -> policy.canRevoke(caller, id)).filter(d -> !d.allowed())
                        .findFirst().orElse(Decision.allow());
            }
            default -> throw new IllegalArgumentException("nothing to authorize for " + plan.kind());
        };
    }

    private static Decision grant(AccessPolicy policy, Caller caller, Grant g) {
        if (!policy.canViewGroup(caller, g.groupId()).allowed()) {
            return Decision.hidden();
        }
        Decision d = policy.canGrant(caller, g.roleId(), g.domainId(), g.subjectId());
        return d.allowed() ? policy.canManageGroup(caller, g.ownerDomainId()) : d;
    }

    /** An unchanged row (or a DELETE of nothing): as if it wrote. */
    @Override
    public Decision authorizeUnchanged(AccessPolicy policy, Caller caller, RowPlan plan) {
        return switch (plan.payload()) {
            case Grant g -> grant(policy, caller, g);
            case Period p -> policy.canRevoke(caller, p.id());
            default -> Decision.allow();
        };
    }

    @Override
    String write(Directory directory, Caller caller, RowPlan plan) {
        switch (plan.payload()) {
            case Grant g -> {
                return directory.assignments().grantPlanned(caller, new ResolvedAssignment(null, g.groupId(),
                        g.roleId(), g.domainId(), g.subjectId(), g.start(), g.expiry()), g.label());
            }
            case Period p -> {
                directory.assignments().updatePeriodPlanned(caller, p.id(), p.start(), p.expiry());
                return p.id();
            }
            case Revocation r -> {
                r.ids().forEach(id -> directory.assignments().revokePlanned(caller, id, r.label()));
                return r.groupId();
            }
            default -> throw new IllegalArgumentException("nothing to apply for " + plan.kind());
        }
    }

    /** The group-held assignments whose group is owned in the caller's subtrees and whose domain is in scope too. */
    @Override
    void exportRows(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        exportKeyset(factory, out, (em, after) -> {
            Map<String, Object> params = new HashMap<>();
            // the REST rule for assignments (domain, subject and role limits) and the group owned in scope
            String visible = scope.unrestricted() ? "" : " and " + inScope("g.domainId") + " and "
                    + scope.assignmentCondition("a", "c", "sq", params);
            TypedQuery<Object[]> q = em.createQuery("select a.id, gt.code, gd.identifier, g.name, r.name, t.code,"
                    + " d.identifier, s.code, a.startsAt, a.expiresAt from EduRoleAssignmentEntity a"
                    + " join EduGroupEntity g on g.id = a.groupId join EduDomainEntity gd on gd.id = g.domainId"
                    + " join EduDomainTypeEntity gt on gt.id = gd.typeId"
                    + " join EduRoleEntity r on r.id = a.roleId join EduDomainEntity d on d.id = a.domainId"
                    + " join EduDomainTypeEntity t on t.id = d.typeId left join EduSubjectEntity s on s.id = a.subjectId"
                    + " where a.realmId = :realm and a.id > :after" + visible + " order by a.id", Object[].class)
                    .setParameter("realm", realmId).setParameter("after", after).setMaxResults(EXPORT_PAGE);
            if (!scope.unrestricted()) {
                q.setParameter("scopeRoots", scope.rootDomainIds());
            }
            params.forEach(q::setParameter);
            return q.getResultList();
        }, 0, r -> List.of(str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), str(r[7]),
                str(Instants.iso((Long) r[8])), str(Instants.iso((Long) r[9]))));
    }

    @Override
    public boolean filtersByDomain() {
        return true;
    }
}
