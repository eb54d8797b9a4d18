package org.kcedu.authz;

import org.kcedu.core.Caller;

/**
 * Every authorization decision of kc-edu's directory, asked with the caller and the TARGET of the action, so that a
 * scoped policy (delegated administration, issue 5) can answer from the target's position in the hierarchy.
 * Implementations may query the directory (e.g. through the directory aggregates) but must not write.
 * Resources never call a policy directly: they go through {@link Authorization}, which audits denials.
 */
public interface AccessPolicy {

    /** Read domain types, subjects, roles, and the (scoped) lists of domains, users, assignments and groups. */
    Decision canReadDirectory(Caller caller);

    /** Read one domain (and its ancestors, children, descendants, assignments). */
    Decision canViewDomain(Caller caller, String domainId);

    /** Create a domain under {@code parentDomainId} (null = realm root), or update/move/delete domain {@code parentDomainId}'s child. */
    Decision canManageDomain(Caller caller, String parentDomainId);

    /** Update, deactivate or delete domain {@code domainId} itself. */
    Decision canEditDomain(Caller caller, String domainId);

    /** Create, update and delete domain types and subjects (realm-wide vocabulary). */
    Decision canManageVocabulary(Caller caller);

    /**
     * Read and change the realm's self-service configuration: self-registration rules and settings, login and e-mail
     * branding (requirements §7.1, §4.3). Realm-wide like the vocabulary: realm administrators only.
     */
    Decision canConfigureSelfService(Caller caller);

    /** Create, update and delete roles. */
    Decision canManageRoles(Caller caller);

    /** See user {@code userId} (profile, assignments, groups). */
    Decision canViewUser(Caller caller, String userId);

    /** See group {@code groupId} (its members and assignments). */
    Decision canViewGroup(Caller caller, String groupId);

    /**
     * See assignment {@code assignmentId}: its holder must be visible (a user: {@link #canViewUser}; a group:
     * {@link #canViewGroup}) and the assignment itself in scope (domain, role and subject), whether current or not.
     */
    Decision canViewAssignment(Caller caller, String assignmentId);

    /** Create a user (the request's assignments are checked separately with {@link #canGrant}). */
    Decision canCreateUser(Caller caller);

    /** Create a user with no role assignment (bulk users file): realm administrators only, nobody else could see them. */
    Decision canCreateUnassignedUser(Caller caller);

    /** Change the first and last name of user {@code userId}. */
    Decision canUpdateUserNames(Caller caller, String userId);

    /** Disable or delete user {@code userId} (delegated admins: only users whose every role is in scope). */
    Decision canManageUser(Caller caller, String userId);

    /** Change the e-mail address of user {@code userId} (requirements §5.2.2.1). */
    Decision canChangeEmail(Caller caller, String userId);

    /** Grant role {@code roleId} at {@code domainId}, optionally for {@code subjectId}. */
    Decision canGrant(Caller caller, String roleId, String domainId, String subjectId);

    /** Revoke or change assignment {@code assignmentId}: its holder must be visible first, then it is a grant. */
    Decision canRevoke(Caller caller, String assignmentId);

    /** Create, update, delete or change members of a group owned by {@code domainId}. */
    Decision canManageGroup(Caller caller, String domainId);

    /** The part of the directory list/search queries may return for this caller. */
    Scope scope(Caller caller);
}
