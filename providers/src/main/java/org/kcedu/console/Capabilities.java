package org.kcedu.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.kcedu.core.Caller;
import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.BulkResource;
import org.kcedu.bulk.BulkService;
import org.kcedu.bulk.EntityHandler;
import org.kcedu.bulk.directory.AssignmentsHandler;
import org.kcedu.bulk.directory.DomainsHandler;
import org.kcedu.bulk.directory.GroupAssignmentsHandler;
import org.kcedu.bulk.directory.GroupMembershipsHandler;
import org.kcedu.bulk.directory.GroupsHandler;
import org.kcedu.bulk.directory.RolesHandler;
import org.kcedu.bulk.directory.SubjectsHandler;
import org.kcedu.bulk.users.UsersHandler;
import org.kcedu.directory.model.RoleRep;

/**
 * What the console may offer a caller, answered by asking THE access policy the same questions the routes ask, at
 * the caller's own admin roots (a delegated admin "can manage domains" when the policy lets them manage below one of
 * their roots). The console hides what is false; the server still refuses whatever it refuses.
 */
final class Capabilities {

    /**
     * The kind of the self-registration slice's handler ({@code registration.bulk.SelfRegistrationRulesHandler.KIND}),
     * by name: that slice is on this slice's floor, so it may not be imported (LayeringTest). Listed only when the
     * bulk engine has a handler of that name.
     */
    static final String SELF_REGISTRATION_KIND = "self-registration";

    /** The bulk kinds in the order the console lists them. */
    static final List<String> BULK_KINDS = List.of(UsersHandler.KIND, AssignmentsHandler.KIND, DomainsHandler.KIND,
            GroupsHandler.KIND, GroupMembershipsHandler.KIND, GroupAssignmentsHandler.KIND, SubjectsHandler.KIND,
            RolesHandler.KIND, SELF_REGISTRATION_KIND);

    private final AccessPolicy policy;
    private final Caller caller;
    private final Scope scope;

    Capabilities(AccessPolicy policy, Caller caller) {
        this.policy = policy;
        this.caller = caller;
        this.scope = policy.scope(caller);
    }

    /** Null stands for "no particular domain": the realm root, which only realm-level callers may act on. */
    private List<Scope.Root> roots() {
        return scope.unrestricted() ? java.util.Collections.singletonList(null) : List.copyOf(scope.roots());
    }

    private boolean atSomeRoot(Predicate<String> question) {
        return roots().stream().anyMatch(r -> question.test(r == null ? null : r.domainId()));
    }

    boolean manageDomains() {
        return atSomeRoot(d -> policy.canManageDomain(caller, d).allowed());
    }

    boolean manageCatalogue() {
        return policy.canManageVocabulary(caller).allowed() && policy.canManageRoles(caller).allowed();
    }

    boolean manageUsers() {
        return policy.canCreateUser(caller).allowed();
    }

    boolean manageGroups() {
        return atSomeRoot(d -> policy.canManageGroup(caller, d).allowed());
    }

    /** Some role of the catalogue may be granted somewhere in scope (for a subject-limited root: for its subject). */
    boolean grant(List<RoleRep> roles) {
        return roots().stream().anyMatch(r -> roles.stream().anyMatch(role -> policy.canGrant(caller, role.id,
                r == null ? null : r.domainId(), r == null ? null : r.subjectId()).allowed()));
    }

    boolean readAudit() {
        return policy.canReadDirectory(caller).allowed();
    }

    /** The reports routes' rule ({@code ReportsResource}: whoever may read the directory, within their scope). */
    boolean readReports() {
        return policy.canReadDirectory(caller).allowed();
    }

    /** The self-registration rules and settings routes' rule (realm-level kc-edu administrators only). */
    boolean manageSelfRegistration() {
        return policy.canConfigureSelfService(caller).allowed();
    }

    /**
     * Imports: the route admits any admin ({@code canCreateUser}); then every row asks its kind's question, so a kind
     * whose rows would all be refused is left out.
     */
    List<String> bulkImport(BulkService bulk, boolean grant, boolean manageDomains, boolean manageGroups) {
        List<String> kinds = new ArrayList<>();
        if (!manageUsers()) {
            return kinds;
        }
        Map<String, Boolean> rowAllowed = new LinkedHashMap<>();
        rowAllowed.put(UsersHandler.KIND, grant || policy.canCreateUnassignedUser(caller).allowed());
        rowAllowed.put(AssignmentsHandler.KIND, grant);
        rowAllowed.put(DomainsHandler.KIND, manageDomains);
        rowAllowed.put(GroupsHandler.KIND, manageGroups);
        rowAllowed.put(GroupMembershipsHandler.KIND, manageGroups);
        // a group's role: canGrant at the role's domain and canManageGroup at the group's
        rowAllowed.put(GroupAssignmentsHandler.KIND, grant && manageGroups);
        rowAllowed.put(SubjectsHandler.KIND, policy.canManageVocabulary(caller).allowed());
        rowAllowed.put(RolesHandler.KIND, policy.canManageRoles(caller).allowed());
        rowAllowed.put(SELF_REGISTRATION_KIND, manageSelfRegistration());
        for (String kind : BULK_KINDS) {
            if (bulk.handler(kind) != null && rowAllowed.getOrDefault(kind, false)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** Exports: exactly the export route's rule ({@link BulkResource#mayExport}). */
    List<String> bulkExport(BulkService bulk) {
        List<String> kinds = new ArrayList<>();
        for (String kind : BULK_KINDS) {
            EntityHandler h = bulk.handler(kind);
            if (h != null && BulkResource.mayExport(policy, caller, kind, h).allowed()) {
                kinds.add(kind);
            }
        }
        return kinds;
    }
}
