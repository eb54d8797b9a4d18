package org.kcedu.authz;

/**
 * What a kc-edu route can be about. Its label is the one the directory's "does not exist" answers use, so that the
 * answer for something the caller may not see is, byte for byte, the answer for an id that does not exist.
 */
public enum Target {
    USER("User", "user"),
    DOMAIN("Domain", "domain"),
    GROUP("Group", "group"),
    ASSIGNMENT("Role assignment", "assignment");

    private final String label;
    private final String auditType;

    Target(String label, String auditType) {
        this.label = label;
        this.auditType = auditType;
    }

    /** As in {@code ApiError.notFound(label, id)}: "User 123 does not exist". */
    public String label() {
        return label;
    }

    /** As in a request body's unknown reference: "Unknown user 123". */
    public String noun() {
        return label.toLowerCase(java.util.Locale.ROOT);
    }

    public String auditType() {
        return auditType;
    }
}
