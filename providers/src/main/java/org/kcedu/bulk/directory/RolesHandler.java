package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.badBoolean;
import static org.kcedu.bulk.BulkCells.change;
import static org.kcedu.bulk.BulkCells.cleared;
import static org.kcedu.bulk.BulkCells.emptyToNull;
import static org.kcedu.bulk.BulkCells.firstProblem;
import static org.kcedu.bulk.BulkCells.joinSorted;
import static org.kcedu.bulk.BulkCells.keyAndNewKey;
import static org.kcedu.bulk.BulkCells.list;
import static org.kcedu.bulk.BulkCells.parseBoolean;
import static org.kcedu.bulk.BulkCells.str;
import static org.kcedu.bulk.BulkCells.tooLong;
import static org.kcedu.bulk.csv.HeaderSchema.Column.importOnly;
import static org.kcedu.bulk.csv.HeaderSchema.Column.optional;
import static org.kcedu.bulk.csv.HeaderSchema.Column.required;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.EntityManager;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Decision;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.RowPlan;
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.Caller;
import org.kcedu.directory.AppRole;
import org.kcedu.directory.Directory;
import org.kcedu.directory.model.DomainTypeRep;
import org.kcedu.directory.model.RoleRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Bulk file kind {@code roles} (realm administrators only, like the REST API). Key: {@code name}. Columns:
 * {@code new_name}, {@code description}, {@code domain_types} (type codes where the role may be assigned, {@code |}
 * separated, never empty), {@code subjects} (subject codes an assignment of the role may carry, {@code |} separated;
 * empty = the role takes no subject), {@code subject_required} (true/false: every assignment names one of them;
 * false when the role has no subjects), {@code administrative} (true/false), {@code grantable_roles}
 * (role names an administrative role may grant, {@code |} separated; empty = all), {@code app_roles}
 * ({@code realm:NAME} or {@code client:CLIENT:NAME}, {@code |} separated). A grantable role must exist or be created
 * by an earlier row of the file. Roles with assignments cannot be deleted, and a row that would leave current
 * assignments of the role outside its new domain types or subjects is refused with their count (the REST route's
 * {@code endAssignments=true} ends them). {@code subject_specific} (import only, older files): true without
 * {@code subjects} gives a role without subjects every subject of the realm, required; false clears the subjects.
 */
public class RolesHandler extends DirectoryHandler {

    public static final String KIND = "roles";
    static final String NAME = "name";
    static final String NEW_NAME = "new_name";
    static final String DESCRIPTION = "description";
    static final String DOMAIN_TYPES = "domain_types";
    static final String SUBJECT_SPECIFIC = "subject_specific";
    static final String SUBJECTS = "subjects";
    static final String SUBJECT_REQUIRED = "subject_required";
    static final String ADMINISTRATIVE = "administrative";
    static final String GRANTABLE_ROLES = "grantable_roles";
    static final String APP_ROLES = "app_roles";
    private static final String TARGET = "role";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(NAME), importOnly(NEW_NAME), optional(DESCRIPTION),
            optional(DOMAIN_TYPES), optional(SUBJECTS), optional(SUBJECT_REQUIRED), importOnly(SUBJECT_SPECIFIC),
            optional(ADMINISTRATIVE), optional(GRANTABLE_ROLES), optional(APP_ROLES));

    /** A role with its lists as canonical cells. */
    record Current(String id, String name, String description, String subjects, boolean subjectRequired,
                   boolean administrative, String domainTypes, String grantableRoles, String appRoles) {

        /** The role takes a subject (its list is not empty). */
        boolean hasSubjects() {
            return !subjects.isEmpty();
        }

        /**
         * Why an assignment of this role cannot carry {@code subject} (upper-cased code, {@code null} = not limited to a
         * subject), or {@code null} when it can; {@code subjectIds} maps the realm's subject codes to their ids.
         */
        String subjectProblem(String subject, java.util.Map<String, String> subjectIds) {
            if (subject == null) {
                return subjectRequired ? "role " + name + " requires a subject (one of " + subjects.replace("|", ", ") + ")"
                        : null;
            }
            if (!subjectIds.containsKey(subject)) {
                return "subject " + subject + " does not exist";
            }
            if (!hasSubjects()) {
                return "role " + name + " takes no subject: leave subject empty";
            }
            if (!List.of(subjects.split("\\|")).contains(subject)) {
                return "role " + name + " cannot be assigned for subject " + subject + "; allowed: "
                        + subjects.replace("|", ", ");
            }
            return null;
        }
    }

    public RolesHandler() {
        super(KIND, SCHEMA);
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        return keyAndNewKey("role", row.nonEmpty(NAME), row.nonEmpty(NEW_NAME));
    }

    @Override
    public String validate(CsvRow row) {
        if (row.nonEmpty(NAME) == null) {
            return "name is required";
        }
        String p = tooLong(row, NAME, NEW_NAME);
        if (p != null || row.action() == CsvRow.Action.DELETE) {
            return p;
        }
        p = firstProblem(tooLong(row, DESCRIPTION), badBoolean(row, SUBJECT_SPECIFIC, SUBJECT_REQUIRED, ADMINISTRATIVE),
                cleared(row, NEW_NAME, DOMAIN_TYPES));
        if (p != null) {
            return p;
        }
        for (String code : list(row.get(DOMAIN_TYPES))) {
            if (!code.matches("[A-Za-z0-9_]{1,64}")) {
                return "domain_types: '" + code + "' is not a domain type code";
            }
        }
        if (row.has(SUBJECTS) && row.nonEmpty(SUBJECT_SPECIFIC) != null
                && parseBoolean(row.get(SUBJECT_SPECIFIC)) == list(row.get(SUBJECTS)).isEmpty()) {
            return "subject_specific contradicts subjects; give subjects (and subject_required) only";
        }
        for (String a : list(row.get(APP_ROLES))) {
            if (!AppRole.isValid(a)) {
                return "app_roles: use realm:ROLE or client:CLIENT_ID:ROLE, not '" + a + "'";
            }
        }
        return null;
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        return plan(session, realm, rows, new HashMap<>());
    }

    /** Roles created by earlier rows of the job stay known to later batches (grantable_roles in a dry-run). */
    @Override
    @SuppressWarnings("unchecked")
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows,
                              Map<String, Object> jobMemory) {
        Set<String> pendingNames = (Set<String>) jobMemory.computeIfAbsent("roles.pending", k -> new HashSet<String>());
        EntityManager em = em(session);
        Map<String, DomainTypeRep> types = typesByCode(session, realm);
        Map<String, Current> byName = new HashMap<>();
        for (Current c : load(em, "r.realmId = :realm", Map.of("realm", realm.getId()))) {
            byName.put(c.name(), c);
        }
        Set<String> ids = new HashSet<>();
        byName.values().forEach(c -> ids.add(c.id()));
        Map<String, Long> used = countBy(em, "select a.roleId, count(a) from EduRoleAssignmentEntity a"
                + " where a.roleId in :ids group by a.roleId", ids);
        Map<String, String> subjects = new HashMap<>();
        for (Object[] r : em.createQuery("select s.code, s.id from EduSubjectEntity s where s.realmId = :realm",
                Object[].class).setParameter("realm", realm.getId()).getResultList()) {
            subjects.put((String) r[0], (String) r[1]);
        }
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            RowPlan plan = planRow(row, byName, types, subjects, used, pendingNames);
            if (plan.kind() == RowPlan.Kind.UPDATE && used.getOrDefault(plan.targetId(), 0L) > 0
                    && (plan.changes().containsKey(DOMAIN_TYPES) || plan.changes().containsKey(SUBJECTS)
                    || plan.changes().containsKey(SUBJECT_REQUIRED))) {
                plan = refuseIfViolated(em, row, plan, byName.values(), types, subjects);
            }
            if (plan.kind() == RowPlan.Kind.CREATE) {
                pendingNames.add(row.get(NAME));
            }
            plans.add(plan);
        }
        return plans;
    }

    /**
     * §3.3.2: an update of a role in use that would leave current assignments (not expired) outside its new domain
     * types or subjects is refused with their count; the REST route's endAssignments=true is the way to end them.
     */
    private static RowPlan refuseIfViolated(EntityManager em, CsvRow row, RowPlan plan, java.util.Collection<Current> roles,
                                            Map<String, DomainTypeRep> types, Map<String, String> subjects) {
        Current current = roles.stream().filter(c -> c.id().equals(plan.targetId())).findFirst().orElseThrow();
        Map<String, AuditEvent.Change> c = plan.changes();
        List<String> typeCodes = list(c.containsKey(DOMAIN_TYPES) ? c.get(DOMAIN_TYPES).after() : current.domainTypes());
        List<String> subjectCodes = list(c.containsKey(SUBJECTS) ? str(c.get(SUBJECTS).after()) : current.subjects());
        boolean required = c.containsKey(SUBJECT_REQUIRED) ? Boolean.parseBoolean(c.get(SUBJECT_REQUIRED).after())
                : current.subjectRequired();
        List<String> typeIds = typeCodes.stream().map(t -> types.get(t).id).toList();
        List<String> subjectIds = subjectCodes.stream().map(subjects::get).toList();
        StringBuilder bad = new StringBuilder("d.typeId not in :types");
        bad.append(subjectIds.isEmpty() ? " or a.subjectId is not null"
                : " or (a.subjectId is not null and a.subjectId not in :subjects)");
        if (required) {
            bad.append(" or a.subjectId is null");
        }
        var q = em.createQuery("select count(a) from EduRoleAssignmentEntity a, EduDomainEntity d where d.id = a.domainId"
                        + " and a.roleId = :id and (a.expiresAt is null or a.expiresAt > :now) and (" + bad + ")", Long.class)
                .setParameter("id", current.id()).setParameter("now", System.currentTimeMillis())
                .setParameter("types", typeIds);
        if (!subjectIds.isEmpty()) {
            q.setParameter("subjects", subjectIds);
        }
        long n = q.getSingleResult();
        if (n == 0) {
            return plan;
        }
        return RowPlan.reject(row, "role " + current.name() + " has " + n + " current assignments outside its new"
                + " domain types or subjects; end them first (the REST API's PUT roles/{role}?endAssignments=true ends"
                + " them)");
    }

    private static RowPlan planRow(CsvRow row, Map<String, Current> byName, Map<String, DomainTypeRep> types,
                                   Map<String, String> subjects, Map<String, Long> used, Set<String> pendingNames) {
        String name = row.get(NAME);
        String newName = row.nonEmpty(NEW_NAME);
        Current current = byName.get(name);
        if (current == null && newName != null) {
            current = byName.get(newName); // renamed by an earlier run
        }
        if (row.action() == CsvRow.Action.DELETE) {
            if (current == null) {
                return RowPlan.unchanged(row, TARGET, null);
            }
            long n = used.getOrDefault(current.id(), 0L);
            if (n > 0) {
                return RowPlan.reject(row, "role " + current.name() + " has " + n + " assignments; revoke them first");
            }
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "ROLE_DELETE", TARGET, current.id(), current.name(),
                    Map.of(NAME, new AuditEvent.Change(current.name(), null)), false, null);
        }
        if (current == null && newName != null) {
            return RowPlan.reject(row, "role " + name + " does not exist (nor " + newName + "), so it cannot be renamed");
        }
        if (current != null && newName != null && !newName.equals(current.name()) && byName.containsKey(newName)) {
            return RowPlan.reject(row, "new_name " + newName + " is already taken");
        }
        Set<String> typeCodes = new TreeSet<>();
        for (String code : list(row.get(DOMAIN_TYPES))) {
            String c = code.toUpperCase(java.util.Locale.ROOT);
            if (!types.containsKey(c)) {
                return RowPlan.reject(row, "domain_types: unknown domain type " + c);
            }
            typeCodes.add(c);
        }
        if (current == null && typeCodes.isEmpty()) {
            return RowPlan.reject(row, "domain_types is required to create role " + name);
        }
        for (String g : list(row.get(GRANTABLE_ROLES))) {
            if (!byName.containsKey(g) && !pendingNames.contains(g)) {
                return RowPlan.reject(row, "grantable_roles: unknown role " + g
                        + " (a role must exist or be created by an earlier row of the file)");
            }
        }
        Set<String> subjectCodes = new TreeSet<>();
        for (String code : list(row.get(SUBJECTS))) {
            String c = code.toUpperCase(java.util.Locale.ROOT);
            if (!subjects.containsKey(c)) {
                return RowPlan.reject(row, "subjects: unknown subject " + c);
            }
            subjectCodes.add(c);
        }
        String subjectList;
        if (row.has(SUBJECTS)) {
            subjectList = joinSorted(subjectCodes);
        } else if (row.nonEmpty(SUBJECT_SPECIFIC) != null) {
            boolean specific = parseBoolean(row.get(SUBJECT_SPECIFIC));
            String had = current == null ? "" : current.subjects();
            if (specific && had.isEmpty() && subjects.isEmpty()) {
                return RowPlan.reject(row, "subject_specific: the realm has no subjects yet; import subjects first, or"
                        + " give the role's subjects");
            }
            subjectList = !specific ? "" : had.isEmpty() ? joinSorted(subjects.keySet()) : had;
        } else {
            subjectList = current == null ? "" : current.subjects();
        }
        boolean legacySpecific = !row.has(SUBJECTS) && row.nonEmpty(SUBJECT_SPECIFIC) != null
                && parseBoolean(row.get(SUBJECT_SPECIFIC)) && (current == null || current.subjects().isEmpty());
        boolean subjectRequired = row.nonEmpty(SUBJECT_REQUIRED) != null ? parseBoolean(row.get(SUBJECT_REQUIRED))
                : legacySpecific || (current != null && current.subjectRequired());
        if (subjectList.isEmpty()) {
            if (row.nonEmpty(SUBJECT_REQUIRED) != null && subjectRequired) {
                return RowPlan.reject(row, "subject_required: a role without subjects cannot require one; give subjects");
            }
            subjectRequired = false;
        }
        boolean administrative = row.has(ADMINISTRATIVE) ? parseBoolean(row.get(ADMINISTRATIVE))
                : current != null && current.administrative();
        String grantable = row.has(GRANTABLE_ROLES) ? joinSorted(list(row.get(GRANTABLE_ROLES)))
                : current == null ? "" : current.grantableRoles();
        if (!administrative && !grantable.isEmpty()) {
            return RowPlan.reject(row, "only administrative roles have grantable_roles");
        }
        Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
        Current before = current != null ? current : new Current(null, null, null, "", false, false, "", "", "");
        change(changes, NAME, before.name(), current == null ? name : newName != null ? newName : current.name());
        if (row.has(DESCRIPTION)) {
            change(changes, DESCRIPTION, before.description(), emptyToNull(row.get(DESCRIPTION)));
        }
        if (row.has(DOMAIN_TYPES)) {
            change(changes, DOMAIN_TYPES, before.domainTypes(), joinSorted(typeCodes));
        }
        change(changes, SUBJECTS, before.subjects(), subjectList);
        change(changes, SUBJECT_REQUIRED, String.valueOf(before.subjectRequired()), String.valueOf(subjectRequired));
        if (row.has(ADMINISTRATIVE)) {
            change(changes, ADMINISTRATIVE, String.valueOf(before.administrative()), String.valueOf(administrative));
        }
        if (row.has(GRANTABLE_ROLES)) {
            change(changes, GRANTABLE_ROLES, before.grantableRoles(), grantable);
        }
        if (row.has(APP_ROLES)) {
            change(changes, APP_ROLES, before.appRoles(), joinSorted(list(row.get(APP_ROLES))));
        }
        if (current == null) {
            return new RowPlan(row, RowPlan.Kind.CREATE, null, "ROLE_CREATE", TARGET, null, name, changes, false, null);
        }
        if (changes.isEmpty()) {
            return RowPlan.unchanged(row, TARGET, current.id());
        }
        return new RowPlan(row, RowPlan.Kind.UPDATE, null, "ROLE_UPDATE", TARGET, current.id(), current.name(),
                changes, false, null);
    }

    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        return policy.canManageRoles(caller);
    }

    @Override
    String write(Directory directory, Caller caller, RowPlan plan) {
        if (plan.kind() == RowPlan.Kind.DELETE) {
            directory.roles().delete(caller, plan.targetId());
            return plan.targetId();
        }
        Map<String, AuditEvent.Change> c = plan.changes();
        RoleRep rep = new RoleRep();
        rep.name = c.containsKey(NAME) ? c.get(NAME).after() : null;
        rep.description = c.containsKey(DESCRIPTION) ? str(c.get(DESCRIPTION).after()) : null;
        rep.domainTypes = c.containsKey(DOMAIN_TYPES) ? list(c.get(DOMAIN_TYPES).after()) : null;
        rep.subjects = c.containsKey(SUBJECTS) ? list(c.get(SUBJECTS).after()) : null;
        rep.subjectRequired = c.containsKey(SUBJECT_REQUIRED) ? Boolean.valueOf(c.get(SUBJECT_REQUIRED).after()) : null;
        rep.administrative = c.containsKey(ADMINISTRATIVE) ? Boolean.valueOf(c.get(ADMINISTRATIVE).after()) : null;
        rep.grantableRoles = c.containsKey(GRANTABLE_ROLES) ? list(c.get(GRANTABLE_ROLES).after()) : null;
        rep.appRoles = c.containsKey(APP_ROLES) ? list(c.get(APP_ROLES).after()) : null;
        if (plan.kind() == RowPlan.Kind.CREATE) {
            return directory.roles().create(caller, rep).id;
        }
        directory.roles().update(caller, plan.targetId(), rep);
        return plan.targetId();
    }

    /** Roles matching {@code condition} (on alias {@code r}) with their lists: five queries. */
    static List<Current> load(EntityManager em, String condition, Map<String, Object> param) {
        Map<String, List<String>> types = collection(em, "select r.id, t.code from EduRoleEntity r join"
                + " r.domainTypeIds tid, EduDomainTypeEntity t where t.id = tid and " + condition, param);
        Map<String, List<String>> grantable = collection(em, "select r.id, g.name from EduRoleEntity r join"
                + " r.grantableRoleIds gid, EduRoleEntity g where g.id = gid and " + condition, param);
        Map<String, List<String>> app = collection(em, "select r.id, a from EduRoleEntity r join r.appRoles a where "
                + condition, param);
        Map<String, List<String>> subjects = collection(em, "select r.id, s.code from EduRoleEntity r join"
                + " r.subjectIds sid, EduSubjectEntity s where s.id = sid and " + condition, param);
        List<Current> out = new ArrayList<>();
        var q = em.createQuery("select r.id, r.name, r.description, r.subjectRequired, r.administrative"
                + " from EduRoleEntity r where " + condition + " order by r.name", Object[].class);
        param.forEach(q::setParameter);
        for (Object[] r : q.getResultList()) {
            String id = (String) r[0];
            out.add(new Current(id, (String) r[1], emptyToNull((String) r[2]),
                    joinSorted(subjects.getOrDefault(id, List.of())), (Boolean) r[3], (Boolean) r[4],
                    joinSorted(types.getOrDefault(id, List.of())), joinSorted(grantable.getOrDefault(id, List.of())),
                    joinSorted(app.getOrDefault(id, List.of()))));
        }
        return out;
    }

    private static Map<String, List<String>> collection(EntityManager em, String jpql, Map<String, Object> param) {
        Map<String, List<String>> out = new HashMap<>();
        var q = em.createQuery(jpql, Object[].class);
        param.forEach(q::setParameter);
        for (Object[] r : q.getResultList()) {
            out.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((String) r[1]);
        }
        return out;
    }


    @Override
    void exportRows(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        exportKeyset(factory, out, (em, after) -> {
            List<String> names = em.createQuery("select r.name from EduRoleEntity r where r.realmId = :realm"
                            + " and r.name > :after order by r.name", String.class).setParameter("realm", realmId)
                    .setParameter("after", after).setMaxResults(EXPORT_PAGE).getResultList();
            if (names.isEmpty()) {
                return List.of();
            }
            List<Object[]> rows = new ArrayList<>();
            for (Current c : load(em, "r.realmId = :realm and r.name in :names",
                    Map.of("realm", realmId, "names", names))) {
                rows.add(new Object[] {c.name(), str(c.description()), c.domainTypes(), c.subjects(),
                        String.valueOf(c.subjectRequired()), String.valueOf(c.administrative()), c.grantableRoles(),
                        c.appRoles()});
            }
            return rows;
        }, 0, r -> List.of((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7]));
    }

}
