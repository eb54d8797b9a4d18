package org.kcedu.authz;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.kcedu.core.Caller;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Delegated administration (requirements §5, §6): an administrative role assignment at domain D (optionally limited to
 * a subject, or to a set of grantable roles) makes its holder an admin of D's subtree; several assignments add up.
 * Realm role {@value RealmRoleAccessPolicy#ADMIN} is unrestricted, {@value RealmRoleAccessPolicy#VIEWER} reads
 * everything. Every entry point (REST, admin UI, bulk) asks this one policy through {@link Authorization}.
 */
public class ScopedAccessPolicy implements AccessPolicy {

    private final KeycloakSession session;
    private final ScopeQueries queries;
    private String grantsFor;
    private List<AdminGrant> grants;

    public ScopedAccessPolicy(KeycloakSession session) {
        this.session = session;
        this.queries = new ScopeQueries(session);
    }

    private static boolean realmAdmin(Caller c) {
        return c.hasRealmRole(RealmRoleAccessPolicy.ADMIN);
    }

    private static boolean readsAll(Caller c) {
        return realmAdmin(c) || c.hasRealmRole(RealmRoleAccessPolicy.VIEWER);
    }

    /** The caller's admin grants, loaded once per request. */
    List<AdminGrant> grants(Caller c) {
        if (!c.userId().equals(grantsFor)) {
            grants = queries.adminGrants(c.userId());
            grantsFor = c.userId();
        }
        return grants;
    }

    private boolean anyGrant(Caller c, Predicate<AdminGrant> p) {
        return grants(c).stream().anyMatch(p);
    }

    /**
     * A user as messages name them (§ issue 15: never by internal id alone): e-mail, else username. Only called on
     * refusals, whose messages reach the caller only where they may see the user (invisible = absent answers drop them).
     */
    private String userLabel(String userId) {
        UserModel u = userId == null ? null : session.users().getUserById(session.getContext().getRealm(), userId);
        return u == null ? userId : u.getEmail() != null ? u.getEmail() : u.getUsername();
    }

    private static Decision when(boolean allowed, String reason, String message) {
        return allowed ? Decision.allow() : Decision.deny(reason, message);
    }

    @Override
    public Decision canReadDirectory(Caller c) {
        return when(readsAll(c) || !grants(c).isEmpty(), "not_an_admin",
                "Requires an administrative role assignment or realm role " + RealmRoleAccessPolicy.VIEWER);
    }

    @Override
    public Decision canViewDomain(Caller c, String domainId) {
        if (readsAll(c) || anyGrant(c, g -> queries.within(domainId, g.domainId(), 0))) {
            return Decision.allow();
        }
        return Decision.deny("domain_out_of_scope", "Domain " + queries.domainLabel(domainId)
                + " is outside your administrative scope");
    }

    @Override
    public Decision canManageDomain(Caller c, String parentDomainId) {
        if (realmAdmin(c)) {
            return Decision.allow();
        }
        if (parentDomainId == null) {
            return Decision.deny("realm_admin_only", "Only realm administrators create top-level domains");
        }
        return when(anyGrant(c, g -> g.full() && queries.within(parentDomainId, g.domainId(), 0)),
                "domain_out_of_scope", "You may only create or move domains into your own subtree");
    }

    @Override
    public Decision canEditDomain(Caller c, String domainId) {
        // Strictly below: an admin cannot rename, move, deactivate or delete the domain their own power comes from.
        return when(realmAdmin(c) || anyGrant(c, g -> g.full() && queries.within(domainId, g.domainId(), 1)),
                "domain_out_of_scope", "You may only change domains below your own administrative domain");
    }

    @Override
    public Decision canManageVocabulary(Caller c) {
        return when(realmAdmin(c), "realm_admin_only", "Only realm administrators manage domain types and subjects");
    }

    @Override
    public Decision canConfigureSelfService(Caller c) {
        return when(realmAdmin(c), "realm_admin_only", "Only realm administrators configure self-registration and branding");
    }

    @Override
    public Decision canManageRoles(Caller c) {
        return when(realmAdmin(c), "realm_admin_only", "Only realm administrators define roles");
    }

    @Override
    public Decision canViewUser(Caller c, String userId) {
        if (readsAll(c)) {
            return Decision.allow();
        }
        Scope scope = scope(c);
        boolean visible = !scope.isEmpty() && (queries.countHeld(userId, scope, true) > 0
                || queries.memberOfGroupWithin(userId, fullRoots(c)));
        return visible ? Decision.allow() : Decision.deny("user_out_of_scope", "User " + userLabel(userId)
                + " holds no role in your administrative scope");
    }

    @Override
    public Decision canViewGroup(Caller c, String groupId) {
        if (readsAll(c)) {
            return Decision.allow();
        }
        String domainId = queries.groupDomain(groupId);
        return when(domainId != null && canViewDomain(c, domainId).allowed(), "group_out_of_scope",
                "Group " + groupId + " is outside your administrative scope");
    }

    @Override
    public Decision canViewAssignment(Caller c, String assignmentId) {
        if (readsAll(c)) {
            return Decision.allow();
        }
        String[] holder = queries.holder(assignmentId);
        boolean visible = holder != null && queries.assignmentInScope(assignmentId, scope(c))
                && (holder[0] != null ? canViewUser(c, holder[0]) : canViewGroup(c, holder[1])).allowed();
        return when(visible, "assignment_out_of_scope", "Assignment " + assignmentId + " is outside your administrative scope");
    }

    private Set<String> fullRoots(Caller c) {
        return grants(c).stream().filter(AdminGrant::full).map(AdminGrant::domainId).collect(Collectors.toSet());
    }

    @Override
    public Decision canCreateUser(Caller c) {
        return when(realmAdmin(c) || !grants(c).isEmpty(), "not_an_admin", "Requires an administrative role assignment");
    }

    @Override
    public Decision canCreateUnassignedUser(Caller c) {
        return when(realmAdmin(c), "realm_admin_only",
                "Only realm administrators create users without a role assignment; include an assignment in your scope");
    }

    @Override
    public Decision canUpdateUserNames(Caller c, String userId) {
        if (realmAdmin(c)) {
            return Decision.allow();
        }
        if (grants(c).isEmpty()) {
            return Decision.deny("not_an_admin", "Requires an administrative role assignment");
        }
        return canViewUser(c, userId);
    }

    @Override
    public Decision canManageUser(Caller c, String userId) {
        return fullyInScope(c, userId, "disable or delete");
    }

    @Override
    public Decision canChangeEmail(Caller c, String userId) {
        Decision d = fullyInScope(c, userId, "change the e-mail address of");
        if (!d.allowed()) {
            return Decision.deny(d.reasonCode(), d.message() + " The user can change their own e-mail address in the"
                    + " account console (" + accountConsole(c) + "), which verifies the new address.");
        }
        return d;
    }

    /** Absolute when answering a request; relative in background work (bulk jobs) where there is no request. */
    private String accountConsole(Caller c) {
        String path = "realms/" + c.realm().getName() + "/account";
        try {
            return session.getContext().getUri().getBaseUri() + path;
        } catch (RuntimeException noRequest) {
            return "/" + path;
        }
    }

    /**
     * The anti-hijack rule (§5.2.2.1): only when EVERY role the user holds lies inside the caller's scope (and the user
     * is not a realm-level administrator) may a delegated admin take account-level actions on them. "Every role" means
     * every assignment RECORD, expired and not yet started ones included: the domain that owns an expired assignment
     * can renew it, and after a renewal the account would belong to whoever holds the mailbox the caller set. Roles and
     * subjects a role- or subject-limited admin cannot see are outside too (the scope's own rule says so).
     */
    private Decision fullyInScope(Caller c, String userId, String what) {
        if (realmAdmin(c)) {
            return Decision.allow();
        }
        if (grants(c).isEmpty()) {
            return Decision.deny("not_an_admin", "Requires an administrative role assignment");
        }
        Scope scope = scope(c);
        if (queries.countHeld(userId, scope, true) == 0) {
            return Decision.deny("user_out_of_scope", "User " + userLabel(userId) + " holds no role in your administrative scope.");
        }
        if (queries.countRecordsOutside(userId, scope) > 0) {
            return Decision.deny("roles_outside_scope", "You may not " + what + " user " + userLabel(userId)
                    + ": they hold roles outside your administrative scope.");
        }
        if (privileged(userId)) {
            return Decision.deny("privileged_user", "You may not " + what + " user " + userLabel(userId)
                    + ": they are a realm-level administrator.");
        }
        return Decision.allow();
    }

    private boolean privileged(String userId) {
        UserModel u = session.users().getUserById(session.getContext().getRealm(), userId);
        if (u == null) {
            return false;
        }
        var admin = session.getContext().getRealm().getRole(RealmRoleAccessPolicy.ADMIN);
        if (admin != null && u.hasRole(admin)) {
            return true;
        }
        ClientModel realmManagement = session.getContext().getRealm().getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        return realmManagement != null && u.getClientRoleMappingsStream(realmManagement).findAny().isPresent();
    }

    @Override
    public Decision canGrant(Caller c, String roleId, String domainId, String subjectId) {
        if (realmAdmin(c)) {
            return Decision.allow();
        }
        boolean administrative = queries.isAdministrativeRole(roleId);
        Set<String> newAdminGrantable = administrative ? queries.grantableRoles(roleId) : Set.of();
        boolean allowed = anyGrant(c, g -> g.mayGrantRole(roleId) && g.coversSubject(subjectId)
                && queries.within(domainId, g.domainId(), 0)
                && (!administrative || noWiderThan(g, newAdminGrantable, subjectId)));
        if (allowed) {
            return Decision.allow();
        }
        return Decision.deny("grant_out_of_scope", "You may not grant this role at " + queries.domainLabel(domainId)
                + (subjectId == null ? "" : " for this subject")
                + ": it is outside your administrative scope, or a role you are not allowed to grant.");
    }

    /** No escalation: an admin role handed out may not be less limited than the granting admin's own. */
    private static boolean noWiderThan(AdminGrant own, Set<String> newGrantable, String newSubject) {
        boolean rolesOk = own.grantableRoleIds().isEmpty()
                || (!newGrantable.isEmpty() && own.grantableRoleIds().containsAll(newGrantable));
        boolean subjectOk = own.subjectId() == null || own.subjectId().equals(newSubject);
        return rolesOk && subjectOk;
    }

    @Override
    public Decision canRevoke(Caller c, String assignmentId) {
        if (realmAdmin(c)) {
            return Decision.allow();
        }
        Object[] a = queries.assignment(assignmentId);
        if (a == null) {
            return Decision.deny("grant_out_of_scope", "Assignment " + assignmentId + " is outside your administrative scope");
        }
        // the target user as a whole first: changing or renewing an assignment needs to see its holder
        String[] holder = queries.holder(assignmentId);
        Decision holderVisible = holder[0] != null ? canViewUser(c, holder[0]) : canViewGroup(c, holder[1]);
        if (!holderVisible.allowed()) {
            return holderVisible;
        }
        return canGrant(c, (String) a[0], (String) a[1], (String) a[2]);
    }

    @Override
    public Decision canManageGroup(Caller c, String domainId) {
        return when(realmAdmin(c) || (domainId != null && anyGrant(c, g -> g.full() && queries.within(domainId, g.domainId(), 0))),
                "group_out_of_scope", "The group's domain is outside your administrative scope");
    }

    @Override
    public Scope scope(Caller c) {
        if (readsAll(c)) {
            return Scope.unrestrictedScope();
        }
        return Scope.of(grants(c).stream().map(AdminGrant::root).toList());
    }
}
