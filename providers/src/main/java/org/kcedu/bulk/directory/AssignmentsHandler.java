package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.lower;
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
import java.util.List;
import java.util.Map;

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
import org.kcedu.directory.Instants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Bulk file kind {@code assignments}: role assignments held directly by users (group-held ones: kind
 * {@code group-assignments}). Key: {@code username} + {@code role} + {@code domain_type} + {@code domain_identifier}
 * + {@code subject} (one of the role's subjects; empty = not limited to a subject, unless the role requires one).
 * Columns {@code start} and {@code expiry} (ISO-8601 date or instant; empty = none) are the only attributes: changing
 * role, domain or subject is a DELETE row plus a new row. Matching and the REST rules: {@link AssignmentRows}.
 */
public class AssignmentsHandler extends DirectoryHandler {

    public static final String KIND = "assignments";
    static final String USERNAME = "username";
    private static final String TARGET = "user";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(USERNAME), required(ROLE), required(DOMAIN_TYPE),
            required(DOMAIN_IDENTIFIER), optional(SUBJECT), optional(START), optional(EXPIRY));

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
        return AssignmentRows.periodProblem(row);
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        Referenced ref = referenced(session, realm, rows, USERNAME, DOMAIN_IDENTIFIER);
        Map<String, String> users = ref.users();
        AssignmentRows assignments = new AssignmentRows(em(session), realm.getId(), "userId", users.values(),
                ref.domains());
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            String username = lower(row.get(USERNAME));
            String userId = users.get(username);
            plans.add(userId == null ? RowPlan.absent(row, "user " + username + " does not exist")
                    : assignments.plan(row, new AssignmentRows.Holder(userId, false, null, TARGET, username)));
        }
        return plans;
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
            case Revocation r -> AssignmentRows.canRevokeAll(policy, caller, r.ids());
            default -> throw new IllegalArgumentException("nothing to authorize for " + plan.kind());
        };
    }

    /** An unchanged row: as if it wrote (a DELETE of a role not held: could the caller have granted it?). */
    @Override
    public Decision authorizeUnchanged(AccessPolicy policy, Caller caller, RowPlan plan) {
        return switch (plan.payload()) {
            case Grant g -> {
                Decision seen = policy.canViewUser(caller, g.holder().id());
                yield seen.allowed() ? policy.canGrant(caller, g.roleId(), g.domainId(), g.subjectId()) : seen;
            }
            case Period p -> policy.canRevoke(caller, p.id());
            default -> Decision.allow();
        };
    }

    @Override
    String write(Directory directory, Caller caller, RowPlan plan) {
        return AssignmentRows.write(directory, caller, plan);
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
