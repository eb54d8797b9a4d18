package org.kcedu.directory;

/** An assignment request with every reference resolved to ids (what authorization decides on). */
public record ResolvedAssignment(String userId, String groupId, String roleId, String domainId, String subjectId,
                                 Long startsAt, Long expiresAt) {

    /** The same grant for another holder (a user being created). */
    public ResolvedAssignment forUser(String newUserId) {
        return new ResolvedAssignment(newUserId, null, roleId, domainId, subjectId, startsAt, expiresAt);
    }
}
