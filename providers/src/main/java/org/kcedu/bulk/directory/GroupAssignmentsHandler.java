package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.missing;
import static org.kcedu.bulk.BulkCells.str;
import static org.kcedu.bulk.BulkCells.tooLong;
import static org.kcedu.bulk.BulkCells.upper;
import static org.kcedu.bulk.directory.AssignmentRows.DOMAIN_IDENTIFIER;
import static org.kcedu.bulk.directory.AssignmentRows.DOMAIN_TYPE;
import static org.kcedu.bulk.directory.AssignmentRows.EXPIRY;
import static org.kcedu.bulk.directory.AssignmentRows.ROLE;
import static org.kcedu.bulk.directory.AssignmentRows.START;
import static org.kcedu.bulk.directory.AssignmentRows.SUBJECT;
import static org.kcedu.bulk.csv.HeaderSchema.Column.optional;
import static org.kcedu.bulk.csv.HeaderSchema.Column.required;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Decision;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.RowPlan;
import org.kcedu.bulk.directory.AssignmentRows.Grant;
import org.kcedu.bulk.directory.AssignmentRows.Period;
import org.kcedu.bulk.directory.AssignmentRows.Revocation;
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.core.Caller;
import org.kcedu.directory.Directory;
import org.kcedu.directory.DomainKey;
import org.kcedu.directory.Instants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Bulk file kind {@code group-assignments}: role assignments held by kc-edu groups (every member holds the role).
 * Key: the group ({@code group_domain_type} + {@code group_domain_identifier} of its owning domain, {@code group} its
 * name there), {@code role}, {@code domain_type} + {@code domain_identifier} (where the role is held) and
 * {@code subject} (one of the role's subjects, as for users). {@code start} and {@code expiry} are the attributes, as
 * in {@link AssignmentsHandler}; matching and the REST rules: {@link AssignmentRows}.
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
    private static final String TARGET = "group";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(GROUP_DOMAIN_TYPE), required(GROUP_DOMAIN_IDENTIFIER),
            required(GROUP), required(ROLE), required(DOMAIN_TYPE), required(DOMAIN_IDENTIFIER), optional(SUBJECT),
            optional(START), optional(EXPIRY));

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
        return AssignmentRows.periodProblem(row);
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
        List<String> groupIds = groups.values().stream().flatMap(List::stream).toList();
        AssignmentRows assignments = new AssignmentRows(em, realm.getId(), "groupId", groupIds, domains);
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            plans.add(planRow(row, domains, groups, assignments));
        }
        return plans;
    }

    private static RowPlan planRow(CsvRow row, Map<String, DomainRow> domains, Map<String, List<String>> groups,
                                   AssignmentRows assignments) {
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
        return assignments.plan(row, new AssignmentRows.Holder(ids.get(0), true, owner.id(), TARGET,
                row.get(GROUP) + " at " + ownerKey));
    }

    /** See the class comment: the group visible first, then the grant and the group's management. */
    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        return switch (plan.payload()) {
            case Grant g -> grant(policy, caller, g);
            case Period p -> policy.canRevoke(caller, p.id());
            case Revocation r -> policy.canViewGroup(caller, r.holder().id()).allowed()
                    ? AssignmentRows.canRevokeAll(policy, caller, r.ids()) : Decision.hidden();
            default -> throw new IllegalArgumentException("nothing to authorize for " + plan.kind());
        };
    }

    private static Decision grant(AccessPolicy policy, Caller caller, Grant g) {
        if (!policy.canViewGroup(caller, g.holder().id()).allowed()) {
            return Decision.hidden();
        }
        Decision d = policy.canGrant(caller, g.roleId(), g.domainId(), g.subjectId());
        return d.allowed() ? policy.canManageGroup(caller, g.holder().ownerDomainId()) : d;
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
        return AssignmentRows.write(directory, caller, plan);
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
