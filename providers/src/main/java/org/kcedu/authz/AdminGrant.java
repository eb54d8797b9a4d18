package org.kcedu.authz;

import java.util.Set;

/**
 * One administrative role assignment of a caller: it makes the caller an admin of {@code domainId}'s subtree,
 * limited to {@code subjectId} when set (§6.2) and to {@code grantableRoleIds} when not empty (§6.1).
 */
public record AdminGrant(String roleId, String domainId, String subjectId, Set<String> grantableRoleIds) {

    public AdminGrant {
        grantableRoleIds = Set.copyOf(grantableRoleIds);
    }

    /** A full admin of its subtree: neither subject- nor role-limited. Only full admins manage domains and groups. */
    public boolean full() {
        return subjectId == null && grantableRoleIds.isEmpty();
    }

    public boolean mayGrantRole(String roleId) {
        return grantableRoleIds.isEmpty() || grantableRoleIds.contains(roleId);
    }

    public boolean coversSubject(String subject) {
        return subjectId == null || subjectId.equals(subject);
    }

    public Scope.Root root() {
        return new Scope.Root(domainId, subjectId, grantableRoleIds);
    }
}
