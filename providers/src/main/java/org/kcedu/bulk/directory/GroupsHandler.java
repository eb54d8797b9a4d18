package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.change;
import static org.kcedu.bulk.BulkCells.emptyToNull;
import static org.kcedu.bulk.BulkCells.keyAndNewKey;
import static org.kcedu.bulk.BulkCells.missing;
import static org.kcedu.bulk.BulkCells.str;
import static org.kcedu.bulk.BulkCells.tooLong;
import static org.kcedu.bulk.BulkCells.upper;
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
import org.kcedu.directory.Directory;
import org.kcedu.directory.DomainKey;
import org.kcedu.directory.model.GroupRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Bulk file kind {@code groups}: kc-edu user groups themselves. Key: the owning domain ({@code domain_type} +
 * {@code domain_identifier}) and the group's {@code name} there; {@code description} (empty = none) and
 * {@code new_name} (rename, import only) are the attributes. A group never moves to another domain (create one there).
 * <p>
 * Authorization is the REST rule of {@code /groups}: the group must be visible to the caller (update, delete) and the
 * caller must manage groups at its owning domain ({@code canManageGroup}). DELETE refuses a group that still has
 * members or role assignments: bulk files never cascade (the REST {@code DELETE /groups/{id}} removes them with it).
 */
public class GroupsHandler extends DirectoryHandler {

    public static final String KIND = "groups";
    static final String DOMAIN_TYPE = "domain_type";
    static final String DOMAIN_IDENTIFIER = "domain_identifier";
    static final String NAME = "name";
    static final String NEW_NAME = "new_name";
    static final String DESCRIPTION = "description";
    private static final String TARGET = "group";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(DOMAIN_TYPE), required(DOMAIN_IDENTIFIER),
            required(NAME), importOnly(NEW_NAME), optional(DESCRIPTION));

    /** A group as planning needs it. */
    record Current(String id, String domainId, String name, String description) {
    }

    /** What a row writes: for a create the owning domain, name and description; for others the group's id too. */
    record Target(String groupId, String domainId, String name, String description, boolean setDescription,
                  String notEmpty) {
        Target(String groupId, String domainId, String name, String description, boolean setDescription) {
            this(groupId, domainId, name, description, setDescription, null);
        }
    }

    public GroupsHandler() {
        super(KIND, SCHEMA);
    }

    private static String domainKey(CsvRow row) {
        return DomainKey.format(upper(row.get(DOMAIN_TYPE)), row.get(DOMAIN_IDENTIFIER));
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        String domain = domainKey(row);
        String name = row.nonEmpty(NAME);
        String newName = row.nonEmpty(NEW_NAME);
        return keyAndNewKey("group", name == null ? null : domain + "|" + name,
                newName == null ? null : domain + "|" + newName);
    }

    @Override
    public String validate(CsvRow row) {
        String missing = missing(row, SCHEMA.required());
        if (missing != null) {
            return missing;
        }
        if (row.action() == CsvRow.Action.DELETE) {
            for (String col : List.of(NEW_NAME, DESCRIPTION)) {
                if (row.nonEmpty(col) != null) {
                    return col + " cannot be applied to a DELETE row; leave it empty";
                }
            }
        }
        String longer = tooLong(row, DOMAIN_TYPE, DOMAIN_IDENTIFIER, NAME, NEW_NAME);
        if (longer != null) {
            return longer;
        }
        String d = row.get(DESCRIPTION);
        return d != null && d.length() > 4000 ? DESCRIPTION + " is longer than 4000 characters" : null;
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        EntityManager em = em(session);
        Set<String> identifiers = new HashSet<>();
        rows.forEach(r -> identifiers.add(r.get(DOMAIN_IDENTIFIER)));
        Map<String, DomainRow> domains = domainsByKey(em, realm.getId(), identifiers,
                typeCodesById(typesByCode(session, realm).values()));
        Set<String> domainIds = new HashSet<>();
        domains.values().forEach(d -> domainIds.add(d.id()));
        Map<String, List<Current>> groups = new HashMap<>(); // domainId|name -> groups
        List<String> groupIds = new ArrayList<>();
        if (!domainIds.isEmpty()) {
            for (Object[] r : em.createQuery("select g.id, g.domainId, g.name, g.description from EduGroupEntity g"
                            + " where g.realmId = :realm and g.domainId in :domains", Object[].class)
                    .setParameter("realm", realm.getId()).setParameter("domains", domainIds).getResultList()) {
                Current c = new Current((String) r[0], (String) r[1], (String) r[2], (String) r[3]);
                groups.computeIfAbsent(c.domainId() + "|" + c.name(), k -> new ArrayList<>()).add(c);
                groupIds.add(c.id());
            }
        }
        boolean deletes = rows.stream().anyMatch(r -> r.action() == CsvRow.Action.DELETE);
        Map<String, Long> members = deletes ? countBy(em, "select m.groupId, count(m) from EduGroupMemberEntity m"
                + " where m.groupId in :ids group by m.groupId", groupIds) : Map.of();
        Map<String, Long> assignments = deletes ? countBy(em, "select a.groupId, count(a) from"
                + " EduRoleAssignmentEntity a where a.groupId in :ids group by a.groupId", groupIds) : Map.of();
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            plans.add(planRow(row, domains, groups, members, assignments));
        }
        return plans;
    }

    private static RowPlan planRow(CsvRow row, Map<String, DomainRow> domains, Map<String, List<Current>> groups,
                                   Map<String, Long> members, Map<String, Long> assignments) {
        String domainKey = domainKey(row);
        DomainRow domain = domains.get(domainKey);
        if (domain == null) {
            return RowPlan.absent(row, "domain " + domainKey + " does not exist");
        }
        String name = row.nonEmpty(NAME);
        String newName = row.nonEmpty(NEW_NAME);
        List<Current> named = groups.getOrDefault(domain.id() + "|" + name, List.of());
        if (named.isEmpty() && newName != null) {
            named = groups.getOrDefault(domain.id() + "|" + newName, List.of()); // renamed by an earlier run
        }
        if (named.size() > 1) {
            return RowPlan.reject(row, named.size() + " groups are named " + named.get(0).name() + " at " + domainKey
                    + "; rename them through the REST API");
        }
        Current current = named.isEmpty() ? null : named.get(0);
        if (row.action() == CsvRow.Action.DELETE) {
            if (current == null) {
                return RowPlan.unchangedAbsent(row, TARGET);
            }
            long m = members.getOrDefault(current.id(), 0L);
            long a = assignments.getOrDefault(current.id(), 0L);
            // decided by authorize, after visibility: a hidden group's contents are no one's business
            String notEmpty = m > 0 || a > 0 ? "group " + current.name() + " at " + domainKey + " has " + m
                    + " members and " + a + " role assignments; bulk files never cascade: remove them first"
                    + " (group-memberships DELETE rows; role assignments through the REST API, or DELETE /groups/{id}"
                    + " which removes both)" : null;
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "GROUP_DELETE", TARGET, current.id(), current.name(),
                    Map.of(NAME, new AuditEvent.Change(current.name(), null)), false,
                    new Target(current.id(), domain.id(), current.name(), null, false, notEmpty));
        }
        boolean setDescription = row.has(DESCRIPTION);
        String description = emptyToNull(row.get(DESCRIPTION));
        if (current == null) {
            if (newName != null && !newName.equals(name)) {
                return RowPlan.absent(row, "group " + name + " does not exist at " + domainKey + " (nor " + newName
                        + "), so it cannot be renamed");
            }
            Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
            change(changes, NAME, null, name);
            change(changes, DESCRIPTION, null, description);
            return new RowPlan(row, RowPlan.Kind.CREATE, null, "GROUP_CREATE", TARGET, null, name, changes, false,
                    new Target(null, domain.id(), name, description, setDescription));
        }
        String targetName = newName != null ? newName : current.name();
        if (!targetName.equals(current.name()) && groups.containsKey(domain.id() + "|" + targetName)) {
            return RowPlan.reject(row, "new_name " + targetName + " is already taken at " + domainKey);
        }
        Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
        change(changes, NAME, current.name(), targetName);
        if (setDescription) {
            change(changes, DESCRIPTION, current.description(), description);
        }
        if (changes.isEmpty()) {
            return RowPlan.unchanged(row, TARGET, current.id());
        }
        return new RowPlan(row, RowPlan.Kind.UPDATE, null, "GROUP_UPDATE", TARGET, current.id(), current.name(),
                changes, false, new Target(current.id(), domain.id(), targetName,
                        setDescription ? description : current.description(), setDescription));
    }

    /**
     * The REST rule: a visible group (update, delete; invisible answers like absent) and {@code canManageGroup} on its
     * owning domain; creating needs {@code canManageGroup} on the domain named by the row.
     */
    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        Target t = (Target) plan.payload();
        if (t.groupId() != null) {
            Decision view = policy.canViewGroup(caller, t.groupId());
            if (!view.allowed()) {
                return Decision.hidden();
            }
        }
        Decision manage = policy.canManageGroup(caller, t.domainId());
        if (manage.allowed() && t.notEmpty() != null) {
            return Decision.deny("group_not_empty", t.notEmpty());
        }
        return manage;
    }

    /** An unchanged row is about a group too: only a caller who could change it learns that it is unchanged. */
    @Override
    public Decision authorizeUnchanged(AccessPolicy policy, Caller caller, RowPlan plan) {
        if (plan.targetId() == null) {
            return Decision.allow();
        }
        Decision view = policy.canViewGroup(caller, plan.targetId());
        return view.allowed() ? Decision.allow() : Decision.hidden();
    }

    @Override
    String write(Directory directory, Caller caller, RowPlan plan) {
        Target t = (Target) plan.payload();
        switch (plan.kind()) {
            case CREATE -> {
                GroupRep rep = new GroupRep();
                rep.domainId = t.domainId();
                rep.name = t.name();
                rep.description = t.description();
                return directory.groups().create(caller, rep).id;
            }
            case UPDATE -> {
                GroupRep rep = new GroupRep();
                rep.name = t.name();
                // the directory's update treats null as "keep" and blank as "clear"
                rep.description = t.setDescription() ? Objects.requireNonNullElse(t.description(), "") : null;
                directory.groups().update(caller, t.groupId(), rep);
                return t.groupId();
            }
            case DELETE -> {
                directory.groups().delete(caller, t.groupId());
                return t.groupId();
            }
            default -> throw new IllegalStateException("nothing to write for " + plan.kind());
        }
    }

    @Override
    void exportRows(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        exportKeyset(factory, out, (em, after) -> {
            TypedQuery<Object[]> q = em.createQuery("select g.id, t.code, d.identifier, g.name, g.description"
                            + " from EduGroupEntity g join EduDomainEntity d on d.id = g.domainId"
                            + " join EduDomainTypeEntity t on t.id = d.typeId where g.realmId = :realm and g.id > :after"
                            + (scope.unrestricted() ? "" : " and " + inScope("g.domainId"))
                            + " order by g.id", Object[].class)
                    .setParameter("realm", realmId).setParameter("after", after).setMaxResults(EXPORT_PAGE);
            if (!scope.unrestricted()) {
                q.setParameter("scopeRoots", scope.rootDomainIds());
            }
            return q.getResultList();
        }, 0, r -> List.of(str(r[1]), str(r[2]), str(r[3]), str(r[4])));
    }

    @Override
    public boolean filtersByDomain() {
        return true;
    }
}
