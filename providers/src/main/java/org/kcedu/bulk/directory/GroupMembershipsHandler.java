package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.lower;
import static org.kcedu.bulk.BulkCells.missing;
import static org.kcedu.bulk.BulkCells.str;
import static org.kcedu.bulk.BulkCells.tooLong;
import static org.kcedu.bulk.BulkCells.upper;
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
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.Caller;
import org.kcedu.directory.Directory;
import org.kcedu.directory.DomainKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Bulk file kind {@code group-memberships}: members of kc-edu user groups. Key: the group (its owning domain
 * {@code group_domain_type} + {@code group_domain_identifier}, and its {@code group} name there) and the
 * {@code username}. An upsert row adds the user to the group, a DELETE row removes them; there are no other
 * attributes. Groups themselves are created through the REST API ({@code POST /groups}).
 */
public class GroupMembershipsHandler extends DirectoryHandler {

    public static final String KIND = "group-memberships";
    static final String GROUP = "group";
    static final String GROUP_DOMAIN_TYPE = "group_domain_type";
    static final String GROUP_DOMAIN_IDENTIFIER = "group_domain_identifier";
    static final String USERNAME = "username";
    private static final String TARGET = "group";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(GROUP_DOMAIN_TYPE), required(GROUP_DOMAIN_IDENTIFIER),
            required(GROUP), required(USERNAME));

    /** Group id, its owning domain and the user: what a membership row writes. */
    record Membership(String groupId, String domainId, String userId) {
    }

    public GroupMembershipsHandler() {
        super(KIND, SCHEMA);
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        return List.of("membership:" + upper(row.get(GROUP_DOMAIN_TYPE)) + ":" + row.get(GROUP_DOMAIN_IDENTIFIER) + "|"
                + row.get(GROUP) + "|" + lower(row.get(USERNAME)));
    }

    @Override
    public String validate(CsvRow row) {
        String missing = missing(row, SCHEMA.required());
        if (missing != null) {
            return missing;
        }
        return tooLong(row, GROUP, GROUP_DOMAIN_TYPE, GROUP_DOMAIN_IDENTIFIER, USERNAME);
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        EntityManager em = em(session);
        Referenced ref = referenced(session, realm, rows, USERNAME, GROUP_DOMAIN_IDENTIFIER);
        Map<String, String> users = ref.users();
        Map<String, DomainRow> domains = ref.domains();
        Set<String> domainIds = new HashSet<>();
        domains.values().forEach(d -> domainIds.add(d.id()));
        Map<String, List<String>> groups = new HashMap<>(); // domainId|name -> group ids
        if (!domainIds.isEmpty()) {
            for (Object[] r : em.createQuery("select g.domainId, g.name, g.id from EduGroupEntity g"
                    + " where g.realmId = :realm and g.domainId in :domains", Object[].class)
                    .setParameter("realm", realm.getId()).setParameter("domains", domainIds).getResultList()) {
                groups.computeIfAbsent(r[0] + "|" + r[1], k -> new ArrayList<>()).add((String) r[2]);
            }
        }
        Set<String> members = new HashSet<>();
        List<String> groupIds = groups.values().stream().flatMap(List::stream).toList();
        if (!groupIds.isEmpty() && !users.isEmpty()) {
            for (Object[] r : em.createQuery("select m.groupId, m.userId from EduGroupMemberEntity m"
                            + " where m.groupId in :groups and m.userId in :users", Object[].class)
                    .setParameter("groups", groupIds).setParameter("users", users.values()).getResultList()) {
                members.add(r[0] + "|" + r[1]);
            }
        }
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            plans.add(planRow(row, users, domains, groups, members));
        }
        return plans;
    }

    private static RowPlan planRow(CsvRow row, Map<String, String> users, Map<String, DomainRow> domains,
                                   Map<String, List<String>> groups, Set<String> members) {
        String domainKey = DomainKey.format(upper(row.get(GROUP_DOMAIN_TYPE)), row.get(GROUP_DOMAIN_IDENTIFIER));
        DomainRow domain = domains.get(domainKey);
        if (domain == null) {
            return RowPlan.absent(row, "domain " + domainKey + " does not exist");
        }
        List<String> ids = groups.getOrDefault(domain.id() + "|" + row.get(GROUP), List.of());
        if (ids.isEmpty()) {
            return RowPlan.absent(row, "group " + row.get(GROUP) + " does not exist at " + domainKey);
        }
        if (ids.size() > 1) {
            return RowPlan.reject(row, ids.size() + " groups are named " + row.get(GROUP) + " at " + domainKey
                    + "; rename them through the REST API");
        }
        String username = lower(row.get(USERNAME));
        String userId = users.get(username);
        if (userId == null) {
            return RowPlan.absent(row, "user " + username + " does not exist");
        }
        String groupId = ids.get(0);
        boolean member = members.contains(groupId + "|" + userId);
        boolean delete = row.action() == CsvRow.Action.DELETE;
        if (member != delete) {
            return RowPlan.unchanged(row, TARGET, groupId);
        }
        return new RowPlan(row, delete ? RowPlan.Kind.DELETE : RowPlan.Kind.CREATE, null,
                delete ? "GROUP_MEMBER_REMOVE" : "GROUP_MEMBER_ADD", TARGET, groupId, row.get(GROUP),
                Map.of("member", new AuditEvent.Change(delete ? userId : null, delete ? null : userId)), false,
                new Membership(groupId, domain.id(), userId));
    }

    /** The REST rule: managing a group's members needs {@code canManageGroup} on the group's owning domain. */
    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        return policy.canManageGroup(caller, ((Membership) plan.payload()).domainId());
    }

    @Override
    String write(Directory directory, Caller caller, RowPlan plan) {
        Membership m = (Membership) plan.payload();
        if (plan.kind() == RowPlan.Kind.DELETE) {
            directory.groups().removeMember(caller, m.groupId(), m.userId());
        } else {
            directory.groups().addMember(caller, m.groupId(), m.userId());
        }
        return m.groupId();
    }


    @Override
    void exportRows(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        exportKeyset(factory, out, (em, after) -> {
            String[] key = after.isEmpty() ? new String[] {"", ""} : after.split("\\|", 2);
            TypedQuery<Object[]> q = em.createQuery("select concat(m.groupId, '|', m.userId), t.code, d.identifier,"
                            + " g.name, u.username from EduGroupMemberEntity m join EduGroupEntity g on g.id = m.groupId"
                            + " join EduDomainEntity d on d.id = g.domainId join EduDomainTypeEntity t on t.id = d.typeId"
                            + " join UserEntity u on u.id = m.userId where g.realmId = :realm"
                            + " and (m.groupId > :g or (m.groupId = :g and m.userId > :u))"
                            + (scope.unrestricted() ? "" : " and " + inScope("g.domainId"))
                            + " order by m.groupId, m.userId", Object[].class)
                    .setParameter("realm", realmId).setParameter("g", key[0]).setParameter("u", key[1])
                    .setMaxResults(EXPORT_PAGE);
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
