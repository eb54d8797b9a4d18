package org.kcedu.authz;

import org.kcedu.core.Caller;

/**
 * Interim policy until delegated administration (issue 5): realm role {@value #ADMIN} may do everything,
 * {@value #VIEWER} may read everything, everybody else nothing.
 */
public class RealmRoleAccessPolicy implements AccessPolicy {

    public static final String ADMIN = "kc-edu-admin";
    public static final String VIEWER = "kc-edu-viewer";

    private static final Decision NOT_ADMIN = Decision.deny("not_admin", "Requires realm role " + ADMIN);
    private static final Decision NO_ROLE = Decision.deny("no_directory_role",
            "Requires realm role " + VIEWER + " or " + ADMIN);

    private Decision write(Caller caller) {
        return caller.hasRealmRole(ADMIN) ? Decision.allow() : NOT_ADMIN;
    }

    private Decision read(Caller caller) {
        return caller.hasRealmRole(ADMIN) || caller.hasRealmRole(VIEWER) ? Decision.allow() : NO_ROLE;
    }

    @Override public Decision canReadDirectory(Caller caller) { return read(caller); }
    @Override public Decision canViewDomain(Caller caller, String domainId) { return read(caller); }
    @Override public Decision canManageDomain(Caller caller, String parentDomainId) { return write(caller); }
    @Override public Decision canEditDomain(Caller caller, String domainId) { return write(caller); }
    @Override public Decision canManageVocabulary(Caller caller) { return write(caller); }
    @Override public Decision canManageRoles(Caller caller) { return write(caller); }
    @Override public Decision canConfigureSelfService(Caller caller) { return write(caller); }
    @Override public Decision canViewUser(Caller caller, String userId) { return read(caller); }
    @Override public Decision canViewGroup(Caller caller, String groupId) { return read(caller); }
    @Override public Decision canViewAssignment(Caller caller, String assignmentId) { return read(caller); }
    @Override public Decision canCreateUser(Caller caller) { return write(caller); }
    @Override public Decision canCreateUnassignedUser(Caller caller) { return write(caller); }
    @Override public Decision canUpdateUserNames(Caller caller, String userId) { return write(caller); }
    @Override public Decision canManageUser(Caller caller, String userId) { return write(caller); }
    @Override public Decision canChangeEmail(Caller caller, String userId) { return write(caller); }
    @Override public Decision canGrant(Caller caller, String roleId, String domainId, String subjectId) { return write(caller); }
    @Override public Decision canRevoke(Caller caller, String assignmentId) { return write(caller); }
    @Override public Decision canManageGroup(Caller caller, String domainId) { return write(caller); }

    @Override
    public Scope scope(Caller caller) {
        return read(caller).allowed() ? Scope.unrestrictedScope() : Scope.none();
    }
}
